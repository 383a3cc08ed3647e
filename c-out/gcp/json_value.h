/* generated from klib-src/gcp/json_value.ts by klibc - do not edit */
#pragma once

/* The largest Duration: 10,000 years of seconds (google.protobuf.Duration's range). */
#define DURATION_MAX_SECONDS 315576000000

boolean is_string_value(u8 *p, bytes start);
boolean is_boolean_value(u8 *p, bytes start);
boolean is_plain_string(u8 *p, bytes start, bytes end);
s64 whole_number_value(u8 *p, bytes start, bytes end, u64 limit);
boolean is_int64_value(u8 *p, bytes start, bytes end);
boolean is_int32_value(u8 *p, bytes start, bytes end);
boolean is_duration_value(u8 *p, bytes start, bytes end);
