/* generated from test/codegen/golden/headerincludes/counter.ts by klibc - do not edit */
#include <kernel.h>
#include "tally.h"
#include "counter.h"

/* counter.h names `tally` (from tally.ts) in its prototypes and its exported record, so it
 * includes "tally.h" itself: a C file (or a klib) can include counter.h alone, or before
 * tally.h. */

u32 bump(tally t, u32 by)
{
    t->count += by;
    return t->count;
}

u32 total(pair p)
{
    return p->left->count + p->right->count;
}
