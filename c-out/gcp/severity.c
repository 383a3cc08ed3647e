/* generated from klib-src/gcp/severity.ts by klibc - do not edit */
#include <kernel.h>
#include "severity.h"

#define WORDS "emergency=8,emerg=8,panic=8,alert=7,critical=6,crit=6,fatal=6,error=5,err=5,warning=4,warn=4,notice=3,information=2,info=2,debug=1,trace=1,."
#define END_OF_TABLE 46

#line 18 "klib-src/gcp/severity.ts"
static u32 lower(u32 c)
{
#line 19 "klib-src/gcp/severity.ts"
    return c >= 65 && c <= 90 ? c + 32 : c;
}

#line 22 "klib-src/gcp/severity.ts"
static boolean is_word_byte(u32 c)
{
#line 23 "klib-src/gcp/severity.ts"
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95;
}

#line 30 "klib-src/gcp/severity.ts"
enum severity severity_of_word(u8 *p, bytes at, bytes n, boolean whole_only)
{
#line 31 "klib-src/gcp/severity.ts"
    bytes i = 0;
    while ((u8)WORDS[i] != END_OF_TABLE) {
        bytes k = 0;
        boolean match = true;
        while ((u8)WORDS[i + k] != 61) {
            if (match && (k >= n || lower(p[at + k]) != (u8)WORDS[i + k]))
#line 36 "klib-src/gcp/severity.ts"
                match = false;
            k++;
        }
        u32 digit = (u8)WORDS[i + k + 1] - 48;
        if (match && (k == n || (!whole_only && !is_word_byte(p[at + k]))))
#line 40 "klib-src/gcp/severity.ts"
            return (enum severity)digit;
        i += k + 3;
    }
    return SEVERITY_DEFAULT;
}

#line 47 "klib-src/gcp/severity.ts"
enum severity detect_severity(u8 *p, bytes at, bytes n)
{
#line 48 "klib-src/gcp/severity.ts"
    bytes i = 0;
    while (i < n && (p[at + i] == 32 || p[at + i] == 9))
#line 49 "klib-src/gcp/severity.ts"
        i++;
    if (i >= n)
#line 50 "klib-src/gcp/severity.ts"
        return SEVERITY_DEFAULT;
    u32 first = p[at + i];
#line 53 "klib-src/gcp/severity.ts"
    if (first == 60) {
        u32 value = 0;
        u32 digits = 0;
        bytes k = i + 1;
        while (k < n && digits < 3 && p[at + k] >= 48 && p[at + k] <= 57) {
            value = value * 10 + (p[at + k] - 48);
            digits++;
            k++;
        }
        if (digits == 0 || k >= n || p[at + k] != 62 || value > 191)
#line 62 "klib-src/gcp/severity.ts"
            return SEVERITY_DEFAULT;
        return (enum severity)(SEVERITY_EMERGENCY - (value & 7));
    }
    if (first == 91) {
        enum severity s = severity_of_word(p, at + i + 1, n - i - 1, false);
#line 68 "klib-src/gcp/severity.ts"
        bytes w = i + 1;
        while (w < n && is_word_byte(p[at + w]))
#line 69 "klib-src/gcp/severity.ts"
            w++;
        return w < n && p[at + w] == 93 ? s : SEVERITY_DEFAULT;
    }
    return severity_of_word(p, at + i, n - i, false);
}

#line 76 "klib-src/gcp/severity.ts"
sstring severity_name(enum severity s)
{
#line 77 "klib-src/gcp/severity.ts"
    switch (s) {
    case SEVERITY_DEBUG:
#line 78 "klib-src/gcp/severity.ts"
        return ss("DEBUG");
    case SEVERITY_INFO:
#line 79 "klib-src/gcp/severity.ts"
        return ss("INFO");
    case SEVERITY_NOTICE:
#line 80 "klib-src/gcp/severity.ts"
        return ss("NOTICE");
    case SEVERITY_WARNING:
#line 81 "klib-src/gcp/severity.ts"
        return ss("WARNING");
    case SEVERITY_ERROR:
#line 82 "klib-src/gcp/severity.ts"
        return ss("ERROR");
    case SEVERITY_CRITICAL:
#line 83 "klib-src/gcp/severity.ts"
        return ss("CRITICAL");
    case SEVERITY_ALERT:
#line 84 "klib-src/gcp/severity.ts"
        return ss("ALERT");
    case SEVERITY_EMERGENCY:
#line 85 "klib-src/gcp/severity.ts"
        return ss("EMERGENCY");
    default:
#line 86 "klib-src/gcp/severity.ts"
        return ss("DEFAULT");
    }
}
