/* generated from test/codegen/golden/headerincludes/counter.ts by klibc - do not edit */
#include <kernel.h>
#include "tally.h"
#include "counter.h"

#line 11 "test/codegen/golden/headerincludes/counter.ts"
u32 bump(tally t, u32 by)
{
#line 12 "test/codegen/golden/headerincludes/counter.ts"
    t->count += by;
    return t->count;
}

#line 16 "test/codegen/golden/headerincludes/counter.ts"
u32 total(pair p)
{
#line 17 "test/codegen/golden/headerincludes/counter.ts"
    return p->left->count + p->right->count;
}
