/* Heaps on malloc. Klibs allocate through the heap struct's function pointers
   (allocate()/deallocate() are inline in the headers), so each heap here is a
   struct heap whose alloc/dealloc call malloc/free and keep a byte count for
   heap_allocated(). Failure is INVALID_ADDRESS, as in the kernel.

   Memory accounting (klibhost --memory-report): every block carries a small
   header with its size and whether the runtime or a klib-facing heap
   allocated it, so that the bytes klibs hold through the kernel heaps are
   exact (the malloc-style heap is given size -1 on free) and do not mix in
   the runtime's own emulation state (host_heap()). Under AddressSanitizer the
   header is poisoned: a klib touching it is still a report. */
#include "host.h"

/* The sanitizer interface, declared here: this side sees nanos-headers only.
   The benchmark build (no sanitizers) links empty ones (bench_glue.c). */
void __asan_poison_memory_region(void const volatile *addr, unsigned long size);
void __asan_unpoison_memory_region(void const volatile *addr, unsigned long size);

#define BLOCK_MAGIC 0x6b6c6962686561ull        /* "klibhea" */

/* 16 bytes keep malloc's alignment for the block that follows. */
struct block_header {
    u64 size;
    u32 magic_low;              /* BLOCK_MAGIC, split so the struct stays 16 bytes */
    u16 magic_high;
    u8 owner;                   /* enum owner */
    u8 unused;
};
_Static_assert(sizeof(struct block_header) == 16, "header keeps 16-byte alignment");

enum owner { OWNER_KLIB, OWNER_RUNTIME, OWNER_COUNT };

struct malloc_heap {
    struct heap h;
    u64 allocated;
    enum owner owner;
};

static struct {
    u64 live[OWNER_COUNT];
    u64 peak[OWNER_COUNT];
    u64 queued;                 /* output accepted by direct's out(), not yet written */
    u64 queued_peak;
    u64 klib_own_peak;          /* peak of klib bytes less the queued output */
    u64 size_mismatches;        /* frees whose size differs from the allocation's */
} acct;

static void note_peaks(void)
{
    for (int i = 0; i < OWNER_COUNT; i++)
        if (acct.live[i] > acct.peak[i])
            acct.peak[i] = acct.live[i];
    if (acct.queued > acct.queued_peak)
        acct.queued_peak = acct.queued;
    /* Queued output was allocated by the klib, so it is inside live[OWNER_KLIB]. */
    u64 own = acct.live[OWNER_KLIB] > acct.queued ? acct.live[OWNER_KLIB] - acct.queued : 0;
    if (own > acct.klib_own_peak)
        acct.klib_own_peak = own;
}

static u64 malloc_alloc(heap h, bytes size)
{
    struct malloc_heap *m = (struct malloc_heap *)h;
    struct block_header *hdr = host_malloc(sizeof(*hdr) + size);
    if (!hdr)
        return INVALID_PHYSICAL;
    hdr->size = size;
    hdr->magic_low = (u32)BLOCK_MAGIC;
    hdr->magic_high = (u16)(BLOCK_MAGIC >> 32);
    hdr->owner = m->owner;
    hdr->unused = 0;
    __asan_poison_memory_region(hdr, sizeof(*hdr));
    m->allocated += size;
    acct.live[m->owner] += size;
    note_peaks();
    return (u64)(hdr + 1);
}

/* The size a free names is checked against the allocation's, which is the
   one counted; the malloc-style heap may be given -1 (unknown). A block
   allocated by one of these heaps may be freed through another (runtime
   memory handed to a klib): its owner's count goes down. */
static void malloc_dealloc(heap h, u64 a, bytes size)
{
    struct malloc_heap *m = (struct malloc_heap *)h;
    struct block_header *hdr = (struct block_header *)a - 1;
    __asan_unpoison_memory_region(hdr, sizeof(*hdr));
    if (hdr->magic_low != (u32)BLOCK_MAGIC || hdr->magic_high != (u16)(BLOCK_MAGIC >> 32) ||
        hdr->owner >= OWNER_COUNT)
        host_fatal("deallocate of %p: not a block of the kernel heaps", (void *)a);
    if (size != (bytes)-1ull && size != hdr->size)
        acct.size_mismatches++;
    bytes real = hdr->size;
    m->allocated = real <= m->allocated ? m->allocated - real : 0;
    acct.live[hdr->owner] -= real;
    hdr->magic_low = 0;
    host_free(hdr);
}

static bytes malloc_allocated(heap h)
{
    return ((struct malloc_heap *)h)->allocated;
}

void host_account_queued(s64 delta)
{
    acct.queued += delta;
    note_peaks();
}

void host_memory_figures(struct host_memory_figures *f)
{
    f->klib_heap_bytes = acct.live[OWNER_KLIB];
    f->klib_heap_peak = acct.peak[OWNER_KLIB];
    f->klib_own_peak = acct.klib_own_peak;
    f->queued_output_bytes = acct.queued;
    f->queued_output_peak = acct.queued_peak;
    f->runtime_heap_bytes = acct.live[OWNER_RUNTIME];
    f->runtime_heap_peak = acct.peak[OWNER_RUNTIME];
    f->size_mismatches = acct.size_mismatches;
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

static struct malloc_heap locked_heap, general_heap, malloc_style_heap, runtime_heap;
static struct heap physical_heap;
static struct kernel_heaps heaps;

static void init_malloc_heap(struct malloc_heap *m, enum owner owner)
{
    m->owner = owner;
    m->h.alloc = malloc_alloc;
    m->h.dealloc = malloc_dealloc;
    m->h.allocated = malloc_allocated;
    m->h.pagesize = 32;
}

void host_heaps_init(void)
{
    init_malloc_heap(&locked_heap, OWNER_KLIB);
    init_malloc_heap(&general_heap, OWNER_KLIB);
    init_malloc_heap(&malloc_style_heap, OWNER_KLIB);
    init_malloc_heap(&runtime_heap, OWNER_RUNTIME);
    physical_heap.total = physical_total;
    physical_heap.allocated = physical_allocated;
    physical_heap.pagesize = 4096;
    heaps.physical = &physical_heap;
    heaps.general = &general_heap.h;
    heaps.locked = &locked_heap.h;
    heaps.malloc = &malloc_style_heap.h;
}

/* The runtime's own allocations (emulation state the kernel would keep in
   its own heaps) are counted apart from the klibs'. */
heap host_heap(void)
{
    return &runtime_heap.h;
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
