/* generated from klib-src/gcp/lifted_time.ts by klibc - do not edit */
#pragma once

#define LIFT_PAST_SECONDS (29 * 86400)
#define LIFT_FUTURE_SECONDS (23 * 3600)
#define NANOS_LIMIT 999999999

boolean within_lift_window(u64 seconds, u64 capture_seconds);
s64 rfc3339_seconds(u8 *p, bytes start, bytes end);
u32 rfc3339_nanos(u8 *p, bytes start, bytes end);
