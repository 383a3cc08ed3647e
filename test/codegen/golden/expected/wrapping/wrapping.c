/* generated from test/codegen/golden/wrapping/wrapping.ts by klibc - do not edit */
#include <kernel.h>
#include "wrapping.h"

/* Lines are at most 100 columns, wrapped the way Nanos code is: arguments packed and aligned
 * after the parenthesis, conditions broken after && and ||, long literals cut into adjacent ones,
 * long macros continued with backslashes. Parentheses are those C needs, those gcc asks for, and
 * those the source wrote. */

#define BANNER \
    "a long banner that describes the service, its options, its limits and its many moving parts " \
    "in detail"

static u64 mix(u64 first, u64 second, u64 third, u64 fourth, u64 fifth, u64 sixth)
{
    return first ^ second ^ third ^ fourth ^ fifth ^ sixth;
}

void describe(buffer b, u64 requests, u64 responses, u64 failures, u64 retries)
{
    bprintf(b,
            "requests %lu, responses %lu, failures %lu, retries %lu, and a tail that is long "
            "enough to need cutting somewhere\n",
            requests, responses, failures, retries);
    rprintf("%%s\n");
}

boolean busy(boolean in_flight, boolean waiting, u32 queued, u32 limit, boolean draining,
             boolean stopping)
{
    return (in_flight || waiting) && queued < limit && !draining && !stopping &&
           queued + 1 < limit * 2 && limit > 0;
}

u64 mixed(u64 a, u64 b, u64 c)
{
    u64 shifted = ((a + b) << 2) | (c & 3);
    return mix(shifted, a * (b + c), a - b - c, (a ^ b) == c ? 1 : 0, mix(a, b, c, a, b, c),
               (u8)BANNER[0]);
}
