/* generated from test/codegen/golden/inlining/bits.ts by klibc - do not edit */
#pragma once

#define BITS_LOW_BYTE 0xff

__attribute__((noinline)) u32 slow_count(u32 x);

#line 9 "test/codegen/golden/inlining/bits.ts"
static inline __attribute__((always_inline)) u64 low_byte(u64 w)
{
#line 10 "test/codegen/golden/inlining/bits.ts"
    return w & BITS_LOW_BYTE;
}

#line 14 "test/codegen/golden/inlining/bits.ts"
static inline __attribute__((always_inline)) u64 low_bytes_sum(u64 a, u64 b)
{
#line 15 "test/codegen/golden/inlining/bits.ts"
    return low_byte(a) + low_byte(b);
}
