/* generated from klib-src/lib/config_values.ts by klibc - do not edit */
#include <kernel.h>
#include "config_values.h"

/* Values of manifest keys, for the klibs' configuration readers. Ops writes every
 * ManifestPassthrough value as a string ("5", "4m"); other tools may give integers. A value that is
 * not what a reader wants comes back as NOT_A_NUMBER (or null), and the reader says which key. */

/* The digits of b[from, to) as a number; NOT_A_NUMBER when empty, not digits, or too large. */
u64 parse_decimal(buffer b, bytes from, bytes to)
{
    if (from >= to)
        return NOT_A_NUMBER;
    u64 n = 0;
    for (bytes i = from; i < to; i++) {
        u8 c = byte(b, i);
        if (c < '0' || c > '9')
            return NOT_A_NUMBER;
        if (n > (NOT_A_NUMBER - 1 - (c - '0')) / 10)
            return NOT_A_NUMBER;
        n = n * 10 + (c - '0');
    }
    return n;
}

/* A string of decimal digits, or an integer value: its number; NOT_A_NUMBER otherwise. */
u64 number_of(value v)
{
    if (!is_string(v))
        return ({ u64 __n; u64_from_value(v, &__n) ? __n : (NOT_A_NUMBER); });
    buffer b = (buffer)(v);
    return parse_decimal(b, 0, buffer_length(b));
}

/* The stock size syntax: digits with one optional k/m/g suffix (powers of 1024). */
u64 parse_size(buffer b)
{
    bytes n = buffer_length(b);
    if (n == 0)
        return NOT_A_NUMBER;
    s32 last = byte(b, n - 1) | 0x20;
    u64 shift = 0;
    if (last == 'k')
        shift = 10;
    else if (last == 'm')
        shift = 20;
    else if (last == 'g')
        shift = 30;
    u64 digits = parse_decimal(b, 0, shift == 0 ? n : n - 1);
    if (digits == NOT_A_NUMBER || digits > (NOT_A_NUMBER >> shift) - 1)
        return NOT_A_NUMBER;
    return digits << shift;
}

/* A size string (parseSize), or an integer value: the size in bytes; NOT_A_NUMBER otherwise. */
u64 size_of(value v)
{
    if (!is_string(v))
        return ({ u64 __n; u64_from_value(v, &__n) ? __n : (NOT_A_NUMBER); });
    return parse_size((buffer)(v));
}

/* A logging.buffer_size value in bytes (sizeOf); NOT_A_NUMBER when it is not a size in range. */
u64 log_buffer_size_of(value v)
{
    u64 n = size_of(v);
    return n >= LOG_BUFFER_MIN_BYTES && n <= LOG_BUFFER_MAX_BYTES ? n : NOT_A_NUMBER;
}

/* Whether b looks like PEM text: a `-----BEGIN ` line somewhere in it. */
boolean is_pem_text(buffer b)
{
    return buffer_strstr(b, ss("-----BEGIN ")) >= 0;
}

/* A copy of b with a NUL after it (mbedtls's PEM parser wants one, counted in the length); null
 * when out of memory. */
buffer copy_with_nul(heap h, buffer b)
{
    buffer copy = allocate_buffer(h, buffer_length(b) + 1);
    if (copy == INVALID_ADDRESS)
        return 0;
    push_buffer(copy, b);
    buffer_write_byte(copy, 0);
    return copy;
}
