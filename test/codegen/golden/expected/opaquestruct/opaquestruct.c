/* generated from test/codegen/golden/opaquestruct/opaquestruct.ts by klibc - do not edit */
#include <kernel.h>
#include "opaquestruct.h"

/* A binding type known to C only by pointer (`@c struct trust_anchor *`, declared by no kernel
 * header): the module declares `struct trust_anchor;` before any prototype names it. */

struct trust_anchor;

static struct opaquestruct {
    struct trust_anchor *trusted;
} opaquestruct;

void remember(struct trust_anchor *t)
{
    opaquestruct.trusted = t;
}

static u32 is_set(struct trust_anchor *t)
{
    return t == 0 ? 0 : 1;
}

u32 have_trust(void)
{
    return is_set(opaquestruct.trusted);
}
