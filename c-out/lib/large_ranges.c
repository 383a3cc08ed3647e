/* generated from klib-src/lib/large_ranges.ts by klibc - do not edit */
#include <kernel.h>
#include "large_ranges.h"

#line 20 "klib-src/lib/large_ranges.ts"
heap large_range_heap(u64 size)
{
#line 21 "klib-src/lib/large_ranges.ts"
    u64 free_bytes = heap_free(heap_physical(get_kernel_heaps()));
    return size <= free_bytes >> 1 ? (get_kernel_heaps())->vmem : 0;
}
