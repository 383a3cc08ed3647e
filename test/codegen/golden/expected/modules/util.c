/* generated from test/codegen/golden/modules/util.ts by klibc - do not edit */
#include <kernel.h>
#include "util.h"

/* The helper module of the modules golden case. */

void bump(counter c, u32 limit)
{
    if (c->value < limit)
        c->value++;
}
