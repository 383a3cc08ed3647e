/* generated from test/codegen/golden/headerincludes/hooks.ts by klibc - do not edit */
#include <kernel.h>
#include "tally.h"
#include "hooks.h"

/* A function pointer type a module declares (@fnptr) is spelled out wherever it is used, so the
 * header of a record with such a field includes the headers of the records the type names:
 * hooks.h includes "tally.h" for `Bump`'s parameter. */

static u32 add_twice(tally t, u32 by)
{
    t->count += 2 * by;
    return t->count;
}

void install(hooks h)
{
    h->bump = add_twice;
}

u32 run(hooks h, tally t)
{
    return h->bump(t, 1);
}
