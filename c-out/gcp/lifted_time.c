/* generated from klib-src/gcp/lifted_time.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/ascii.h"
#include "../lib/time_format.h"
#include "json_value.h"
#include "lifted_time.h"

/* The time a structured line gives for itself (Google's structured-logging time fields): an RFC
 * 3339 `time` string, or seconds and nanoseconds since the Unix epoch. Parsed here into UTC seconds
 * and nanoseconds, which entries are then written with in our own RFC 3339 form (so whatever the
 * line wrote, the timestamp sent is one Cloud Logging takes). Only times Cloud Logging will keep
 * are lifted: see withinLiftWindow. Pure: no kernel calls, so the same code runs under Node in the
 * tests. */

/* Offsets in an RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS, then an optional fraction and the zone. */
#define DATE_TIME_LENGTH 19

/* Whether a time the line gave may be the entry's timestamp, for a line captured at
 * `captureSeconds`. */
boolean within_lift_window(u64 seconds, u64 capture_seconds)
{
    return seconds + LIFT_PAST_SECONDS >= capture_seconds &&
           seconds <= capture_seconds + LIFT_FUTURE_SECONDS;
}

/* The value of the n digits at p[i], or -1 when one of them is not a digit. */
static s64 digits_at(u8 *p, bytes i, bytes n)
{
    s64 v = 0;
    for (bytes k = 0; k < n; k++) {
        u32 c = p[i + k];
        if (!is_digit(c))
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

static boolean is_leap_year(s64 year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

static s64 days_in_month(s64 year, s64 month)
{
    if (month == 2)
        return is_leap_year(year) ? 29 : 28;
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

/* Where the zone of the RFC 3339 text at p[i] (its first digit) starts: after the seconds and any
 * fraction. */
static bytes zone_start(u8 *p, bytes i, bytes end)
{
    bytes z = i + DATE_TIME_LENGTH;
    if (z < end && p[z] == '.') {
        z++;
        while (z < end && is_digit(p[z]))
            z++;
    }
    return z;
}

/* The UTC seconds of an RFC 3339 date-time given as the JSON string p[start .. end) (with quotes),
 * e.g. "2026-11-25T09:07:35.52+01:00"; -1 when it is not one (RFC 3339 section 5.6: `T` and `Z` in
 * either case, a fraction of one or more digits, `Z` or a numeric offset; every field in its range,
 * no leap second) or is before 1970. */
s64 rfc3339_seconds(u8 *p, bytes start, bytes end)
{
    if (!is_plain_string(p, start, end))
        return -1;
    bytes i = start + 1;
    bytes last = end - 1;
    if (last - i < DATE_TIME_LENGTH + 1)
        return -1;
    if (p[i + 4] != '-' || p[i + 7] != '-' || (p[i + 10] != 'T' && p[i + 10] != 't') ||
        p[i + 13] != ':' || p[i + 16] != ':') {
        return -1;
    }
    s64 year = digits_at(p, i, 4);
    s64 month = digits_at(p, i + 5, 2);
    s64 day = digits_at(p, i + 8, 2);
    s64 hour = digits_at(p, i + 11, 2);
    s64 minute = digits_at(p, i + 14, 2);
    s64 second = digits_at(p, i + 17, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
        minute > 59 || second < 0 || second > 59) {
        return -1;
    }
    if (day > days_in_month(year, month))
        return -1;
    /* A fraction needs at least one digit. */
    if (p[i + DATE_TIME_LENGTH] == '.' && !is_digit(p[i + DATE_TIME_LENGTH + 1]))
        return -1;
    bytes z = zone_start(p, i, last);
    s64 offset = 0;
    if (z + 1 == last && (p[z] == 'Z' || p[z] == 'z')) {
        offset = 0;
    } else if (z + 6 == last && (p[z] == '+' || p[z] == '-') && p[z + 3] == ':') {
        s64 offset_hours = digits_at(p, z + 1, 2);
        s64 offset_minutes = digits_at(p, z + 4, 2);
        if (offset_hours < 0 || offset_hours > 23 || offset_minutes < 0 || offset_minutes > 59)
            return -1;
        offset = offset_hours * 3600 + offset_minutes * 60;
        if (p[z] == '-')
            offset = -offset;
    } else {
        return -1;
    }
    /* Local time minus its offset is UTC. */
    s64 seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                  offset;
    return seconds < 0 ? -1 : seconds;
}

/* The nanoseconds of the fraction of an RFC 3339 text rfc3339Seconds accepted (0 without one);
 * digits past the ninth are dropped, as Timestamp has nanosecond precision. */
u32 rfc3339_nanos(u8 *p, bytes start, bytes end)
{
    bytes i = start + 1 + DATE_TIME_LENGTH;
    if (p[i] != '.')
        return 0;
    i++;
    u32 nanos = 0;
    u32 scale = 100000000;
    while (i < end && is_digit(p[i])) {
        nanos += (p[i] - '0') * scale;
        scale = scale / 10;
        i++;
    }
    return nanos;
}
