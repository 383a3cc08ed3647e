/* generated from test/codegen/golden/control/control.ts by klibc - do not edit */
#include <kernel.h>
#include "control.h"

/* Functions (static unless exported), loops, switch, early return, forward references. */

static s32 space_weight(u32 c);

u32 digits(u64 n)
{
    if (n == 0)
        return 1;
    u32 count = 0;
    while (n > 0) {
        n = n / 10;
        count++;
    }
    return count;
}

u64 sum_odd(u32 limit)
{
    u64 sum = 0;
    for (u32 i = 0; i < limit; i++) {
        if (i % 2 == 0)
            continue;
        if (i > 1000)
            break;
        sum += i;
    }
    return sum;
}

s32 classify(u32 c)
{
    switch (c) {
    case 10:
        return 1;
    case 32:
    case 9:
        {
            s32 weight = space_weight(c);
            return weight;
        }
    default:
        break;
    }
    do {
        c = c >> 1;
    } while (c > 1);
    return c > 0 ? 3 : 4;
}

static s32 space_weight(u32 c)
{
    return c == 9 ? 8 : 1;
}
