/* generated from klib-src/logpipe/loss_text.ts by klibc - do not edit */
#include <kernel.h>
#include "loss_text.h"

#define LOSS_TEXT_PREFIX "logpipe: "
#define LOSS_TEXT_PREFIX_LENGTH 9
#define LOSS_TEXT_LINES " lines, "
#define LOSS_TEXT_LINES_LENGTH 8
#define LOSS_TEXT_SUFFIX " bytes dropped (log buffer full)"
#define LOSS_TEXT_SUFFIX_LENGTH 32

#line 16 "klib-src/logpipe/loss_text.ts"
static bytes put_text(u8 *dst, bytes at, const char *text, u32 length)
{
#line 17 "klib-src/logpipe/loss_text.ts"
    for (u32 i = 0; i < length; i++)
#line 17 "klib-src/logpipe/loss_text.ts"
        dst[at + i] = (u8)text[i];
    return at + length;
}

#line 21 "klib-src/logpipe/loss_text.ts"
static bytes put_decimal(u8 *dst, bytes at, u64 value)
{
#line 22 "klib-src/logpipe/loss_text.ts"
    u32 digits = 1;
    for (u64 v = value; v >= 10; v = v / 10)
#line 23 "klib-src/logpipe/loss_text.ts"
        digits++;
    u64 v = value;
    for (u32 i = digits; i > 0; i--) {
        dst[at + i - 1] = 48 + (v % 10);
        v = v / 10;
    }
    return at + digits;
}

#line 33 "klib-src/logpipe/loss_text.ts"
u32 logpipe_format_loss(u8 *dst, bytes at, u64 lines, u64 lost)
{
#line 34 "klib-src/logpipe/loss_text.ts"
    bytes end = put_text(dst, at, LOSS_TEXT_PREFIX, LOSS_TEXT_PREFIX_LENGTH);
    end = put_decimal(dst, end, lines);
    end = put_text(dst, end, LOSS_TEXT_LINES, LOSS_TEXT_LINES_LENGTH);
    end = put_decimal(dst, end, lost);
    end = put_text(dst, end, LOSS_TEXT_SUFFIX, LOSS_TEXT_SUFFIX_LENGTH);
    return (u32)(end - at);
}
