/* generated from klib-src/lib/config_keys.ts by klibc - do not edit */
#include <kernel.h>
#include "config_forms.h"
#include "config_keys.h"

/* The vocabulary of a klib's table of keys, and what a row accepts in words. Each klib declares the
 * keys of its manifest tuple once, as `const KEYS: readonly ConfigKey[]` in its config module;
 * lib/config_map.ts reads the tuple by it and, for a value that is not valid, gives the row's rule
 * (writeRule) after "must be": `1s..1h` is "a duration from 1s to 1h ...", `1..512 [^:]` "1 to 512
 * characters, without control characters or ':'", `udp tcp tls` "one of udp, tcp, tls".
 * codegen/config_tables.ts writes the README's key table from the same rows (`npm run gen`), in its
 * own words. lib/README.md, "Configuration", has the whole story. */

static void write_bounds(buffer b, u8 *p, bytes n, sstring lead);
static void write_text_rule(buffer b, u8 *p, bytes n);

/* ---- the rule, in words ---- */
/* What the row accepts, in words, from its kind and range. */
void write_rule(buffer b, enum config_kind kind, sstring range)
{
    u8 *p = (u8 *)(range).ptr;
    bytes n = (range).len;
    switch (kind) {
    case CONFIG_KIND_SECTION:
        bprintf(b, "a tuple");
        return;
    case CONFIG_KIND_SWITCH:
        bprintf(b, "on or off");
        return;
    case CONFIG_KIND_HOST:
        bprintf(b, "a host name: 1 to 253 letters, digits, dots and dashes");
        return;
    case CONFIG_KIND_ENDPOINT:
        bprintf(b, "host or host:port (a host name, and a port from 1 to 65535)");
        return;
    case CONFIG_KIND_PEM:
        bprintf(b, "PEM text (-----BEGIN CERTIFICATE----- ...)");
        return;
    case CONFIG_KIND_LABELS:
        {
            bytes dots = range_dots(p, n);
            bprintf(b, "a tuple of ");
            if (dots + 2 < n) {
                bprintf(b, "at most ");
                buffer_write(b, p + (dots + 2), n - dots - 2);
                bprintf(b, " ");
            }
            bprintf(b, "names with string values");
            return;
        }
    case CONFIG_KIND_CHOICE:
    case CONFIG_KIND_ONE_OF:
    case CONFIG_KIND_CHOICE_OR_NUMBER:
        bprintf(b, "one of ");
        for (bytes at = 0; at < n; at = next_word(p, n, at)) {
            if (at > 0)
                bprintf(b, ", ");
            buffer_write(b, p + at, word_end(p, n, at) - at);
        }
        if (kind == CONFIG_KIND_CHOICE_OR_NUMBER)
            bprintf(b, ", or a number from 0 to %lu", word_count(p, n) - 1);
        return;
    case CONFIG_KIND_INTEGER:
        bprintf(b, "a number");
        write_bounds(b, p, n, ss(" "));
        return;
    case CONFIG_KIND_SIZE:
        bprintf(b, "a size");
        write_bounds(b, p, n, ss(" "));
        bprintf(b, ": bytes, or a number with a k, m or g suffix (such as 4m)");
        return;
    case CONFIG_KIND_SECONDS:
    case CONFIG_KIND_MILLISECONDS:
    case CONFIG_KIND_PLAIN_MILLISECONDS:
        bprintf(b, "a duration");
        write_bounds(b, p, n, ss(" "));
        if (kind == CONFIG_KIND_SECONDS)
            bprintf(b, " in whole seconds");
        bprintf(b, ": a number with a unit, ms, s, m or h");
        if (kind == CONFIG_KIND_PLAIN_MILLISECONDS)
            bprintf(b, " (a plain number is milliseconds)");
        else
            bprintf(b, " (a plain number is seconds)");
        return;
    case CONFIG_KIND_TEXT:
        write_text_rule(b, p, n);
        return;
    default:
        bprintf(b, "a valid value");
    }
}

/* ` from A to B`, ` of at least A`, ` of at most B` (A and B as the range writes them). */
static void write_bounds(buffer b, u8 *p, bytes n, sstring lead)
{
    bytes dots = range_dots(p, n);
    if (dots == n)
        return;
    buffer_write_sstring(b, lead);
    if (dots > 0 && dots + 2 < n) {
        bprintf(b, "from ");
        buffer_write(b, p + 0, dots);
        bprintf(b, " to ");
        buffer_write(b, p + (dots + 2), n - dots - 2);
    } else if (dots > 0) {
        bprintf(b, "of at least ");
        buffer_write(b, p + 0, dots);
    } else {
        bprintf(b, "of at most ");
        buffer_write(b, p + (dots + 2), n - dots - 2);
    }
}

/* `1 to 512 characters of [A-Za-z0-9_./-]`, `at least 1 character, without control characters or
 * ':'`. */
static void write_text_rule(buffer b, u8 *p, bytes n)
{
    bytes lengths = word_end(p, n, 0);
    bytes dots = range_dots(p, lengths);
    if (dots == lengths) {
        bprintf(b, "text");
    } else if (dots > 0 && dots + 2 < lengths) {
        buffer_write(b, p + 0, dots);
        bprintf(b, " to ");
        buffer_write(b, p + (dots + 2), lengths - dots - 2);
        bprintf(b, " characters");
    } else {
        bytes from = dots > 0 ? 0 : dots + 2;
        bytes to = dots > 0 ? dots : lengths;
        buffer_write_sstring(b, dots > 0 ? ss("at least ") : ss("at most "));
        buffer_write(b, p + from, to - from);
        buffer_write_sstring(b,
                             decimal_value(p, from, to) == 1
                             ? ss(" character")
                             : ss(" characters"));
    }
    bytes cls = next_word(p, n, 0);
    if (cls < n && p[cls + 1] != '^') {
        bprintf(b, " of ");
        buffer_write(b, p + cls, n - cls);
        return;
    }
    bprintf(b, ", without control characters");
    if (cls >= n)
        return;
    for (bytes i = cls + 2; i + 1 < n; i++) {
        buffer_write_sstring(b, i + 2 < n ? ss(", ") : ss(" or "));
        buffer_write_byte(b, '\'');
        buffer_write_byte(b, p[i]);
        buffer_write_byte(b, '\'');
    }
}
