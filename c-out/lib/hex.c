/* generated from klib-src/lib/hex.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "hex.h"

#line 7 "klib-src/lib/hex.ts"
bytes hex_encode(u8 *src, bytes off, bytes n, u8 *dst)
{
#line 8 "klib-src/lib/hex.ts"
    for (bytes i = 0; i < n; i++) {
        dst[2 * i] = hex_digit(src[off + i] >> 4);
        dst[2 * i + 1] = hex_digit(src[off + i] & 15);
    }
    return 2 * n;
}

#line 16 "klib-src/lib/hex.ts"
s64 hex_decode(u8 *src, bytes off, bytes n, u8 *dst)
{
#line 17 "klib-src/lib/hex.ts"
    if (n % 2 != 0)
#line 17 "klib-src/lib/hex.ts"
        return -1;
    for (bytes i = 0; i < n; i += 2) {
        s32 hi = hex_digit_value(src[off + i]);
        s32 lo = hex_digit_value(src[off + i + 1]);
        if (hi < 0 || lo < 0)
#line 21 "klib-src/lib/hex.ts"
            return -1;
        dst[i >> 1] = (hi << 4) | lo;
    }
    return n >> 1;
}
