/* generated from test/codegen/golden/control/control.ts by klibc - do not edit */
#include <kernel.h>
#include "control.h"

static s32 space_weight(u32 c);

#line 4 "test/codegen/golden/control/control.ts"
u32 digits(u64 n)
{
#line 5 "test/codegen/golden/control/control.ts"
    if (n == 0)
#line 5 "test/codegen/golden/control/control.ts"
        return 1;
    u32 count = 0;
    while (n > 0) {
        n = n / 10;
        count++;
    }
    return count;
}

#line 14 "test/codegen/golden/control/control.ts"
u64 sum_odd(u32 limit)
{
#line 15 "test/codegen/golden/control/control.ts"
    u64 sum = 0;
    for (u32 i = 0; i < limit; i++) {
        if (i % 2 == 0)
#line 17 "test/codegen/golden/control/control.ts"
            continue;
        if (i > 1000)
#line 18 "test/codegen/golden/control/control.ts"
            break;
        sum += i;
    }
    return sum;
}

#line 24 "test/codegen/golden/control/control.ts"
s32 classify(u32 c)
{
#line 25 "test/codegen/golden/control/control.ts"
    switch (c) {
    case 10:
        return 1;
    case 32:
    case 9:
#line 29 "test/codegen/golden/control/control.ts"
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

#line 42 "test/codegen/golden/control/control.ts"
static s32 space_weight(u32 c)
{
#line 43 "test/codegen/golden/control/control.ts"
    return c == 9 ? 8 : 1;
}
