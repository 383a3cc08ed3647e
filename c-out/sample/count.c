/* generated from klib-src/sample/count.ts by klibc - do not edit */
#include <kernel.h>
#include "count.h"

#define NEWLINE 10

#line 8 "klib-src/sample/count.ts"
u64 count_newlines(const char *s, bytes count)
{
#line 9 "klib-src/sample/count.ts"
    u64 lines = 0;
    for (bytes i = 0; i < count; i++) {
        if ((u8)s[i] == NEWLINE)
#line 11 "klib-src/sample/count.ts"
            lines++;
    }
    return lines;
}
