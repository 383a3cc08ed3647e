/* generated from test/codegen/golden/integers/integers.ts by klibc - do not edit */
#include <kernel.h>
#include "integers.h"

/* Fixed-width integers with C semantics, bigint literals for 64-bit values, casts, >>> and
 * Math.trunc. */

#define ALL_ONES 0xffffffffffffffffull
#define LOW_BYTE_MASK 0xff

u16 low16(u64 x)
{
    return (u16)(x & 0xffff);
}

u32 rotate_left32(u32 x, u32 n)
{
    return ((x << n) | (x >> (32 - n))) >> 0;
}

s64 average(s64 a, s64 b)
{
    return (a + b) / 2;
}

s32 remainder(s32 a, s32 b)
{
    return a % b;
}

boolean is_all_ones(u64 x)
{
    return x == ALL_ONES;
}

u8 low_byte(u32 x)
{
    return (u8)(x & LOW_BYTE_MASK);
}
