/* generated from test/codegen/golden/modules/modules.ts by klibc - do not edit */
#include <kernel.h>
#include "util.h"
#include "modules.h"

static struct modules {
    struct counter *c;
} modules;

#line 9 "test/codegen/golden/modules/modules.ts"
s32 init(status_handler complete)
{
#line 10 "test/codegen/golden/modules/modules.ts"
    u32 limit = MAX_COUNT;
    if (modules.c != 0)
#line 11 "test/codegen/golden/modules/modules.ts"
        bump(modules.c, limit);
    apply(complete, STATUS_OK);
    return KLIB_INIT_OK;
}
