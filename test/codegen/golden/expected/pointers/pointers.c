/* generated from test/codegen/golden/pointers/pointers.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include "pointers.h"

/* Pointer bindings: an indexable byte pointer (@index), void * taking any pointer (@anyptr) and
 * casts back, and a plain C function pointer field filled with a klib function (@fnptr). */

static void void0(const char *s);

void fill(u8 *p, bytes n, u8 value)
{
    for (bytes i = 0; i < n; i++)
        p[i] = value;
}

u32 sum(u8 *p, bytes n)
{
    u32 total = 0;
    for (bytes i = 0; i < n; i++)
        total += p[i];
    return total;
}

static void session_write(void *d, const char *s, bytes count)
{
    session s2 = (session)d;
    s2->id += (u32)count;
    void0(s);
}

static void void0(const char *s)
{
    if ((u8)s[0] == 0)
        return;
}

void *attach(session sn)
{
    sn->driver.write = session_write;
    sn->driver.disabled = false;
    return sn;
}
