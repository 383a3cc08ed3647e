/* generated from test/codegen/golden/prelude/prelude.ts by klibc - do not edit */
#include <kernel.h>
#include "prelude.h"

/* No import of the prelude: like TypeScript's lib.d.ts it is always there, so `u32`, `Fixed`,
 * `closure` and `sizeOf` need no import (the kernel's bindings still do). */

bytes counter_size(void)
{
    return sizeof(struct counter);
}

void bump(counter c, u32 slot)
{
    c->hits[slot & 3]++;
    c->total++;
}

closure_function(1, 0, void, bumper_closure,
                 counter, c)
{
    bump(bound(c), 0);
}

thunk bumper(heap h, counter c)
{
    return closure(h, bumper_closure, c);
}
