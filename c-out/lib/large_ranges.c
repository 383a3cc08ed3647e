/* generated from klib-src/lib/large_ranges.ts by klibc - do not edit */
#include <kernel.h>
#include "large_ranges.h"

/* Large ranges (the log rings) from the kernel's vmem heap, only when the memory is clearly there.
 *
 * The heaps a klib's records come from (locked, general) are mcaches: a request above their largest
 * cache goes to the page heap, whose largest piece is 2 MiB (1 MiB on a machine under 64 MiB), so
 * nothing larger can come from them. vmem maps physical pieces of any size into one virtually
 * contiguous range. But at the pinned kernel (b9c3671d) a vmem allocation the memory cannot hold is
 * a disaster rather than a failure: vmem takes pieces, halving them down to single pages, until the
 * range is mapped or no page is left, and on failure unmaps what it took without freeing it, so the
 * VM is left with no memory (seen in a VM: the klib's own line, then the disk driver's allocations
 * assert). So a range is asked for only when it takes at most half of the memory free: the rest is
 * the program's, and the request cannot run the machine dry. */

/* The kernel's vmem heap, to take a range of `size` bytes from now (freed, if ever, to it with the
 * same size); null when that would take more than half of the memory free (the klib then says so
 * and goes on without the range). */
heap large_range_heap(u64 size)
{
    u64 free_bytes = heap_free(heap_physical(get_kernel_heaps()));
    return size <= free_bytes >> 1 ? (get_kernel_heaps())->vmem : 0;
}
