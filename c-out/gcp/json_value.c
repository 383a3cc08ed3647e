/* generated from klib-src/gcp/json_value.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/ascii.h"
#include "json_value.h"

/* Checks of one JSON value of a console line (already validated: RFC 8259, well-formed UTF-8)
 * against the proto3 JSON form of the LogEntry field it would be lifted into. A value Cloud Logging
 * would refuse makes it refuse the whole request, so a member is only lifted when every value in it
 * passes these checks; otherwise it stays in the jsonPayload, untouched.
 * Values are spans p[start .. end) of the line, strings with their quotes.
 * Pure: no kernel calls, so the same code runs under Node in the tests. */

#define QUOTE '"'
#define BACKSLASH '\\'
#define MINUS '-'
#define DOT '.'

boolean is_string_value(u8 *p, bytes start)
{
    return p[start] == QUOTE;
}

boolean is_boolean_value(u8 *p, bytes start)
{
    return p[start] == 't' || p[start] == 'f';
}

/* A string without escapes: its characters are its bytes (escaped times or numbers are not
 * lifted). */
boolean is_plain_string(u8 *p, bytes start, bytes end)
{
    if (end - start < 2 || p[start] != QUOTE)
        return false;
    for (bytes i = start + 1; i < end - 1; i++)
        if (p[i] == BACKSLASH)
            return false;
    return true;
}

/* True when p[start .. end) is one or more decimal digits. */
static boolean all_digits(u8 *p, bytes start, bytes end)
{
    if (start >= end)
        return false;
    for (bytes i = start; i < end; i++)
        if (!is_digit(p[i]))
            return false;
    return true;
}

/* The value of a whole number given as digits, bare (a JSON number) or quoted (how proto3 JSON
 * writes 64-bit integers); -1 for anything else (a sign, a fraction, an exponent, an escape) or
 * above `limit` (at most 2^53 / 10, so the arithmetic is exact in TypeScript too). */
s64 whole_number_value(u8 *p, bytes start, bytes end, u64 limit)
{
    if (p[start] == QUOTE) {
        start++;
        end--;
    }
    if (!all_digits(p, start, end))
        return -1;
    u64 v = 0;
    for (bytes i = start; i < end; i++) {
        v = v * 10 + (p[i] - '0');
        if (v > limit)
            return -1;
    }
    return (s64)v;
}

/* True when the digits p[start .. end) are a magnitude a signed integer of the type whose largest
 * value is `max` (its decimal text, `maxLength` digits) can hold: up to max, or max + 1 when
 * negative (the two's complement minimum; no maximum used here ends in 9, so max + 1 only differs
 * in its last digit). */
static boolean fits_signed(u8 *p, bytes start, bytes end, boolean negative, const char *max,
                           bytes max_length)
{
    bytes i = start;
    while (i < end - 1 && p[i] == '0')
        i++; /* leading zeros of a quoted value ("007") do not count */
    bytes n = end - i;
    if (n != max_length)
        return n < max_length;
    for (bytes k = 0; k < n; k++) {
        u32 c = p[i + k];
        u32 m = (u8)max[k];
        if (c < m)
            return true;
        if (c > m)
            return negative && k == n - 1 && c == m + 1;
    }
    return true;
}

/* Digits with an optional minus (p[start .. end), unquoted) within a signed type's range
 * (fitsSigned). */
static boolean is_signed_text(u8 *p, bytes start, bytes end, const char *max, bytes max_length)
{
    boolean negative = start < end && p[start] == MINUS;
    if (negative)
        start++;
    return all_digits(p, start, end) && fits_signed(p, start, end, negative, max, max_length);
}

/* An int64 field's value (HttpRequest.requestSize, LogEntrySourceLocation.line, ...): a quoted
 * integer in the int64 range (proto3 JSON's own form), or a bare one within ±(2^53 - 1), the range
 * every JSON reader holds exactly (RFC 8259 section 6); a larger bare number stays in the
 * payload. */
boolean is_int64_value(u8 *p, bytes start, bytes end)
{
    if (p[start] == QUOTE)
        return is_signed_text(p, start + 1, end - 1, "9223372036854775807", 19);
    return is_signed_text(p, start, end, "9007199254740991", 16);
}

/* An int32 field's value (HttpRequest.status), bare or quoted. */
boolean is_int32_value(u8 *p, bytes start, bytes end)
{
    if (p[start] == QUOTE)
        return is_signed_text(p, start + 1, end - 1, "2147483647", 10);
    return is_signed_text(p, start, end, "2147483647", 10);
}

/* A google.protobuf.Duration in proto3 JSON: a string of seconds with up to 9 fraction digits and
 * the suffix `s` ("3.5s", "-0.001s", "12s"), within DURATION_MAX_SECONDS either way. */
boolean is_duration_value(u8 *p, bytes start, bytes end)
{
    if (!is_plain_string(p, start, end))
        return false;
    bytes i = start + 1;
    bytes last = end - 2; /* the `s` */
    if (last <= i || p[last] != 's')
        return false;
    if (p[i] == MINUS)
        i++;
    bytes digits = i;
    u64 seconds = 0;
    while (i < last && is_digit(p[i]) && i - digits < 12) {
        seconds = seconds * 10 + (p[i] - '0');
        i++;
    }
    if (i == digits || seconds > DURATION_MAX_SECONDS)
        return false;
    if (i == last)
        return true;
    if (p[i] != DOT)
        return false;
    bytes fraction = last - (i + 1);
    return fraction >= 1 && fraction <= 9 && all_digits(p, i + 1, last);
}
