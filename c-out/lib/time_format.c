/* generated from klib-src/lib/time_format.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "time_format.h"

#line 18 "klib-src/lib/time_format.ts"
u64 civil_date(u64 days)
{
#line 19 "klib-src/lib/time_format.ts"
    u64 z = days + 719468;
    u64 era = z / 146097;
    u64 day_of_era = z - era * 146097;
    u64 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
#line 24 "klib-src/lib/time_format.ts"
    u64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    u64 mp = (5 * day_of_year + 2) / 153;
    u64 day = day_of_year - (153 * mp + 2) / 5 + 1;
    u64 month = mp < 10 ? mp + 3 : mp - 9;
    u64 year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return year * 10000 + month * 100 + day;
}

#line 37 "klib-src/lib/time_format.ts"
s64 days_from_civil(s64 year, s64 month, s64 day)
{
#line 38 "klib-src/lib/time_format.ts"
    s64 y = month <= 2 ? year - 1 : year;
    s64 era = y / 400;
    s64 year_of_era = y - era * 400;
    s64 month_from_march = month > 2 ? month - 3 : month + 9;
    s64 day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    s64 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

#line 48 "klib-src/lib/time_format.ts"
static bytes put_date_time(u64 seconds, u8 *dst, boolean extended)
{
#line 49 "klib-src/lib/time_format.ts"
    u64 date = civil_date(seconds / 86400);
    u32 time = (u32)(seconds % 86400);
    bytes o = put_decimal(dst, 0, (u32)date / 10000, 4);
    if (extended)
#line 52 "klib-src/lib/time_format.ts"
        dst[o++] = 45;
    o = put_decimal(dst, o, (u32)(date % 10000) / 100, 2);
    if (extended)
#line 54 "klib-src/lib/time_format.ts"
        dst[o++] = 45;
    o = put_decimal(dst, o, (u32)(date % 100), 2);
    dst[o++] = 84;
    o = put_decimal(dst, o, time / 3600, 2);
    if (extended)
#line 58 "klib-src/lib/time_format.ts"
        dst[o++] = 58;
    o = put_decimal(dst, o, (time % 3600) / 60, 2);
    if (extended)
#line 60 "klib-src/lib/time_format.ts"
        dst[o++] = 58;
    return put_decimal(dst, o, time % 60, 2);
}

#line 68 "klib-src/lib/time_format.ts"
bytes format_rfc3339_nanos(u64 seconds, u32 nanos, u8 *dst)
{
#line 69 "klib-src/lib/time_format.ts"
    if (seconds >= TIME_FORMAT_LIMIT || nanos >= 1000000000)
#line 69 "klib-src/lib/time_format.ts"
        return 0;
    bytes o = put_date_time(seconds, dst, true);
    dst[o++] = 46;
    o = put_decimal(dst, o, nanos, 9);
    dst[o++] = 90;
    return o;
}

#line 78 "klib-src/lib/time_format.ts"
bytes format_amz_date(u64 seconds, u8 *dst)
{
#line 79 "klib-src/lib/time_format.ts"
    if (seconds >= TIME_FORMAT_LIMIT)
#line 79 "klib-src/lib/time_format.ts"
        return 0;
    bytes o = put_date_time(seconds, dst, false);
    dst[o] = 90;
    return o + 1;
}
