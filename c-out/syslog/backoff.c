/* generated from klib-src/syslog/backoff.ts by klibc - do not edit */
#include <kernel.h>
#include "backoff.h"

/* Retry delays: 1 s doubling to a 60 s cap, with up to a quarter of random jitter so that many VMs
 * restarted together do not retry in step. */

#define FIRST_MS 1000
#define CAP_MS 60000

timestamp backoff_delay(u32 failures)
{
    u64 ms = FIRST_MS;
    for (u32 i = 0; i < failures && ms < CAP_MS; i++)
        ms *= 2;
    if (ms > CAP_MS)
        ms = CAP_MS;
    return milliseconds(ms + random_u64() % (ms / 4 + 1));
}
