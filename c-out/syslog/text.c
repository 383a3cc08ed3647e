/* generated from klib-src/syslog/text.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/time_format.h"
#include "text.h"

/* Writing numbers and UTC dates as text into a buffer, digit by digit: the kernel's bprintf has no
 * field widths, and syslog headers need fixed-width fields. Generic helpers (no syslog
 * knowledge). */

#define ZERO '0'
#define SPACE ' '
#define SECONDS_PER_DAY 86400
#define MONTH_NAMES "JanFebMarAprMayJunJulAugSepOctNovDec"

/* Appends n in decimal, left-padded with `pad` to at least `width` characters. */
void write_decimal(buffer b, u64 n, u32 width, u8 pad)
{
    u32 digits = 1;
    u64 scale = 1;
    while (n / scale >= 10) {
        scale *= 10;
        digits++;
    }
    for (u32 i = digits; i < width; i++)
        buffer_write_byte(b, pad);
    while (scale > 0) {
        buffer_write_byte(b, (u8)(ZERO + (n / scale % 10)));
        scale = scale / 10;
    }
}

static void write_clock(buffer b, u64 secs)
{
    u64 in_day = secs % SECONDS_PER_DAY;
    write_decimal(b, in_day / 3600, 2, ZERO);
    buffer_write_byte(b, ':');
    write_decimal(b, in_day / 60 % 60, 2, ZERO);
    buffer_write_byte(b, ':');
    write_decimal(b, in_day % 60, 2, ZERO);
}

/* Appends t (kernel REALTIME) in RFC 3339 form, UTC, with microseconds:
 * 2026-07-15T09:30:01.250000Z. */
void write_rfc3339(buffer b, timestamp t)
{
    u64 secs = t >> 32;
    u64 micros = ((t & 0xffffffff) * 1000000) >> 32;
    /* year * 10000 + month * 100 + day */
    u64 date = civil_date(secs / SECONDS_PER_DAY);
    write_decimal(b, date / 10000, 4, ZERO);
    buffer_write_byte(b, '-');
    write_decimal(b, date / 100 % 100, 2, ZERO);
    buffer_write_byte(b, '-');
    write_decimal(b, date % 100, 2, ZERO);
    buffer_write_byte(b, 'T');
    write_clock(b, secs);
    buffer_write_byte(b, '.');
    write_decimal(b, micros, 6, ZERO);
    buffer_write_byte(b, 'Z');
}

/* Appends t in the RFC 3164 form, UTC: "Jul  5 09:30:01" (day padded with a space). */
void write_rfc3164_time(buffer b, timestamp t)
{
    u64 secs = t >> 32;
    u64 date = civil_date(secs / SECONDS_PER_DAY);
    u64 month = date / 100 % 100 - 1;
    for (u64 i = 0; i < 3; i++)
        buffer_write_byte(b, (u8)MONTH_NAMES[month * 3 + i]);
    buffer_write_byte(b, SPACE);
    write_decimal(b, date % 100, 2, SPACE);
    buffer_write_byte(b, SPACE);
    write_clock(b, secs);
}
