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

/* "Full jitter": a delay drawn uniformly from [0, ceiling] with `random` as the source. Spreading
 * retries over the whole interval keeps many clients from retrying in step after a shared
 * outage. */
timestamp logpipe_full_jitter(timestamp ceiling, u64 random)
{
    return random % (ceiling + 1);
}
