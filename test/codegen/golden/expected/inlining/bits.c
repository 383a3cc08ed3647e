/* generated from test/codegen/golden/inlining/bits.ts by klibc - do not edit */
#include <kernel.h>
#include "bits.h"

/* The helper module of the inlining golden case: @inline functions are defined `static inline` in
 * the header (other modules' C inlines them); a module's own @inline function stays in its C file,
 * always inlined; @noinline keeps a function out of its callers. */

static inline __attribute__((always_inline)) u32 twice(u32 x)
{
    return x << 1;
}

/* A rare path: never inlined. */
__attribute__((noinline)) u32 slow_count(u32 x)
{
    u32 n = 0;
    for (u32 i = 0; i < x; i++)
        n += twice(i);
    return n;
}
