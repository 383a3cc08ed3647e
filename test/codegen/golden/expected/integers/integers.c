/* generated from test/codegen/golden/integers/integers.ts by klibc - do not edit */
#include <kernel.h>
#include "integers.h"

#define ALL_ONES 0xffffffffffffffffull
#define LOW_BYTE_MASK 0xff

#line 7 "test/codegen/golden/integers/integers.ts"
u16 low16(u64 x)
{
#line 8 "test/codegen/golden/integers/integers.ts"
    return (u16)(x & 0xffff);
}

#line 11 "test/codegen/golden/integers/integers.ts"
u32 rotate_left32(u32 x, u32 n)
{
#line 12 "test/codegen/golden/integers/integers.ts"
    return ((x << n) | (x >> (32 - n))) >> 0;
}

#line 15 "test/codegen/golden/integers/integers.ts"
s64 average(s64 a, s64 b)
{
#line 16 "test/codegen/golden/integers/integers.ts"
    return (a + b) / 2;
}

#line 19 "test/codegen/golden/integers/integers.ts"
s32 remainder(s32 a, s32 b)
{
#line 20 "test/codegen/golden/integers/integers.ts"
    return a % b;
}

#line 23 "test/codegen/golden/integers/integers.ts"
boolean is_all_ones(u64 x)
{
#line 24 "test/codegen/golden/integers/integers.ts"
    return x == ALL_ONES;
}

#line 27 "test/codegen/golden/integers/integers.ts"
u8 low_byte(u32 x)
{
#line 28 "test/codegen/golden/integers/integers.ts"
    return (u8)(x & LOW_BYTE_MASK);
}
