/* generated from test/codegen/golden/inlining/inlining.ts by klibc - do not edit */
#include <kernel.h>
#include "bits.h"
#include "inlining.h"

static struct inlining {
    u64 total;
} inlining;

#line 8 "test/codegen/golden/inlining/inlining.ts"
s32 init(status_handler complete)
{
#line 9 "test/codegen/golden/inlining/inlining.ts"
    u32 n = slow_count(3);
    inlining.total = low_bytes_sum(0x1234, n);
    apply(complete, STATUS_OK);
    return KLIB_INIT_OK;
}
