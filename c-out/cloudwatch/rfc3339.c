/* generated from klib-src/cloudwatch/rfc3339.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/time_format.h"
#include "rfc3339.h"

/* Reading the RFC 3339 times the metadata service writes (Expiration: 2026-11-25T15:04:05Z). */

#define BAD 0xffffffffffffffffull

static u64 digits(u8 *p, bytes at, bytes n)
{
    u64 v = 0;
    for (bytes i = 0; i < n; i++) {
        u64 c = p[at + i];
        if (c < '0' || c > '9')
            return BAD;
        v = v * 10 + (c - '0');
    }
    return v;
}

/* Unix seconds of YYYY-MM-DDTHH:MM:SS followed by Z or a fraction then Z (offsets other than Z are
 * not produced by IMDS); 0 when the text is not such a time. */
u64 parse_rfc3339_seconds(u8 *p, bytes n)
{
    if (n < 20 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != 't') || p[13] != ':' ||
        p[16] != ':')
        return 0;
    u64 year = digits(p, 0, 4);
    u64 month = digits(p, 5, 2);
    u64 day = digits(p, 8, 2);
    u64 hour = digits(p, 11, 2);
    u64 minute = digits(p, 14, 2);
    u64 second = digits(p, 17, 2);
    if (year == BAD || month == BAD || day == BAD || hour == BAD || minute == BAD || second == BAD)
        return 0;
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 60)
        return 0;
    u64 last = p[n - 1];
    if (last != 'Z' && last != 'z')
        return 0;
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}
