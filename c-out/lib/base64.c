/* generated from klib-src/lib/base64.ts by klibc - do not edit */
#include <kernel.h>
#include "base64.h"

/* Base64 (RFC 4648 section 4, with padding). Pure: runs under Node in the tests. */

/* The bytes base64Encode writes for `n` input bytes. */
bytes base64_encoded_length(bytes n)
{
    return (n + 2) / 3 * 4;
}

static u32 base64_char(u32 v)
{
    if (v < 26)
        return 65 + v;
    if (v < 52)
        return 71 + v;
    if (v < 62)
        return v - 4;
    return v == 62 ? 43 : 47;
}

static s32 base64_value(u32 c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 65;
    if (c >= 'a' && c <= 'z')
        return c - 71;
    if (c >= '0' && c <= '9')
        return c + 4;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Encodes `n` bytes at src[off] into dst (room for base64EncodedLength(n)); returns the length. */
bytes base64_encode(u8 *src, bytes off, bytes n, u8 *dst)
{
    bytes o = 0;
    bytes i = 0;
    while (i + 3 <= n) {
        u32 v = (src[off + i] << 16) | (src[off + i + 1] << 8) | src[off + i + 2];
        dst[o] = base64_char(v >> 18);
        dst[o + 1] = base64_char((v >> 12) & 63);
        dst[o + 2] = base64_char((v >> 6) & 63);
        dst[o + 3] = base64_char(v & 63);
        i += 3;
        o += 4;
    }
    if (i < n) {
        boolean two = i + 1 < n;
        u32 v = (src[off + i] << 16) | (two ? src[off + i + 1] << 8 : 0);
        dst[o] = base64_char(v >> 18);
        dst[o + 1] = base64_char((v >> 12) & 63);
        dst[o + 2] = two ? base64_char((v >> 6) & 63) : 61;
        dst[o + 3] = '=';
        o += 4;
    }
    return o;
}

/* Decodes canonical padded base64 (`n` a multiple of 4, no whitespace, unused bits zero) from
 * src[off] into dst (room for n / 4 * 3 bytes); returns the length, or -1 for invalid input. */
s64 base64_decode(u8 *src, bytes off, bytes n, u8 *dst)
{
    if (n % 4 != 0)
        return -1;
    bytes o = 0;
    for (bytes i = 0; i < n; i += 4) {
        boolean last = i + 4 == n;
        s32 a = base64_value(src[off + i]);
        s32 b = base64_value(src[off + i + 1]);
        u32 c3 = src[off + i + 2];
        u32 c4 = src[off + i + 3];
        if (a < 0 || b < 0)
            return -1;
        if (last && c3 == 61) {
            if (c4 != 61 || (b & 15) != 0)
                return -1;
            dst[o] = (a << 2) | (b >> 4);
            return o + 1;
        }
        s32 c = base64_value(c3);
        if (c < 0)
            return -1;
        if (last && c4 == 61) {
            if ((c & 3) != 0)
                return -1;
            dst[o] = ((a << 2) | (b >> 4)) & 255;
            dst[o + 1] = ((b << 4) | (c >> 2)) & 255;
            return o + 2;
        }
        s32 d = base64_value(c4);
        if (d < 0)
            return -1;
        dst[o] = ((a << 2) | (b >> 4)) & 255;
        dst[o + 1] = ((b << 4) | (c >> 2)) & 255;
        dst[o + 2] = ((c << 6) | d) & 255;
        o += 3;
    }
    return o;
}
