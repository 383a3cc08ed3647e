/* generated from klib-src/logpipe/backoff.ts by klibc - do not edit */
#include <kernel.h>
#include "backoff.h"

#line 6 "klib-src/logpipe/backoff.ts"
timestamp logpipe_backoff_ceiling(timestamp base, timestamp cap, u32 attempt)
{
#line 7 "klib-src/logpipe/backoff.ts"
    timestamp ceiling = base < cap ? base : cap;
    for (u32 i = 0; i < attempt && ceiling < cap; i++) {
        ceiling = ceiling > cap - ceiling ? cap : ceiling * 2;
    }
    return ceiling;
}

#line 18 "klib-src/logpipe/backoff.ts"
timestamp logpipe_full_jitter(timestamp ceiling, u64 random)
{
#line 19 "klib-src/logpipe/backoff.ts"
    return random % (ceiling + 1);
}
