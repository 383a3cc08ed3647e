/* The kernel's set of heaps. Klibs reach it through get_kernel_heaps()
   and the accessors below; the field order is the kernel's. */
#ifndef NANOS_HEADERS_KERNEL_HEAPS_H
#define NANOS_HEADERS_KERNEL_HEAPS_H

#include <runtime.h>

typedef struct kernel_heaps {
    heap physical;              /* physical pages */
    id_heap virtual_huge;
    id_heap virtual_page;
    backed_heap page_backed;
    backed_heap linear_backed;
    heap pages;
    heap general;               /* mcache, not locked */
    heap locked;                /* mcache behind a spinlock: what klibs use */
    heap malloc;                /* frees may pass size -1ull (vendor code) */
    heap dma;
    heap vmem;
} *kernel_heaps;

static inline heap heap_physical(kernel_heaps heaps)
{
    return heaps->physical;
}

static inline heap heap_general(kernel_heaps heaps)
{
    return heaps->general;
}

static inline heap heap_locked(kernel_heaps heaps)
{
    return heaps->locked;
}

#endif
