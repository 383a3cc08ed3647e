/* generated from klib-src/logpipe/backoff.ts by klibc - do not edit */
#include <kernel.h>
#include "backoff.h"

/* Exponential backoff with full jitter: the numbers only (the retry state and the kernel's random
 * source are in retry.ts). Pure, so the differential test checks the bounds under Node and in C. */

/* min(cap, base * 2^attempt), without overflowing however large attempt gets. */
timestamp logpipe_backoff_ceiling(timestamp base, timestamp cap, u32 attempt)
{
    timestamp ceiling = base < cap ? base : cap;
    for (u32 i = 0; i < attempt && ceiling < cap; i++) {
        ceiling = ceiling > cap - ceiling ? cap : ceiling * 2;
    }
    return ceiling;
}

/* The bound of the next delay after `attempt` failures in a run of failures that started `elapsed`
 * ago: the doubling ceiling, and never more than a third of the run so far (but at least `base`).
 * So the next try after a service comes back is at most a third of the outage away: after a 10 s
 * outage, within 3.4 s (the last failed try was before the end of the outage, at time t, and the
 * next one comes at most t / 3 after it). */
timestamp logpipe_retry_bound(timestamp base, timestamp cap, u32 attempt, timestamp elapsed)
{
    timestamp doubling = logpipe_backoff_ceiling(base, cap, attempt);
    timestamp third = elapsed / 3;
    timestamp young = third < base ? base : third;
    return doubling < young ? doubling : young;
}

/* "Full jitter": a delay drawn uniformly from [0, ceiling] with `random` as the source. Spreading
 * retries over the whole interval keeps many clients from retrying in step after a shared
 * outage. */
timestamp logpipe_full_jitter(timestamp ceiling, u64 random)
{
    return random % (ceiling + 1);
}
