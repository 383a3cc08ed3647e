/* generated from klib-src/gcp/lifted_time.ts by klibc - do not edit */
#pragma once

/* How far before the capture time a lifted time may be. Cloud Logging refuses entries older than
 * the log bucket's retention (30 days for the _Default bucket); a day less leaves room for a batch
 * held back while the API is unreachable. */
#define LIFT_PAST_SECONDS (29 * 86400)

/* How far after the capture time: Cloud Logging refuses entries more than 24 hours in the future;
 * an hour less leaves room for a VM clock behind Google's. */
#define LIFT_FUTURE_SECONDS (23 * 3600)

/* The largest `nanos` of a time given as seconds and nanoseconds. */
#define NANOS_LIMIT 999999999

boolean within_lift_window(u64 seconds, u64 capture_seconds);
s64 rfc3339_seconds(u8 *p, bytes start, bytes end);
u32 rfc3339_nanos(u8 *p, bytes start, bytes end);
