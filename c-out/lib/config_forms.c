/* generated from klib-src/lib/config_forms.ts by klibc - do not edit */
#include <kernel.h>
#include "ascii.h"
#include "config_forms.h"

/* The forms a configuration value is written in, one parser each: decimal numbers, sizes (k, m, g
 * suffixes), durations (ms, s, m, h), words of a list, characters of a class, host names and
 * `host:port`, PEM text. Every klib reads its manifest keys through these (lib/config_map.ts), so
 * a form means the same in every klib. Pure: no kernel calls, so the same code runs under Node in
 * the tests; every number stays below 10^15, exact in both. */

#define HOST_MAX 253
#define PEM_BEGIN "-----BEGIN "
#define PEM_BEGIN_LENGTH 11
#define MS_PER_SECOND 1000
#define MS_PER_MINUTE (60 * 1000)
#define MS_PER_HOUR (3600 * 1000)

/* The digits p[from, to) as a number; NOT_A_NUMBER when empty, not only digits, or too large. */
u64 decimal_value(u8 *p, bytes from, bytes to)
{
    if (from >= to)
        return NOT_A_NUMBER;
    u64 n = 0;
    for (bytes i = from; i < to; i++) {
        u32 c = p[i];
        if (!is_digit(c) || n >= NOT_A_NUMBER / 10)
            return NOT_A_NUMBER;
        n = n * 10 + (c - '0');
    }
    return n;
}

/* n * unit, or NOT_A_NUMBER when n is not a number or the product reaches it. */
static u64 scaled(u64 n, u64 unit)
{
    if (n == NOT_A_NUMBER || n > (NOT_A_NUMBER - 1) / unit)
        return NOT_A_NUMBER;
    return n * unit;
}

/* A size in bytes: digits with one optional k, m or g suffix (powers of 1024, either case). */
u64 size_value(u8 *p, bytes from, bytes to)
{
    if (from >= to)
        return NOT_A_NUMBER;
    u32 last = lower_case(p[to - 1]);
    if (last == 'k')
        return scaled(decimal_value(p, from, to - 1), 1024);
    if (last == 'm')
        return scaled(decimal_value(p, from, to - 1), 1024 * 1024);
    if (last == 'g')
        return scaled(decimal_value(p, from, to - 1), 1024 * 1024 * 1024);
    return decimal_value(p, from, to);
}

/* A duration in milliseconds: digits with one unit, `ms`, `s`, `m` or `h` (`500ms`, `10s`, `2m`,
 * `1h`), or bare digits, which count `bareMs` milliseconds each (1000 where a plain number has
 * always meant seconds). */
u64 duration_value(u8 *p, bytes from, bytes to, u64 bare_ms)
{
    if (from >= to)
        return NOT_A_NUMBER;
    u32 last = p[to - 1];
    if (last == 's') {
        if (to - from >= 2 && p[to - 2] == 'm')
            return decimal_value(p, from, to - 2);
        return scaled(decimal_value(p, from, to - 1), MS_PER_SECOND);
    }
    if (last == 'm')
        return scaled(decimal_value(p, from, to - 1), MS_PER_MINUTE);
    if (last == 'h')
        return scaled(decimal_value(p, from, to - 1), MS_PER_HOUR);
    return scaled(decimal_value(p, from, to), bare_ms);
}

/* Where `..` starts in p[0, n) (a range `lo..hi`), or n when there is none. */
bytes range_dots(u8 *p, bytes n)
{
    for (bytes i = 0; i + 1 < n; i++) {
        if (p[i] == '.' && p[i + 1] == '.')
            return i;
    }
    return n;
}

/* Where the space-separated word after position `at` starts in p[0, n) (n when there is none). */
bytes next_word(u8 *p, bytes n, bytes at)
{
    bytes i = at;
    while (i < n && p[i] != ' ')
        i++;
    while (i < n && p[i] == ' ')
        i++;
    return i;
}

/* The end of the word starting at `at` in p[0, n). */
bytes word_end(u8 *p, bytes n, bytes at)
{
    bytes i = at;
    while (i < n && p[i] != ' ')
        i++;
    return i;
}

/* The position of the word v[from, to) among the space-separated words of list[0, n), or
 * NOT_A_NUMBER. */
u64 word_index(u8 *list, bytes n, u8 *v, bytes from, bytes to)
{
    u64 index = 0;
    for (bytes at = 0; at < n; at = next_word(list, n, at)) {
        bytes end = word_end(list, n, at);
        if (end - at == to - from) {
            boolean same = true;
            for (bytes i = 0; same && i < end - at; i++)
                same = list[at + i] == v[from + i];
            if (same)
                return index;
        }
        index++;
    }
    return NOT_A_NUMBER;
}

/* How many space-separated words list[0, n) holds. */
u64 word_count(u8 *list, bytes n)
{
    u64 count = 0;
    for (bytes at = 0; at < n; at = next_word(list, n, at))
        count++;
    return count;
}

/* True for the control characters (below space, and DEL), which no text value may hold. */
boolean is_control(u32 c)
{
    return c < ' ' || c == 127;
}

/* Whether byte c is in the character class cls[from, to), written as in a regular expression
 * without its brackets: single characters and ranges (`A-Za-z0-9_./-`, a `-` last is itself),
 * or `^` and the characters excluded (`^:`). No class (from === to) takes any character; no class
 * takes a control character unless it names it. */
boolean in_class(u8 *cls, bytes from, bytes to, u32 c)
{
    if (from == to)
        return !is_control(c);
    boolean negated = cls[from] == '^';
    boolean found = false;
    for (bytes i = negated ? from + 1 : from; i < to && !found; i++) {
        if (i + 2 < to && cls[i + 1] == '-') {
            found = c >= cls[i] && c <= cls[i + 2];
            i += 2;
        } else {
            found = c == cls[i];
        }
    }
    return negated ? !found && !is_control(c) : found;
}

static boolean is_host_byte(u32 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '-';
}

/* A host name in p[from, to): 1 to 253 letters, digits, dots and dashes. */
boolean is_host(u8 *p, bytes from, bytes to)
{
    if (from >= to || to - from > HOST_MAX)
        return false;
    for (bytes i = from; i < to; i++)
        if (!is_host_byte(p[i]))
            return false;
    return true;
}

/* `host` or `host:port` in p[0, n), the port 1 to 65535. */
boolean is_endpoint(u8 *p, bytes n)
{
    bytes colon = n;
    for (bytes i = 0; i < n && colon == n; i++)
        if (p[i] == ':')
            colon = i;
    if (!is_host(p, 0, colon))
        return false;
    if (colon == n)
        return true;
    u64 port = decimal_value(p, colon + 1, n);
    return port >= 1 && port <= 65535;
}

/* Whether p[0, n) looks like PEM text: a `-----BEGIN ` line somewhere in it. */
boolean is_pem(u8 *p, bytes n)
{
    for (bytes at = 0; at + PEM_BEGIN_LENGTH <= n; at++) {
        boolean same = true;
        for (bytes j = 0; same && j < PEM_BEGIN_LENGTH; j++)
            same = p[at + j] == (u8)PEM_BEGIN[j];
        if (same)
            return true;
    }
    return false;
}
