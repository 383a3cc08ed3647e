/* generated from klib-src/logpipe/loss_text.ts by klibc - do not edit */
#include <kernel.h>
#include "loss_text.h"

/* The text of the entry that reports lost console output: "logpipe: N lines, M bytes dropped
 * (log buffer full)". Pure (runs under Node too). */

#define LOSS_TEXT_PREFIX "logpipe: "
#define LOSS_TEXT_PREFIX_LENGTH 9
#define LOSS_TEXT_LINES " lines, "
#define LOSS_TEXT_LINES_LENGTH 8
#define LOSS_TEXT_SUFFIX " bytes dropped (log buffer full)"
#define LOSS_TEXT_SUFFIX_LENGTH 32

static bytes put_text(u8 *dst, bytes at, const char *text, u32 length)
{
    for (u32 i = 0; i < length; i++)
        dst[at + i] = (u8)text[i];
    return at + length;
}

static bytes put_decimal(u8 *dst, bytes at, u64 value)
{
    u32 digits = 1;
    for (u64 v = value; v >= 10; v = v / 10)
        digits++;
    u64 v = value;
    for (u32 i = digits; i > 0; i--) {
        dst[at + i - 1] = 48 + (v % 10);
        v = v / 10;
    }
    return at + digits;
}

/* Writes the report for `lines` lines and `lost` bytes at dst[at..]; returns its length. */
u32 logpipe_format_loss(u8 *dst, bytes at, u64 lines, u64 lost)
{
    bytes end = put_text(dst, at, LOSS_TEXT_PREFIX, LOSS_TEXT_PREFIX_LENGTH);
    end = put_decimal(dst, end, lines);
    end = put_text(dst, end, LOSS_TEXT_LINES, LOSS_TEXT_LINES_LENGTH);
    end = put_decimal(dst, end, lost);
    end = put_text(dst, end, LOSS_TEXT_SUFFIX, LOSS_TEXT_SUFFIX_LENGTH);
    return (u32)(end - at);
}
