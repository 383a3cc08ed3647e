/* generated from klib-src/logpipe/framing.ts by klibc - do not edit */
#include <kernel.h>
#include "framing.h"

#define NEWLINE 10

#line 8 "klib-src/logpipe/framing.ts"
bytes logpipe_find_newline(const char *s, bytes from, bytes count)
{
#line 9 "klib-src/logpipe/framing.ts"
    bytes i = from;
    while (i < count && (u8)s[i] != NEWLINE)
#line 10 "klib-src/logpipe/framing.ts"
        i++;
    return i;
}
