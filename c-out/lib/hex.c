/* generated from klib-src/lib/hex.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "hex.h"

/* Lowercase hexadecimal (SigV4 hashes and signatures). Pure: runs under Node in the tests. */

/* Writes 2 * n lowercase hex digits for the `n` bytes at src[off]; returns the length. */
bytes hex_encode(u8 *src, bytes off, bytes n, u8 *dst)
{
    for (bytes i = 0; i < n; i++) {
        dst[2 * i] = hex_digit(src[off + i] >> 4);
        dst[2 * i + 1] = hex_digit(src[off + i] & 15);
    }
    return 2 * n;
}

/* Decodes `n` hex digits (either case, n even) into n / 2 bytes; the length, or -1 if invalid. */
s64 hex_decode(u8 *src, bytes off, bytes n, u8 *dst)
{
    if (n % 2 != 0)
        return -1;
    for (bytes i = 0; i < n; i += 2) {
        s32 hi = hex_digit_value(src[off + i]);
        s32 lo = hex_digit_value(src[off + i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        dst[i >> 1] = (hi << 4) | lo;
    }
    return n >> 1;
}
