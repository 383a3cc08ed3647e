/* generated from klib-src/lib/time_format.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "time_format.h"

/* Calendar dates from Unix time and back (proleptic Gregorian, UTC), for RFC 3339 timestamps with
 * nanoseconds (Cloud Logging) or milliseconds (webhook) and the SigV4 basic ISO 8601 form
 * YYYYMMDD'T'HHMMSS'Z'. Pure. */

/* The date of a day count since 1970-01-01 as year * 10000 + month * 100 + day (the civil-from-days
 * algorithm: 400-year eras starting on March 1st, so leap days fall at the end of a year). */
u64 civil_date(u64 days)
{
    u64 z = days + 719468;
    u64 era = z / 146097;
    u64 day_of_era = z - era * 146097;
    u64 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) /
                      365;
    u64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    u64 mp = (5 * day_of_year + 2) / 153;
    u64 day = day_of_year - (153 * mp + 2) / 5 + 1;
    u64 month = mp < 10 ? mp + 3 : mp - 9;
    u64 year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return year * 10000 + month * 100 + day;
}

/* Days from 1970-01-01 to year-month-day, negative before it (the days-from-civil algorithm, the
 * inverse of civilDate: years counted from March, so a leap day is the last day of its year).
 * For years 1 to 9999. */
s64 days_from_civil(s64 year, s64 month, s64 day)
{
    s64 y = month <= 2 ? year - 1 : year;
    s64 era = y / 400;
    s64 year_of_era = y - era * 400;
    s64 month_from_march = month > 2 ? month - 3 : month + 9;
    s64 day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    s64 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* Writes the date and time; `extended` selects 2026-11-25T09:07:35 over 20261125T090735. */
static bytes put_date_time(u64 seconds, u8 *dst, boolean extended)
{
    u64 date = civil_date(seconds / 86400);
    u32 time = (u32)(seconds % 86400);
    bytes o = put_decimal(dst, 0, (u32)(date / 10000), 4);
    if (extended)
        dst[o++] = '-';
    o = put_decimal(dst, o, (u32)((date % 10000) / 100), 2);
    if (extended)
        dst[o++] = '-';
    o = put_decimal(dst, o, (u32)(date % 100), 2);
    dst[o++] = 'T';
    o = put_decimal(dst, o, time / 3600, 2);
    if (extended)
        dst[o++] = ':';
    o = put_decimal(dst, o, (time % 3600) / 60, 2);
    if (extended)
        dst[o++] = ':';
    return put_decimal(dst, o, time % 60, 2);
}

/* Writes seconds + nanos as 2026-11-25T09:07:35.123456789Z (RFC3339_NANOS_LENGTH bytes); returns
 * the length, or 0 when the time is not before TIME_FORMAT_LIMIT or nanos is not below 10^9. */
bytes format_rfc3339_nanos(u64 seconds, u32 nanos, u8 *dst)
{
    if (seconds >= TIME_FORMAT_LIMIT || nanos >= 1000000000)
        return 0;
    bytes o = put_date_time(seconds, dst, true);
    dst[o++] = '.';
    o = put_decimal(dst, o, nanos, 9);
    dst[o++] = 'Z';
    return o;
}

/* Writes seconds + millis as 2026-11-25T09:07:35.123Z (RFC3339_MILLIS_LENGTH bytes); returns the
 * length, or 0 when the time is not before TIME_FORMAT_LIMIT or millis is not below 1000. */
bytes format_rfc3339_millis(u64 seconds, u32 millis, u8 *dst)
{
    if (seconds >= TIME_FORMAT_LIMIT || millis >= 1000)
        return 0;
    bytes o = put_date_time(seconds, dst, true);
    dst[o++] = '.';
    o = put_decimal(dst, o, millis, 3);
    dst[o++] = 'Z';
    return o;
}

/* Writes 20261125T090735Z (AMZ_DATE_LENGTH bytes); returns the length, or 0 past the limit. */
bytes format_amz_date(u64 seconds, u8 *dst)
{
    if (seconds >= TIME_FORMAT_LIMIT)
        return 0;
    bytes o = put_date_time(seconds, dst, false);
    dst[o] = 'Z';
    return o + 1;
}
