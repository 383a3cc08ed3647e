/* generated from test/codegen/golden/libshared/text.ts by klibc - do not edit */
#include <kernel.h>
#include "text.h"

/* A library folder: no init, so it is no klib of its own; klibs that import it link its C. */

u32 count_byte(u8 *p, bytes n, u32 b)
{
    u32 count = 0;
    for (bytes i = 0; i < n; i++) {
        if (p[i] == b)
            count++;
    }
    return count;
}
