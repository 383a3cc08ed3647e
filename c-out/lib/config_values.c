/* generated from klib-src/lib/config_values.ts by klibc - do not edit */
#include <kernel.h>
#include "config_values.h"

#line 14 "klib-src/lib/config_values.ts"
u64 parse_decimal(buffer b, bytes from, bytes to)
{
#line 15 "klib-src/lib/config_values.ts"
    if (from >= to)
#line 15 "klib-src/lib/config_values.ts"
        return NOT_A_NUMBER;
    u64 n = 0;
    for (bytes i = from; i < to; i++) {
        u8 c = byte(b, i);
        if (c < 48 || c > 57)
#line 19 "klib-src/lib/config_values.ts"
            return NOT_A_NUMBER;
        if (n > (NOT_A_NUMBER - 1 - (c - 48)) / 10)
#line 20 "klib-src/lib/config_values.ts"
            return NOT_A_NUMBER;
        n = n * 10 + (c - 48);
    }
    return n;
}

#line 27 "klib-src/lib/config_values.ts"
u64 number_of(value v)
{
#line 28 "klib-src/lib/config_values.ts"
    if (!is_string(v))
#line 28 "klib-src/lib/config_values.ts"
        return ({ u64 __n; u64_from_value(v, &__n) ? __n : (NOT_A_NUMBER); });
    buffer b = ((buffer)(v));
    return parse_decimal(b, 0, buffer_length(b));
}

#line 34 "klib-src/lib/config_values.ts"
u64 parse_size(buffer b)
{
#line 35 "klib-src/lib/config_values.ts"
    bytes n = buffer_length(b);
    if (n == 0)
#line 36 "klib-src/lib/config_values.ts"
        return NOT_A_NUMBER;
    s32 last = byte(b, n - 1) | 0x20;
    u64 shift = 0;
    if (last == 107)
#line 39 "klib-src/lib/config_values.ts"
        shift = 10;
    else
#line 40 "klib-src/lib/config_values.ts"
        if (last == 109)
#line 40 "klib-src/lib/config_values.ts"
            shift = 20;
        else
#line 41 "klib-src/lib/config_values.ts"
            if (last == 103)
#line 41 "klib-src/lib/config_values.ts"
                shift = 30;
    u64 digits = parse_decimal(b, 0, shift == 0 ? n : n - 1);
    if (digits == NOT_A_NUMBER || digits > (NOT_A_NUMBER >> shift) - 1)
#line 43 "klib-src/lib/config_values.ts"
        return NOT_A_NUMBER;
    return digits << shift;
}

#line 48 "klib-src/lib/config_values.ts"
u64 size_of(value v)
{
#line 49 "klib-src/lib/config_values.ts"
    if (!is_string(v))
#line 49 "klib-src/lib/config_values.ts"
        return ({ u64 __n; u64_from_value(v, &__n) ? __n : (NOT_A_NUMBER); });
    return parse_size(((buffer)(v)));
}

#line 66 "klib-src/lib/config_values.ts"
u64 log_buffer_size_of(value v)
{
#line 67 "klib-src/lib/config_values.ts"
    u64 n = size_of(v);
    return n >= LOG_BUFFER_MIN_BYTES && n <= LOG_BUFFER_MAX_BYTES ? n : NOT_A_NUMBER;
}

#line 72 "klib-src/lib/config_values.ts"
boolean is_pem_text(buffer b)
{
#line 73 "klib-src/lib/config_values.ts"
    return buffer_strstr(b, ss("-----BEGIN ")) >= 0;
}

#line 77 "klib-src/lib/config_values.ts"
buffer copy_with_nul(heap h, buffer b)
{
#line 78 "klib-src/lib/config_values.ts"
    buffer copy = allocate_buffer(h, buffer_length(b) + 1);
    if (copy == INVALID_ADDRESS)
#line 79 "klib-src/lib/config_values.ts"
        return 0;
    push_buffer(copy, b);
    buffer_write_byte(copy, 0);
    return copy;
}
