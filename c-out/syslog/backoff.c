/* generated from klib-src/syslog/backoff.ts by klibc - do not edit */
#include <kernel.h>
#include "backoff.h"

#define FIRST_MS 1000
#define CAP_MS 60000

#line 9 "klib-src/syslog/backoff.ts"
timestamp backoff_delay(u32 failures)
{
#line 10 "klib-src/syslog/backoff.ts"
    u64 ms = FIRST_MS;
    for (u32 i = 0; i < failures && ms < CAP_MS; i++)
#line 11 "klib-src/syslog/backoff.ts"
        ms *= 2;
    if (ms > CAP_MS)
#line 12 "klib-src/syslog/backoff.ts"
        ms = CAP_MS;
    return milliseconds(ms + random_u64() % (ms / 4 + 1));
}
