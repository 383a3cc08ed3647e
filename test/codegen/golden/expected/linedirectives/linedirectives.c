/* generated from test/codegen/golden/linedirectives/linedirectives.ts by klibc - do not edit */
#include <kernel.h>
#include "linedirectives.h"

/* With --line-directives (the hosted test build), each definition starts with `#line N "file"`
 * and a further one follows wherever the C drifts from the source line, so gcc, gdb and the
 * sanitizers point at the TypeScript. */

#line 6 "test/codegen/golden/linedirectives/linedirectives.ts"
u32 clamp(u32 x, u32 limit)
{
    /* Comments and wrapped lines shift the C: the directives follow. */
#line 8 "test/codegen/golden/linedirectives/linedirectives.ts"
    if (x > limit)
#line 8 "test/codegen/golden/linedirectives/linedirectives.ts"
        return limit;
#line 10 "test/codegen/golden/linedirectives/linedirectives.ts"
    return x;
}

u32 sum(u32 n)
{
#line 14 "test/codegen/golden/linedirectives/linedirectives.ts"
    u32 total = 0;
    for (u32 i = 0; i < n; i++)
#line 15 "test/codegen/golden/linedirectives/linedirectives.ts"
        total += clamp(i, 10);
    return total;
}
