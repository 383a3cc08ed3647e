/* generated from klib-src/gcp/lifted_time.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/ascii.h"
#include "json_value.h"
#include "lifted_time.h"

#define DATE_TIME_LENGTH 19

#line 27 "klib-src/gcp/lifted_time.ts"
boolean within_lift_window(u64 seconds, u64 capture_seconds)
{
#line 28 "klib-src/gcp/lifted_time.ts"
    return seconds + LIFT_PAST_SECONDS >= capture_seconds && seconds <= capture_seconds + LIFT_FUTURE_SECONDS;
}

#line 32 "klib-src/gcp/lifted_time.ts"
static s64 digits_at(u8 *p, bytes i, bytes n)
{
#line 33 "klib-src/gcp/lifted_time.ts"
    s64 v = 0;
    for (bytes k = 0; k < n; k++) {
        u32 c = p[i + k];
        if (!is_digit(c))
#line 36 "klib-src/gcp/lifted_time.ts"
            return -1;
        v = v * 10 + (c - 48);
    }
    return v;
}

#line 42 "klib-src/gcp/lifted_time.ts"
static boolean is_leap_year(s64 year)
{
#line 43 "klib-src/gcp/lifted_time.ts"
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

#line 46 "klib-src/gcp/lifted_time.ts"
static s64 days_in_month(s64 year, s64 month)
{
#line 47 "klib-src/gcp/lifted_time.ts"
    if (month == 2)
#line 47 "klib-src/gcp/lifted_time.ts"
        return is_leap_year(year) ? 29 : 28;
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

#line 55 "klib-src/gcp/lifted_time.ts"
s64 days_from_civil(s64 year, s64 month, s64 day)
{
#line 56 "klib-src/gcp/lifted_time.ts"
    s64 y = month <= 2 ? year - 1 : year;
    s64 era = y / 400;
    s64 year_of_era = y - era * 400;
    s64 month_from_march = month > 2 ? month - 3 : month + 9;
    s64 day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    s64 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

#line 69 "klib-src/gcp/lifted_time.ts"
static bytes zone_start(u8 *p, bytes i, bytes end)
{
#line 70 "klib-src/gcp/lifted_time.ts"
    bytes z = i + DATE_TIME_LENGTH;
    if (z < end && p[z] == 46) {
        z++;
        while (z < end && is_digit(p[z]))
#line 73 "klib-src/gcp/lifted_time.ts"
            z++;
    }
    return z;
}

#line 84 "klib-src/gcp/lifted_time.ts"
s64 rfc3339_seconds(u8 *p, bytes start, bytes end)
{
#line 85 "klib-src/gcp/lifted_time.ts"
    if (!is_plain_string(p, start, end))
#line 85 "klib-src/gcp/lifted_time.ts"
        return -1;
    bytes i = start + 1;
    bytes last = end - 1;
    if (last - i < DATE_TIME_LENGTH + 1)
#line 88 "klib-src/gcp/lifted_time.ts"
        return -1;
    if (p[i + 4] != 45 || p[i + 7] != 45 || (p[i + 10] != 84 && p[i + 10] != 116) || p[i + 13] != 58 || p[i + 16] != 58) {
#line 91 "klib-src/gcp/lifted_time.ts"
        return -1;
    }
    s64 year = digits_at(p, i, 4);
    s64 month = digits_at(p, i + 5, 2);
    s64 day = digits_at(p, i + 8, 2);
    s64 hour = digits_at(p, i + 11, 2);
    s64 minute = digits_at(p, i + 14, 2);
    s64 second = digits_at(p, i + 17, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
#line 101 "klib-src/gcp/lifted_time.ts"
        return -1;
    }
    if (day > days_in_month(year, month))
#line 103 "klib-src/gcp/lifted_time.ts"
        return -1;
#line 105 "klib-src/gcp/lifted_time.ts"
    if (p[i + DATE_TIME_LENGTH] == 46 && !is_digit(p[i + DATE_TIME_LENGTH + 1]))
#line 105 "klib-src/gcp/lifted_time.ts"
        return -1;
    bytes z = zone_start(p, i, last);
    s64 offset = 0;
    if (z + 1 == last && (p[z] == 90 || p[z] == 122)) {
        offset = 0;
    } else if (z + 6 == last && (p[z] == 43 || p[z] == 45) && p[z + 3] == 58) {
        s64 offset_hours = digits_at(p, z + 1, 2);
        s64 offset_minutes = digits_at(p, z + 4, 2);
        if (offset_hours < 0 || offset_hours > 23 || offset_minutes < 0 || offset_minutes > 59)
#line 113 "klib-src/gcp/lifted_time.ts"
            return -1;
        offset = offset_hours * 3600 + offset_minutes * 60;
        if (p[z] == 45)
#line 115 "klib-src/gcp/lifted_time.ts"
            offset = -offset;
    } else {
        return -1;
    }
#line 120 "klib-src/gcp/lifted_time.ts"
    s64 seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
    return seconds < 0 ? -1 : seconds;
}

#line 128 "klib-src/gcp/lifted_time.ts"
u32 rfc3339_nanos(u8 *p, bytes start, bytes end)
{
#line 129 "klib-src/gcp/lifted_time.ts"
    bytes i = start + 1 + DATE_TIME_LENGTH;
    if (p[i] != 46)
#line 130 "klib-src/gcp/lifted_time.ts"
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
