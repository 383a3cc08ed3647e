/* generated from test/codegen/golden/opaquestruct/opaquestruct.ts by klibc - do not edit */
#include <kernel.h>
#include "opaquestruct.h"

struct tls_trust;

static struct opaquestruct {
    struct tls_trust *trusted;
} opaquestruct;

#line 8 "test/codegen/golden/opaquestruct/opaquestruct.ts"
void remember(struct tls_trust *t)
{
#line 9 "test/codegen/golden/opaquestruct/opaquestruct.ts"
    opaquestruct.trusted = t;
}

#line 12 "test/codegen/golden/opaquestruct/opaquestruct.ts"
static u32 is_set(struct tls_trust *t)
{
#line 13 "test/codegen/golden/opaquestruct/opaquestruct.ts"
    return t == 0 ? 0 : 1;
}

#line 16 "test/codegen/golden/opaquestruct/opaquestruct.ts"
u32 have_trust(void)
{
#line 17 "test/codegen/golden/opaquestruct/opaquestruct.ts"
    return is_set(opaquestruct.trusted);
}
