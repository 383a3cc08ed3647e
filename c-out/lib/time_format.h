/* generated from klib-src/lib/time_format.ts by klibc - do not edit */
#pragma once

#define TIME_FORMAT_LIMIT 253402300800
#define RFC3339_NANOS_LENGTH 30
#define AMZ_DATE_LENGTH 16

u64 civil_date(u64 days);
s64 days_from_civil(s64 year, s64 month, s64 day);
bytes format_rfc3339_nanos(u64 seconds, u32 nanos, u8 *dst);
bytes format_amz_date(u64 seconds, u8 *dst);
