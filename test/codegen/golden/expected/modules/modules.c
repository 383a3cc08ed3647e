/* generated from test/codegen/golden/modules/modules.ts by klibc - do not edit */
#include <kernel.h>
#include "util.h"

/* Several modules in one klib: a module imports another's functions, records and constants; the
 * C includes that module's header. */

static struct modules {
    struct counter *c;
} modules;

s32 init(status_handler complete)
{
    u32 limit = MAX_COUNT;
    if (modules.c != 0)
        bump(modules.c, limit);
    apply(complete, STATUS_OK);
    return KLIB_INIT_OK;
}
