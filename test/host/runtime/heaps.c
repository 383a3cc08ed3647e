/* Heaps on malloc. Klibs allocate through the heap struct's function pointers
   (allocate()/deallocate() are inline in the headers), so each heap here is a
   struct heap whose alloc/dealloc call malloc/free and keep a byte count for
   heap_allocated(). Failure is INVALID_ADDRESS, as in the kernel. */
#include "host.h"

struct malloc_heap {
    struct heap h;
    u64 allocated;
};

static u64 malloc_alloc(heap h, bytes size)
{
    struct malloc_heap *m = (struct malloc_heap *)h;
    void *p = host_malloc(size);
    if (!p)
        return INVALID_PHYSICAL;
    m->allocated += size;
    return (u64)p;
}

/* The malloc-style heap may be given size -1 (unknown); the count is then
   only approximate, which is all heap_allocated() promises. */
static void malloc_dealloc(heap h, u64 a, bytes size)
{
    struct malloc_heap *m = (struct malloc_heap *)h;
    if (size != (bytes)-1ull && size <= m->allocated)
        m->allocated -= size;
    host_free((void *)a);
}

static bytes malloc_allocated(heap h)
{
    return ((struct malloc_heap *)h)->allocated;
}

/* The host's "physical memory": what the machine reports, for memory metrics. */
static bytes physical_total(heap h)
{
    (void)h;
    return host_physical_memory_bytes();
}

static bytes physical_allocated(heap h)
{
    return physical_total(h) - host_available_memory_bytes();
}

static struct malloc_heap locked_heap, general_heap, malloc_style_heap;
static struct heap physical_heap;
static struct kernel_heaps heaps;

static void init_malloc_heap(struct malloc_heap *m)
{
    m->h.alloc = malloc_alloc;
    m->h.dealloc = malloc_dealloc;
    m->h.allocated = malloc_allocated;
    m->h.pagesize = 32;
}

void host_heaps_init(void)
{
    init_malloc_heap(&locked_heap);
    init_malloc_heap(&general_heap);
    init_malloc_heap(&malloc_style_heap);
    physical_heap.total = physical_total;
    physical_heap.allocated = physical_allocated;
    physical_heap.pagesize = 4096;
    heaps.physical = &physical_heap;
    heaps.general = &general_heap.h;
    heaps.locked = &locked_heap.h;
    heaps.malloc = &malloc_style_heap.h;
}

heap host_heap(void)
{
    return &general_heap.h;
}

kernel_heaps get_kernel_heaps(void)
{
    return &heaps;
}

void *mem_alloc(heap h, bytes size, u32 flags)
{
    void *p = allocate(h, size);
    if (p == INVALID_ADDRESS) {
        if (flags & MEM_NOFAIL)
            host_fatal("allocation of %lu bytes failed", (unsigned long)size);
        return p;
    }
    if (flags & MEM_ZERO)
        zero(p, size);
    return p;
}

/* The page cache of a process is the kernel's, not ours: nothing is cached here. */
u64 pagecache_get_occupancy(void)
{
    return 0;
}
