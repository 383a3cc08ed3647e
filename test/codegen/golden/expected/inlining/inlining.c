/* generated from test/codegen/golden/inlining/inlining.ts by klibc - do not edit */
#include <kernel.h>
#include "bits.h"

/* @inline and @noinline (docs/dialect.md): another module's @inline functions come from its
 * header. */

static struct inlining {
    u64 total;
} inlining;

s32 init(status_handler complete)
{
    u32 n = slow_count(3);
    inlining.total = low_bytes_sum(0x1234, n);
    apply(complete, STATUS_OK);
    return KLIB_INIT_OK;
}
