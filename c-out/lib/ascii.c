/* generated from klib-src/lib/ascii.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"

/* Byte classes and comparisons for protocol text (ASCII), shared by the parsers and encoders.
 * Pure: no kernel calls, so the same code runs under Node in the tests. */

boolean is_digit(u32 c)
{
    return c >= '0' && c <= '9';
}

u32 lower_case(u32 c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The value of a hexadecimal digit, or -1. */
s32 hex_digit_value(u32 c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The lowercase hexadecimal digit for a value 0..15. */
u32 hex_digit(u32 v)
{
    return v < 10 ? '0' + v : 'a' - 10 + v;
}

/* The uppercase hexadecimal digit for a value 0..15 (percent-encoding, RFC 3986 2.1). */
u32 hex_digit_upper(u32 v)
{
    return v < 10 ? '0' + v : 'A' - 10 + v;
}

/* True when the `n` bytes at `p[off]` equal the literal `text` of length `n`, ignoring ASCII
 * case. */
boolean equals_ignoring_case(u8 *p, bytes off, bytes n, const char *text, bytes text_length)
{
    if (n != text_length)
        return false;
    for (bytes i = 0; i < n; i++) {
        if (lower_case(p[off + i]) != lower_case((u8)text[i]))
            return false;
    }
    return true;
}

/* True when the `n` bytes at `p[off]` equal the literal `text` of length `n`. */
boolean equals_text(u8 *p, bytes off, bytes n, const char *text, bytes text_length)
{
    if (n != text_length)
        return false;
    for (bytes i = 0; i < n; i++) {
        if (p[off + i] != (u8)text[i])
            return false;
    }
    return true;
}

/* True for the characters of an HTTP token (RFC 9110 5.6.2 tchar). */
boolean is_token_char(u32 c)
{
    if (c >= '0' && c <= '9')
        return true;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return true;
    switch (c) {
    case 33:
    case 35:
    case 36:
    case 37:
    case 38:
    case 39:
    case 42:
    case 43:
    case 45:
    case 46:
    case 94:
    case 95:
    case 96:
    case 124:
    case 126:
        return true;
    default:
        return false;
    }
}

/* Writes `value` as exactly `width` decimal digits (zero-padded, high digits dropped) at
 * dst[off]. */
bytes put_decimal(u8 *dst, bytes off, u32 value, u32 width)
{
    u32 v = value;
    for (u32 i = width; i > 0; i--) {
        dst[off + i - 1] = 48 + v % 10;
        v = v / 10;
    }
    return off + width;
}
