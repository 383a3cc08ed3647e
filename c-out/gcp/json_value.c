/* generated from klib-src/gcp/json_value.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/ascii.h"
#include "json_value.h"

#define QUOTE 34
#define BACKSLASH 92
#define MINUS 45
#define DOT 46

#line 19 "klib-src/gcp/json_value.ts"
boolean is_string_value(u8 *p, bytes start)
{
#line 20 "klib-src/gcp/json_value.ts"
    return p[start] == QUOTE;
}

#line 23 "klib-src/gcp/json_value.ts"
boolean is_boolean_value(u8 *p, bytes start)
{
#line 24 "klib-src/gcp/json_value.ts"
    return p[start] == 116 || p[start] == 102;
}

#line 28 "klib-src/gcp/json_value.ts"
boolean is_plain_string(u8 *p, bytes start, bytes end)
{
#line 29 "klib-src/gcp/json_value.ts"
    if (end - start < 2 || p[start] != QUOTE)
#line 29 "klib-src/gcp/json_value.ts"
        return false;
    for (bytes i = start + 1; i < end - 1; i++)
#line 30 "klib-src/gcp/json_value.ts"
        if (p[i] == BACKSLASH)
#line 30 "klib-src/gcp/json_value.ts"
            return false;
    return true;
}

#line 35 "klib-src/gcp/json_value.ts"
static boolean all_digits(u8 *p, bytes start, bytes end)
{
#line 36 "klib-src/gcp/json_value.ts"
    if (start >= end)
#line 36 "klib-src/gcp/json_value.ts"
        return false;
    for (bytes i = start; i < end; i++)
#line 37 "klib-src/gcp/json_value.ts"
        if (!is_digit(p[i]))
#line 37 "klib-src/gcp/json_value.ts"
            return false;
    return true;
}

#line 46 "klib-src/gcp/json_value.ts"
s64 whole_number_value(u8 *p, bytes start, bytes end, u64 limit)
{
#line 47 "klib-src/gcp/json_value.ts"
    if (p[start] == QUOTE) {
        start++;
        end--;
    }
    if (!all_digits(p, start, end))
#line 51 "klib-src/gcp/json_value.ts"
        return -1;
    u64 v = 0;
    for (bytes i = start; i < end; i++) {
        v = v * 10 + (p[i] - 48);
        if (v > limit)
#line 55 "klib-src/gcp/json_value.ts"
            return -1;
    }
    return (s64)v;
}

#line 66 "klib-src/gcp/json_value.ts"
static boolean fits_signed(u8 *p, bytes start, bytes end, boolean negative, const char *max,
                           bytes max_length)
{
#line 67 "klib-src/gcp/json_value.ts"
    bytes i = start;
    while (i < end - 1 && p[i] == 48)
#line 68 "klib-src/gcp/json_value.ts"
        i++;
    bytes n = end - i;
    if (n != max_length)
#line 70 "klib-src/gcp/json_value.ts"
        return n < max_length;
    for (bytes k = 0; k < n; k++) {
        u32 c = p[i + k];
        u32 m = (u8)max[k];
        if (c < m)
#line 74 "klib-src/gcp/json_value.ts"
            return true;
        if (c > m)
#line 75 "klib-src/gcp/json_value.ts"
            return negative && k == n - 1 && c == m + 1;
    }
    return true;
}

#line 81 "klib-src/gcp/json_value.ts"
static boolean is_signed_text(u8 *p, bytes start, bytes end, const char *max, bytes max_length)
{
#line 82 "klib-src/gcp/json_value.ts"
    boolean negative = start < end && p[start] == MINUS;
    if (negative)
#line 83 "klib-src/gcp/json_value.ts"
        start++;
    return all_digits(p, start, end) && fits_signed(p, start, end, negative, max, max_length);
}

#line 92 "klib-src/gcp/json_value.ts"
boolean is_int64_value(u8 *p, bytes start, bytes end)
{
#line 93 "klib-src/gcp/json_value.ts"
    if (p[start] == QUOTE)
#line 93 "klib-src/gcp/json_value.ts"
        return is_signed_text(p, start + 1, end - 1, "9223372036854775807", 19);
    return is_signed_text(p, start, end, "9007199254740991", 16);
}

#line 98 "klib-src/gcp/json_value.ts"
boolean is_int32_value(u8 *p, bytes start, bytes end)
{
#line 99 "klib-src/gcp/json_value.ts"
    if (p[start] == QUOTE)
#line 99 "klib-src/gcp/json_value.ts"
        return is_signed_text(p, start + 1, end - 1, "2147483647", 10);
    return is_signed_text(p, start, end, "2147483647", 10);
}

#line 107 "klib-src/gcp/json_value.ts"
boolean is_duration_value(u8 *p, bytes start, bytes end)
{
#line 108 "klib-src/gcp/json_value.ts"
    if (!is_plain_string(p, start, end))
#line 108 "klib-src/gcp/json_value.ts"
        return false;
    bytes i = start + 1;
    bytes last = end - 2;
    if (last <= i || p[last] != 115)
#line 111 "klib-src/gcp/json_value.ts"
        return false;
    if (p[i] == MINUS)
#line 112 "klib-src/gcp/json_value.ts"
        i++;
    bytes digits = i;
    u64 seconds = 0;
    while (i < last && is_digit(p[i]) && i - digits < 12) {
        seconds = seconds * 10 + (p[i] - 48);
        i++;
    }
    if (i == digits || seconds > DURATION_MAX_SECONDS)
#line 119 "klib-src/gcp/json_value.ts"
        return false;
    if (i == last)
#line 120 "klib-src/gcp/json_value.ts"
        return true;
    if (p[i] != DOT)
#line 121 "klib-src/gcp/json_value.ts"
        return false;
    bytes fraction = last - (i + 1);
    return fraction >= 1 && fraction <= 9 && all_digits(p, i + 1, last);
}
