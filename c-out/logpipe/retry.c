/* generated from klib-src/logpipe/retry.ts by klibc - do not edit */
#include <kernel.h>
#include "backoff.h"
#include "retry.h"

/* The retry policy the cloud klibs share: exponential backoff with full jitter and a cap, reset on
 * success, with the kernel's random source; and which failures are worth retrying. */

/* Past this many failures the ceiling is the cap anyway; the count stops growing. */
#define ATTEMPT_LIMIT 64

/* A retry state: delays start below `base` and never exceed `cap`. Null when `h` fails. */
logpipe_retry logpipe_retry_create(heap h, timestamp base, timestamp cap)
{
    logpipe_retry r = allocate(h, sizeof(struct logpipe_retry));
    if (r == INVALID_ADDRESS)
        return 0;
    r->base = base;
    r->cap = cap;
    r->attempt = 0;
    return r;
}

void logpipe_retry_destroy(heap h, logpipe_retry r)
{
    deallocate(h, r, sizeof(struct logpipe_retry));
}

/* After a failure: how long to wait before the next try, uniformly in [0, min(cap, base * 2^n)]. */
timestamp logpipe_retry_delay(logpipe_retry r)
{
    timestamp ceiling = logpipe_backoff_ceiling(r->base, r->cap, r->attempt);
    if (r->attempt < ATTEMPT_LIMIT)
        r->attempt++;
    return logpipe_full_jitter(ceiling, random_u64());
}

/* The deterministic part of the next delay: min(cap, base * 2^n) (for "quiet while short"
 * rules). */
timestamp logpipe_retry_ceiling(logpipe_retry r)
{
    return logpipe_backoff_ceiling(r->base, r->cap, r->attempt);
}

/* After a success: the next failure starts from `base` again. */
void logpipe_retry_reset(logpipe_retry r)
{
    r->attempt = 0;
}

/* Whether a failed request is worth retrying with the same data: a network error or timeout
 * (status 0), throttling (429, or an API's own throttling error, which CloudWatch sends as a 400:
 * `throttled`), or a server error (5xx). Any other status means the request itself was refused. */
boolean logpipe_should_retry(u32 status, boolean throttled)
{
    return status == 0 || status == 429 || (status >= 500 && status < 600) || throttled;
}
