/* generated from test/codegen/golden/pointers/pointers.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include "pointers.h"

static void void0(const char *s);

#line 11 "test/codegen/golden/pointers/pointers.ts"
void fill(u8 *p, bytes n, u8 value)
{
#line 12 "test/codegen/golden/pointers/pointers.ts"
    for (bytes i = 0; i < n; i++)
#line 12 "test/codegen/golden/pointers/pointers.ts"
        p[i] = value;
}

#line 15 "test/codegen/golden/pointers/pointers.ts"
u32 sum(u8 *p, bytes n)
{
#line 16 "test/codegen/golden/pointers/pointers.ts"
    u32 total = 0;
    for (bytes i = 0; i < n; i++)
#line 17 "test/codegen/golden/pointers/pointers.ts"
        total += p[i];
    return total;
}

#line 21 "test/codegen/golden/pointers/pointers.ts"
static void session_write(void *d, const char *s, bytes count)
{
#line 22 "test/codegen/golden/pointers/pointers.ts"
    session s2 = (session)d;
    s2->id += (u32)count;
    void0(s);
}

#line 27 "test/codegen/golden/pointers/pointers.ts"
static void void0(const char *s)
{
#line 28 "test/codegen/golden/pointers/pointers.ts"
    if ((u8)s[0] == 0)
#line 28 "test/codegen/golden/pointers/pointers.ts"
        return;
}

#line 31 "test/codegen/golden/pointers/pointers.ts"
void *attach(session sn)
{
#line 32 "test/codegen/golden/pointers/pointers.ts"
    sn->driver.write = session_write;
    sn->driver.disabled = false;
    return sn;
}
