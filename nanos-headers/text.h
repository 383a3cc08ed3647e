/* Strings are buffers; digit parsing is inline so klibs need no kernel
   symbol to read numbers. */
#ifndef NANOS_HEADERS_TEXT_H
#define NANOS_HEADERS_TEXT_H

#define CHARACTER_INVALID 0xfffffffful

typedef buffer string;

/* value of a hex/decimal digit, -1 if x is not one */
static inline s8 digit_of(character x)
{
    if (x >= '0' && x <= '9')
        return x - '0';
    if (x >= 'a' && x <= 'f')
        return x - 'a' + 10;
    if (x >= 'A' && x <= 'F')
        return x - 'A' + 10;
    return -1;
}

/* Consumes the leading digits of b (in base) into *result; false when
   there is none. Stops at the first non-digit, which stays in b. */
static inline boolean parse_int(buffer b, u32 base, u64 *result)
{
    boolean found = false;
    *result = 0;
    while (buffer_length(b)) {
        s8 d = digit_of(byte(b, 0));
        if (d < 0 || (u32)d >= base)
            break;
        pop_u8(b);
        *result = *result * base + d;
        found = true;
    }
    return found;
}

static inline boolean is_signed_int_string(buffer b)
{
    return buffer_length(b) > 0 && byte(b, 0) == '-';
}

static inline boolean parse_signed_int(buffer b, u32 base, s64 *result)
{
    boolean negative = is_signed_int_string(b);
    if (negative)
        pop_u8(b);
    u64 magnitude;
    if (!parse_int(b, base, &magnitude))
        return false;
    *result = negative ? -(s64)magnitude : (s64)magnitude;
    return true;
}

#endif
