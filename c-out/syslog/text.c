/* generated from klib-src/syslog/text.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/time_format.h"
#include "text.h"

#define ZERO 48
#define SPACE 32
#define SECONDS_PER_DAY 86400
#define MONTH_NAMES "JanFebMarAprMayJunJulAugSepOctNovDec"

#line 13 "klib-src/syslog/text.ts"
void write_decimal(buffer b, u64 n, u32 width, u8 pad)
{
#line 14 "klib-src/syslog/text.ts"
    u32 digits = 1;
    u64 scale = 1;
    while (n / scale >= 10) {
        scale *= 10;
        digits++;
    }
    for (u32 i = digits; i < width; i++)
#line 20 "klib-src/syslog/text.ts"
        buffer_write_byte(b, pad);
    while (scale > 0) {
        buffer_write_byte(b, (u8)(ZERO + (n / scale % 10)));
        scale = scale / 10;
    }
}

#line 27 "klib-src/syslog/text.ts"
static void write_clock(buffer b, u64 secs)
{
#line 28 "klib-src/syslog/text.ts"
    u64 in_day = secs % SECONDS_PER_DAY;
    write_decimal(b, in_day / 3600, 2, ZERO);
    buffer_write_byte(b, 58);
    write_decimal(b, in_day / 60 % 60, 2, ZERO);
    buffer_write_byte(b, 58);
    write_decimal(b, in_day % 60, 2, ZERO);
}

#line 37 "klib-src/syslog/text.ts"
void write_rfc3339(buffer b, timestamp t)
{
#line 38 "klib-src/syslog/text.ts"
    u64 secs = t >> 32;
    u64 micros = ((t & 0xffffffff) * 1000000) >> 32;
#line 41 "klib-src/syslog/text.ts"
    u64 date = civil_date(secs / SECONDS_PER_DAY);
    write_decimal(b, date / 10000, 4, ZERO);
    buffer_write_byte(b, 45);
    write_decimal(b, date / 100 % 100, 2, ZERO);
    buffer_write_byte(b, 45);
    write_decimal(b, date % 100, 2, ZERO);
    buffer_write_byte(b, 84);
    write_clock(b, secs);
    buffer_write_byte(b, 46);
    write_decimal(b, micros, 6, ZERO);
    buffer_write_byte(b, 90);
}

#line 55 "klib-src/syslog/text.ts"
void write_rfc3164_time(buffer b, timestamp t)
{
#line 56 "klib-src/syslog/text.ts"
    u64 secs = t >> 32;
    u64 date = civil_date(secs / SECONDS_PER_DAY);
    u64 month = date / 100 % 100 - 1;
    for (u64 i = 0; i < 3; i++)
#line 59 "klib-src/syslog/text.ts"
        buffer_write_byte(b, (u8)MONTH_NAMES[month * 3 + i]);
    buffer_write_byte(b, SPACE);
    write_decimal(b, date % 100, 2, SPACE);
    buffer_write_byte(b, SPACE);
    write_clock(b, secs);
}
