/* generated from klib-src/sample/count.ts by klibc - do not edit */
#include <kernel.h>
#include "count.h"

/* Pure helpers of the sample klib (no kernel calls): the differential test runs them under Node
 * and as C on the same inputs. */

#define NEWLINE '\n'

u64 count_newlines(const char *s, bytes count)
{
    u64 lines = 0;
    for (bytes i = 0; i < count; i++) {
        if ((u8)s[i] == NEWLINE)
            lines++;
    }
    return lines;
}
