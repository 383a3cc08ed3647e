/* generated from test/codegen/golden/libshared/text.ts by klibc - do not edit */
#include <kernel.h>
#include "text.h"

#line 10 "test/codegen/golden/libshared/text.ts"
u32 count_byte(u8 *p, bytes n, u32 b)
{
#line 11 "test/codegen/golden/libshared/text.ts"
    u32 count = 0;
    for (bytes i = 0; i < n; i++) {
        if (p[i] == b)
#line 13 "test/codegen/golden/libshared/text.ts"
            count++;
    }
    return count;
}
