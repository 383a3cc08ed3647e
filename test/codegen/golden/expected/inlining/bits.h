/* generated from test/codegen/golden/inlining/bits.ts by klibc - do not edit */
#pragma once

#define BITS_LOW_BYTE 0xff

__attribute__((noinline)) u32 slow_count(u32 x);

/* The low byte of a word. */
static inline __attribute__((always_inline)) u64 low_byte(u64 w)
{
    return w & BITS_LOW_BYTE;
}

/* Uses another */
static inline __attribute__((always_inline)) u64 low_bytes_sum(u64 a, u64 b)
{
    return low_byte(a) + low_byte(b);
}
