/* generated from klib-src/lib/ascii.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"

#line 6 "klib-src/lib/ascii.ts"
boolean is_digit(u32 c)
{
#line 7 "klib-src/lib/ascii.ts"
    return c >= 48 && c <= 57;
}

#line 10 "klib-src/lib/ascii.ts"
u32 lower_case(u32 c)
{
#line 11 "klib-src/lib/ascii.ts"
    return c >= 65 && c <= 90 ? c + 32 : c;
}

#line 15 "klib-src/lib/ascii.ts"
s32 hex_digit_value(u32 c)
{
#line 16 "klib-src/lib/ascii.ts"
    if (c >= 48 && c <= 57)
#line 16 "klib-src/lib/ascii.ts"
        return c - 48;
    if (c >= 97 && c <= 102)
#line 17 "klib-src/lib/ascii.ts"
        return c - 87;
    if (c >= 65 && c <= 70)
#line 18 "klib-src/lib/ascii.ts"
        return c - 55;
    return -1;
}

#line 23 "klib-src/lib/ascii.ts"
u32 hex_digit(u32 v)
{
#line 24 "klib-src/lib/ascii.ts"
    return v < 10 ? 48 + v : 87 + v;
}

#line 28 "klib-src/lib/ascii.ts"
u32 hex_digit_upper(u32 v)
{
#line 29 "klib-src/lib/ascii.ts"
    return v < 10 ? 48 + v : 55 + v;
}

#line 33 "klib-src/lib/ascii.ts"
boolean equals_ignoring_case(u8 *p, bytes off, bytes n, const char *text, bytes text_length)
{
#line 34 "klib-src/lib/ascii.ts"
    if (n != text_length)
#line 34 "klib-src/lib/ascii.ts"
        return false;
    for (bytes i = 0; i < n; i++) {
        if (lower_case(p[off + i]) != lower_case((u8)text[i]))
#line 36 "klib-src/lib/ascii.ts"
            return false;
    }
    return true;
}

#line 42 "klib-src/lib/ascii.ts"
boolean equals_text(u8 *p, bytes off, bytes n, const char *text, bytes text_length)
{
#line 43 "klib-src/lib/ascii.ts"
    if (n != text_length)
#line 43 "klib-src/lib/ascii.ts"
        return false;
    for (bytes i = 0; i < n; i++) {
        if (p[off + i] != (u8)text[i])
#line 45 "klib-src/lib/ascii.ts"
            return false;
    }
    return true;
}

#line 51 "klib-src/lib/ascii.ts"
boolean is_token_char(u32 c)
{
#line 52 "klib-src/lib/ascii.ts"
    if (c >= 48 && c <= 57)
#line 52 "klib-src/lib/ascii.ts"
        return true;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))
#line 53 "klib-src/lib/ascii.ts"
        return true;
    switch (c) {
    case 33:
#line 55 "klib-src/lib/ascii.ts"
    case 35:
#line 55 "klib-src/lib/ascii.ts"
    case 36:
#line 55 "klib-src/lib/ascii.ts"
    case 37:
#line 55 "klib-src/lib/ascii.ts"
    case 38:
#line 55 "klib-src/lib/ascii.ts"
    case 39:
#line 55 "klib-src/lib/ascii.ts"
    case 42:
#line 55 "klib-src/lib/ascii.ts"
    case 43:
#line 55 "klib-src/lib/ascii.ts"
    case 45:
#line 55 "klib-src/lib/ascii.ts"
    case 46:
    case 94:
#line 56 "klib-src/lib/ascii.ts"
    case 95:
#line 56 "klib-src/lib/ascii.ts"
    case 96:
#line 56 "klib-src/lib/ascii.ts"
    case 124:
#line 56 "klib-src/lib/ascii.ts"
    case 126:
        return true;
    default:
        return false;
    }
}

#line 64 "klib-src/lib/ascii.ts"
bytes put_decimal(u8 *dst, bytes off, u32 value, u32 width)
{
#line 65 "klib-src/lib/ascii.ts"
    u32 v = value;
    for (u32 i = width; i > 0; i--) {
        dst[off + i - 1] = 48 + v % 10;
        v = v / 10;
    }
    return off + width;
}
