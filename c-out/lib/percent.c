/* generated from klib-src/lib/percent.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "percent.h"

/* RFC 3986 percent-encoding: every byte but the unreserved ALPHA / DIGIT / "-" / "." / "_" / "~"
 * becomes %XX with uppercase hex, as SigV4's canonical request requires. Pure. */

boolean is_unreserved(u32 c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* The most bytes percentEncode writes for `n` input bytes. */
bytes percent_encoded_max_length(bytes n)
{
    return 3 * n;
}

/* Encodes `n` bytes at src[off] into dst; `keepSlash` leaves "/" as is (a path rather than one
 * segment or a query component). Returns the length written. */
bytes percent_encode(u8 *src, bytes off, bytes n, u8 *dst, boolean keep_slash)
{
    bytes o = 0;
    for (bytes i = 0; i < n; i++) {
        u32 c = src[off + i];
        if (is_unreserved(c) || (keep_slash && c == '/')) {
            dst[o++] = c;
        } else {
            dst[o] = '%';
            dst[o + 1] = hex_digit_upper(c >> 4);
            dst[o + 2] = hex_digit_upper(c & 15);
            o += 3;
        }
    }
    return o;
}
