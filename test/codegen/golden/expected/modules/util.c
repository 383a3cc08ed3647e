/* generated from test/codegen/golden/modules/util.ts by klibc - do not edit */
#include <kernel.h>
#include "util.h"

#line 10 "test/codegen/golden/modules/util.ts"
void bump(counter c, u32 limit)
{
#line 11 "test/codegen/golden/modules/util.ts"
    if (c->value < limit)
#line 11 "test/codegen/golden/modules/util.ts"
        c->value++;
}
