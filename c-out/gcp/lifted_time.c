/* generated from klib-src/gcp/lifted_time.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/ascii.h"
#include "../lib/time_format.h"
#include "json_value.h"
#include "lifted_time.h"

#define DATE_TIME_LENGTH 19

#line 28 "klib-src/gcp/lifted_time.ts"
boolean within_lift_window(u64 seconds, u64 capture_seconds)
{
#line 29 "klib-src/gcp/lifted_time.ts"
    return seconds + LIFT_PAST_SECONDS >= capture_seconds && seconds <= capture_seconds + LIFT_FUTURE_SECONDS;
}

#line 33 "klib-src/gcp/lifted_time.ts"
static s64 digits_at(u8 *p, bytes i, bytes n)
{
#line 34 "klib-src/gcp/lifted_time.ts"
    s64 v = 0;
    for (bytes k = 0; k < n; k++) {
        u32 c = p[i + k];
        if (!is_digit(c))
#line 37 "klib-src/gcp/lifted_time.ts"
            return -1;
        v = v * 10 + (c - 48);
    }
    return v;
}

#line 43 "klib-src/gcp/lifted_time.ts"
static boolean is_leap_year(s64 year)
{
#line 44 "klib-src/gcp/lifted_time.ts"
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

#line 47 "klib-src/gcp/lifted_time.ts"
static s64 days_in_month(s64 year, s64 month)
{
#line 48 "klib-src/gcp/lifted_time.ts"
    if (month == 2)
#line 48 "klib-src/gcp/lifted_time.ts"
        return is_leap_year(year) ? 29 : 28;
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

#line 56 "klib-src/gcp/lifted_time.ts"
static bytes zone_start(u8 *p, bytes i, bytes end)
{
#line 57 "klib-src/gcp/lifted_time.ts"
    bytes z = i + DATE_TIME_LENGTH;
    if (z < end && p[z] == 46) {
        z++;
        while (z < end && is_digit(p[z]))
#line 60 "klib-src/gcp/lifted_time.ts"
            z++;
    }
    return z;
}

#line 71 "klib-src/gcp/lifted_time.ts"
s64 rfc3339_seconds(u8 *p, bytes start, bytes end)
{
#line 72 "klib-src/gcp/lifted_time.ts"
    if (!is_plain_string(p, start, end))
#line 72 "klib-src/gcp/lifted_time.ts"
        return -1;
    bytes i = start + 1;
    bytes last = end - 1;
    if (last - i < DATE_TIME_LENGTH + 1)
#line 75 "klib-src/gcp/lifted_time.ts"
        return -1;
    if (p[i + 4] != 45 || p[i + 7] != 45 || (p[i + 10] != 84 && p[i + 10] != 116) || p[i + 13] != 58 || p[i + 16] != 58) {
#line 78 "klib-src/gcp/lifted_time.ts"
        return -1;
    }
    s64 year = digits_at(p, i, 4);
    s64 month = digits_at(p, i + 5, 2);
    s64 day = digits_at(p, i + 8, 2);
    s64 hour = digits_at(p, i + 11, 2);
    s64 minute = digits_at(p, i + 14, 2);
    s64 second = digits_at(p, i + 17, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
#line 88 "klib-src/gcp/lifted_time.ts"
        return -1;
    }
    if (day > days_in_month(year, month))
#line 90 "klib-src/gcp/lifted_time.ts"
        return -1;
#line 92 "klib-src/gcp/lifted_time.ts"
    if (p[i + DATE_TIME_LENGTH] == 46 && !is_digit(p[i + DATE_TIME_LENGTH + 1]))
#line 92 "klib-src/gcp/lifted_time.ts"
        return -1;
    bytes z = zone_start(p, i, last);
    s64 offset = 0;
    if (z + 1 == last && (p[z] == 90 || p[z] == 122)) {
        offset = 0;
    } else if (z + 6 == last && (p[z] == 43 || p[z] == 45) && p[z + 3] == 58) {
        s64 offset_hours = digits_at(p, z + 1, 2);
        s64 offset_minutes = digits_at(p, z + 4, 2);
        if (offset_hours < 0 || offset_hours > 23 || offset_minutes < 0 || offset_minutes > 59)
#line 100 "klib-src/gcp/lifted_time.ts"
            return -1;
        offset = offset_hours * 3600 + offset_minutes * 60;
        if (p[z] == 45)
#line 102 "klib-src/gcp/lifted_time.ts"
            offset = -offset;
    } else {
        return -1;
    }
#line 107 "klib-src/gcp/lifted_time.ts"
    s64 seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
    return seconds < 0 ? -1 : seconds;
}

#line 115 "klib-src/gcp/lifted_time.ts"
u32 rfc3339_nanos(u8 *p, bytes start, bytes end)
{
#line 116 "klib-src/gcp/lifted_time.ts"
    bytes i = start + 1 + DATE_TIME_LENGTH;
    if (p[i] != 46)
#line 117 "klib-src/gcp/lifted_time.ts"
        return 0;
    i++;
    u32 nanos = 0;
    u32 scale = 100000000;
    while (i < end && is_digit(p[i])) {
        nanos += (p[i] - 48) * scale;
        scale = scale / 10;
        i++;
    }
    return nanos;
}
