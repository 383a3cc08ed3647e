/* generated from klib-src/lib/percent.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "percent.h"

#line 7 "klib-src/lib/percent.ts"
boolean is_unreserved(u32 c)
{
#line 8 "klib-src/lib/percent.ts"
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45 || c == 46 || c == 95 || c == 126;
}

#line 13 "klib-src/lib/percent.ts"
bytes percent_encoded_max_length(bytes n)
{
#line 14 "klib-src/lib/percent.ts"
    return 3 * n;
}

#line 21 "klib-src/lib/percent.ts"
bytes percent_encode(u8 *src, bytes off, bytes n, u8 *dst, boolean keep_slash)
{
#line 22 "klib-src/lib/percent.ts"
    bytes o = 0;
    for (bytes i = 0; i < n; i++) {
        u32 c = src[off + i];
        if (is_unreserved(c) || (keep_slash && c == 47)) {
            dst[o++] = c;
        } else {
            dst[o] = 37;
            dst[o + 1] = hex_digit_upper(c >> 4);
            dst[o + 2] = hex_digit_upper(c & 15);
            o += 3;
        }
    }
    return o;
}
