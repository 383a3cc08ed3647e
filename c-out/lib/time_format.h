/* generated from klib-src/lib/time_format.ts by klibc - do not edit */
#pragma once

/* Unix seconds of 10000-01-01T00:00:00Z: later times have no four-digit year. */
#define TIME_FORMAT_LIMIT 253402300800

/* Length of an RFC 3339 time with nanoseconds: 2026-11-25T09:07:35.123456789Z */
#define RFC3339_NANOS_LENGTH 30

/* Length of an RFC 3339 time with milliseconds: 2026-11-25T09:07:35.123Z */
#define RFC3339_MILLIS_LENGTH 24

/* Length of a SigV4 date-time: 20261125T090735Z */
#define AMZ_DATE_LENGTH 16

u64 civil_date(u64 days);
s64 days_from_civil(s64 year, s64 month, s64 day);
bytes format_rfc3339_nanos(u64 seconds, u32 nanos, u8 *dst);
bytes format_rfc3339_millis(u64 seconds, u32 millis, u8 *dst);
bytes format_amz_date(u64 seconds, u8 *dst);
