/* generated from klib-src/gcp/severity.ts by klibc - do not edit */
#include <kernel.h>
#include "severity.h"

/* Severity of a console line, for LogEntry.severity. Detected from what programs conventionally put
 * first on a line: a syslog priority `<N>` (N mod 8 is the RFC 5424 severity), or a level word,
 * bare or in brackets, in any case: `ERROR: ...`, `[warn] ...`, `Info ...`. A JSON line's
 * `severity` or `level` member uses the same words. Anything else is DEFAULT. Pure: no kernel
 * calls. */

/* Level words and their severity digit ("word=digit,"), longest first where one is a prefix of
 * another; the table ends with a dot (not the NUL, so that Node, which has none, stops too). */
#define WORDS \
    "emergency=8,emerg=8,panic=8,alert=7,critical=6,crit=6,fatal=6,error=5,err=5,warning=4," \
    "warn=4,notice=3,information=2,info=2,debug=1,trace=1,."

#define END_OF_TABLE '.'

static u32 lower(u32 c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static boolean is_word_byte(u32 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Whether some level word of WORDS starts with the (lowercase) letter c. */
static boolean starts_level_word(u32 c)
{
    switch (c) {
    case 'e':
    case 'p':
    case 'a':
    case 'c':
    case 'f':
    case 'w':
    case 'n':
    case 'i':
    case 'd':
    case 't':
        return true;
    default:
        return false;
    }
}

/* The severity of the level word p[at .. at + n) if the whole of it is one (wholeOnly), or if it
 * starts with one followed by a non-word byte or the end; Default otherwise. */
enum severity severity_of_word(u8 *p, bytes at, bytes n, boolean whole_only)
{
    /* Most lines start with a letter no level word starts with (or none): no need to walk the
     * table, which took a tenth of the klib's CPU when every line did. */
    if (n == 0 || !starts_level_word(lower(p[at])))
        return SEVERITY_DEFAULT;
    bytes i = 0;
    while ((u8)WORDS[i] != END_OF_TABLE) {
        bytes k = 0;
        boolean match = true;
        while ((u8)WORDS[i + k] != '=') {
            if (match && (k >= n || lower(p[at + k]) != (u8)WORDS[i + k]))
                match = false;
            k++;
        }
        u32 digit = (u8)WORDS[i + k + 1] - '0';
        if (match && (k == n || (!whole_only && !is_word_byte(p[at + k]))))
            return (enum severity)digit;
        i += k + 3;
    }
    return SEVERITY_DEFAULT;
}

/* The severity a text line announces at its start (after spaces), or Default. */
enum severity detect_severity(u8 *p, bytes at, bytes n)
{
    bytes i = 0;
    while (i < n && (p[at + i] == ' ' || p[at + i] == '\t'))
        i++;
    if (i >= n)
        return SEVERITY_DEFAULT;
    u32 first = p[at + i];
    /* <N>: a syslog priority, facility * 8 + severity, up to 191. */
    if (first == '<') {
        u32 value = 0;
        u32 digits = 0;
        bytes k = i + 1;
        while (k < n && digits < 3 && p[at + k] >= '0' && p[at + k] <= '9') {
            value = value * 10 + (p[at + k] - '0');
            digits++;
            k++;
        }
        if (digits == 0 || k >= n || p[at + k] != '>' || value > 191)
            return SEVERITY_DEFAULT;
        return (enum severity)(SEVERITY_EMERGENCY - (value & 7));
    }
    if (first == '[') {
        enum severity s = severity_of_word(p, at + i + 1, n - i - 1, false);
        /* Only a bracket that closes right after the word: "[warn]", not "[warnings: 3]". */
        bytes w = i + 1;
        while (w < n && is_word_byte(p[at + w]))
            w++;
        return w < n && p[at + w] == ']' ? s : SEVERITY_DEFAULT;
    }
    return severity_of_word(p, at + i, n - i, false);
}

/* The enum name Cloud Logging takes for s. */
sstring severity_name(enum severity s)
{
    switch (s) {
    case SEVERITY_DEBUG:
        return ss("DEBUG");
    case SEVERITY_INFO:
        return ss("INFO");
    case SEVERITY_NOTICE:
        return ss("NOTICE");
    case SEVERITY_WARNING:
        return ss("WARNING");
    case SEVERITY_ERROR:
        return ss("ERROR");
    case SEVERITY_CRITICAL:
        return ss("CRITICAL");
    case SEVERITY_ALERT:
        return ss("ALERT");
    case SEVERITY_EMERGENCY:
        return ss("EMERGENCY");
    default:
        return ss("DEFAULT");
    }
}
