/* generated from test/codegen/golden/libuser/libuser.ts by klibc - do not edit */
#include <kernel.h>
#include "../libshared/text.h"
#include "libuser.h"

static struct libuser {
    u32 lines;
} libuser;

#line 9 "test/codegen/golden/libuser/libuser.ts"
void measure(span s, u8 *p)
{
#line 10 "test/codegen/golden/libuser/libuser.ts"
    libuser.lines += count_byte(p, s->length, 10);
}

#line 13 "test/codegen/golden/libuser/libuser.ts"
s32 init(status_handler complete)
{
    (void)complete;
#line 14 "test/codegen/golden/libuser/libuser.ts"
    return KLIB_INIT_OK;
}
