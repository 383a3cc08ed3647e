/* generated from klib-src/lib/base64.ts by klibc - do not edit */
#include <kernel.h>
#include "base64.h"

#line 6 "klib-src/lib/base64.ts"
bytes base64_encoded_length(bytes n)
{
#line 7 "klib-src/lib/base64.ts"
    return (n + 2) / 3 * 4;
}

#line 10 "klib-src/lib/base64.ts"
static u32 base64_char(u32 v)
{
#line 11 "klib-src/lib/base64.ts"
    if (v < 26)
#line 11 "klib-src/lib/base64.ts"
        return 65 + v;
    if (v < 52)
#line 12 "klib-src/lib/base64.ts"
        return 71 + v;
    if (v < 62)
#line 13 "klib-src/lib/base64.ts"
        return v - 4;
    return v == 62 ? 43 : 47;
}

#line 17 "klib-src/lib/base64.ts"
static s32 base64_value(u32 c)
{
#line 18 "klib-src/lib/base64.ts"
    if (c >= 65 && c <= 90)
#line 18 "klib-src/lib/base64.ts"
        return c - 65;
    if (c >= 97 && c <= 122)
#line 19 "klib-src/lib/base64.ts"
        return c - 71;
    if (c >= 48 && c <= 57)
#line 20 "klib-src/lib/base64.ts"
        return c + 4;
    if (c == 43)
#line 21 "klib-src/lib/base64.ts"
        return 62;
    if (c == 47)
#line 22 "klib-src/lib/base64.ts"
        return 63;
    return -1;
}

#line 27 "klib-src/lib/base64.ts"
bytes base64_encode(u8 *src, bytes off, bytes n, u8 *dst)
{
#line 28 "klib-src/lib/base64.ts"
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
        dst[o + 3] = 61;
        o += 4;
    }
    return o;
}

#line 55 "klib-src/lib/base64.ts"
s64 base64_decode(u8 *src, bytes off, bytes n, u8 *dst)
{
#line 56 "klib-src/lib/base64.ts"
    if (n % 4 != 0)
#line 56 "klib-src/lib/base64.ts"
        return -1;
    bytes o = 0;
    for (bytes i = 0; i < n; i += 4) {
        boolean last = i + 4 == n;
        s32 a = base64_value(src[off + i]);
        s32 b = base64_value(src[off + i + 1]);
        u32 c3 = src[off + i + 2];
        u32 c4 = src[off + i + 3];
        if (a < 0 || b < 0)
#line 64 "klib-src/lib/base64.ts"
            return -1;
        if (last && c3 == 61) {
            if (c4 != 61 || (b & 15) != 0)
#line 66 "klib-src/lib/base64.ts"
                return -1;
            dst[o] = (a << 2) | (b >> 4);
            return o + 1;
        }
        s32 c = base64_value(c3);
        if (c < 0)
#line 71 "klib-src/lib/base64.ts"
            return -1;
        if (last && c4 == 61) {
            if ((c & 3) != 0)
#line 73 "klib-src/lib/base64.ts"
                return -1;
            dst[o] = ((a << 2) | (b >> 4)) & 255;
            dst[o + 1] = ((b << 4) | (c >> 2)) & 255;
            return o + 2;
        }
        s32 d = base64_value(c4);
        if (d < 0)
#line 79 "klib-src/lib/base64.ts"
            return -1;
        dst[o] = ((a << 2) | (b >> 4)) & 255;
        dst[o + 1] = ((b << 4) | (c >> 2)) & 255;
        dst[o + 2] = ((c << 6) | d) & 255;
        o += 3;
    }
    return o;
}
