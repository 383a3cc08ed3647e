/* generated from klib-src/logpipe/retry.ts by klibc - do not edit */
#include <kernel.h>
#include "backoff.h"
#include "retry.h"

#define ATTEMPT_LIMIT 64

#line 18 "klib-src/logpipe/retry.ts"
logpipe_retry logpipe_retry_create(heap h, timestamp base, timestamp cap)
{
#line 19 "klib-src/logpipe/retry.ts"
    logpipe_retry r = allocate(h, sizeof(struct logpipe_retry));
    if (r == INVALID_ADDRESS)
#line 20 "klib-src/logpipe/retry.ts"
        return 0;
    r->base = base;
    r->cap = cap;
    r->attempt = 0;
    return r;
}

#line 27 "klib-src/logpipe/retry.ts"
void logpipe_retry_destroy(heap h, logpipe_retry r)
{
#line 28 "klib-src/logpipe/retry.ts"
    deallocate(h, r, sizeof(struct logpipe_retry));
}

#line 32 "klib-src/logpipe/retry.ts"
timestamp logpipe_retry_delay(logpipe_retry r)
{
#line 33 "klib-src/logpipe/retry.ts"
    timestamp ceiling = logpipe_backoff_ceiling(r->base, r->cap, r->attempt);
    if (r->attempt < ATTEMPT_LIMIT)
#line 34 "klib-src/logpipe/retry.ts"
        r->attempt++;
    return logpipe_full_jitter(ceiling, random_u64());
}

#line 39 "klib-src/logpipe/retry.ts"
timestamp logpipe_retry_ceiling(logpipe_retry r)
{
#line 40 "klib-src/logpipe/retry.ts"
    return logpipe_backoff_ceiling(r->base, r->cap, r->attempt);
}

#line 44 "klib-src/logpipe/retry.ts"
void logpipe_retry_reset(logpipe_retry r)
{
#line 45 "klib-src/logpipe/retry.ts"
    r->attempt = 0;
}

#line 53 "klib-src/logpipe/retry.ts"
boolean logpipe_should_retry(u32 status, boolean throttled)
{
#line 54 "klib-src/logpipe/retry.ts"
    return status == 0 || status == 429 || (status >= 500 && status < 600) || throttled;
}
