/* generated from test/codegen/golden/inlining/bits.ts by klibc - do not edit */
#include <kernel.h>
#include "bits.h"

#line 19 "test/codegen/golden/inlining/bits.ts"
static inline __attribute__((always_inline)) u32 twice(u32 x)
{
#line 20 "test/codegen/golden/inlining/bits.ts"
    return x << 1;
}

#line 24 "test/codegen/golden/inlining/bits.ts"
__attribute__((noinline)) u32 slow_count(u32 x)
{
#line 25 "test/codegen/golden/inlining/bits.ts"
    u32 n = 0;
    for (u32 i = 0; i < x; i++)
#line 26 "test/codegen/golden/inlining/bits.ts"
        n += twice(i);
    return n;
}
