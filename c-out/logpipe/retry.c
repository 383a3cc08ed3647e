/* generated from klib-src/logpipe/retry.ts by klibc - do not edit */
#include <kernel.h>
#include "backoff.h"
#include "retry.h"

/* The retry policy every sink shares (README.md, "Retry policy"): exponential backoff from `base`,
 * capped at `cap` and, while an outage is young, at a third of how long it has lasted; full
 * jitter with the kernel's random source; reset on success. And which failures are worth a
 * retry. */

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
    r->since = 0;
    return r;
}

/* After a failure: how long to wait before the next try, uniformly in [0, bound], the bound being
 * min(cap, base * 2^n, max(base, a third of the time since the first failure)). */
timestamp logpipe_retry_delay(logpipe_retry r)
{
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    if (r->attempt == 0)
        r->since = now;
    timestamp ceiling = logpipe_retry_bound(r->base, r->cap, r->attempt, now - r->since);
    if (r->attempt < ATTEMPT_LIMIT)
        r->attempt++;
    return logpipe_full_jitter(ceiling, random_u64());
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
