/* Heaps on malloc. Klibs allocate through the heap struct's function pointers
   (allocate()/deallocate() are inline in the headers), so each heap here is a
   struct heap whose alloc/dealloc call malloc/free and keep a byte count for
   heap_allocated(). Failure is INVALID_ADDRESS, as in the kernel.

   Sizes the kernel refuses are refused here too (kernel at b9c3671d): the
   physical memory is a buddy page heap whose largest piece is 2 MiB
   (PAGEHEAP_MAX_ORDER 9; pageheap_init_done(.., PAGESIZE_2M) in
   kernel/init.c), 1 MiB on a machine with less than 64 MiB
   (LOW_MEMORY_THRESHOLD, PAGEHEAP_LOWMEM_PAGESIZE). general, locked, malloc
   and dma are mcaches (runtime/heap/mcache.c) that pass any request above
   their largest cache to the page-backed or linear-backed heap over that page
   heap, and `pages` is page-backed memory: none of them gives one allocation
   larger than that piece. vmem (kernel/vmem_heap.c) maps pieces of any size
   into one virtual range, in whole pages: it is the heap for large ranges.
   The emulated machine's memory (klibhost --memory, the physical heap's
   total) bounds what the heaps hold in all, and --memory-limit what the
   klibs may hold, so that tests can make allocations fail. A refusal is a
   line on stderr saying why (a test author sees it beside the klib's own
   console line). A vmem allocation larger than the free memory halts: a
   kernel's vmem heap would then take every free page and keep them.

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

/* What a heap stands for in the kernel: an mcache (or page-backed memory),
   bounded by the page heap's largest piece; vmem, in whole pages of any
   number; or the runtime's own state (the kernel's internal heaps). */
enum kind { KIND_MCACHE, KIND_VMEM, KIND_RUNTIME };

/* 16 bytes keep malloc's alignment for the block that follows. */
struct block_header {
    u64 size;
    u32 magic_low;              /* BLOCK_MAGIC, split so the struct stays 16 bytes */
    u16 magic_high;
    u8 owner;                   /* enum owner */
    u8 kind;                    /* enum kind of the heap that gave it */
};
_Static_assert(sizeof(struct block_header) == 16, "header keeps 16-byte alignment");

enum owner { OWNER_KLIB, OWNER_RUNTIME, OWNER_COUNT };

struct malloc_heap {
    struct heap h;
    u64 allocated;
    enum owner owner;
    enum kind kind;
    const char *name;           /* the kernel_heaps field, for refusals */
};

#define MIB (1ull << 20)
/* The kernel's LOW_MEMORY_THRESHOLD and the page heap's largest pieces. */
#define LOW_MEMORY_THRESHOLD (64 * MIB)
#define LARGEST_PIECE (2 * MIB)
#define LOWMEM_LARGEST_PIECE (1 * MIB)
/* Only the first refusals are said on stderr (then once that more follow):
   a klib retrying on a timer must not flood a test's output. */
#define REFUSALS_SAID 20

static struct {
    u64 memory;                 /* --memory: the physical heap's total */
    u64 klib_limit;             /* --memory-limit: 0 for none but the memory */
    u64 refusals;
} machine = { .memory = 2048 * MIB };

void host_set_guest_memory(unsigned long long bytes)
{
    machine.memory = bytes;
}

void host_set_klib_memory_limit(unsigned long long bytes)
{
    machine.klib_limit = bytes;
}

/* The largest allocation an mcache-style heap can give on this machine. */
static u64 largest_piece(void)
{
    return machine.memory < LOW_MEMORY_THRESHOLD ? LOWMEM_LARGEST_PIECE : LARGEST_PIECE;
}

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

/* Whether to say this refusal: the first REFUSALS_SAID are said, then once
   that more follow. */
static boolean say_refusal(void)
{
    machine.refusals++;
    if (machine.refusals == REFUSALS_SAID + 1)
        host_warn("more allocations are refused; not shown");
    return machine.refusals <= REFUSALS_SAID;
}

/* The bytes klibs can still take: what the machine has free, and no more
   than --memory-limit leaves them (the rest of the machine then counts as
   taken by the kernel, the program and the page cache). */
static u64 free_for_klibs(void)
{
    u64 held = acct.live[OWNER_KLIB];
    u64 in_use = held + acct.live[OWNER_RUNTIME];
    u64 free = in_use < machine.memory ? machine.memory - in_use : 0;
    if (machine.klib_limit) {
        u64 left = held < machine.klib_limit ? machine.klib_limit - held : 0;
        if (left < free)
            free = left;
    }
    return free;
}

/* Whether a klib-facing heap may give `size` more bytes; false, after a line
   on stderr, where the kernel would fail. The runtime's own heap is never
   refused: its state is not the kernel's, only emulates it. */
static boolean admit(struct malloc_heap *m, bytes size)
{
    if (m->owner != OWNER_KLIB)
        return true;
    if (m->kind == KIND_MCACHE && size > largest_piece()) {
        if (say_refusal())
            host_warn("allocation of %llu bytes from the %s heap refused, as the kernel would: more than its "
                      "largest piece, %llu bytes with %llu MiB of memory (the mcache heaps take large requests "
                      "from the page heap); large ranges come from the vmem heap",
                      size, m->name, largest_piece(), machine.memory / MIB);
        return false;
    }
    u64 free = free_for_klibs();
    if (size <= free)
        return true;
    /* The kernel's vmem takes physical pieces, halving them down to single
       pages, until the range is mapped or no page is left; failing, it unmaps
       them without freeing them (vmem_dealloc calls unmap, not
       unmap_and_free_phys), so the VM is left with no memory at all (in a VM:
       the klib's own line, then the disk driver's allocations assert). */
    if (m->kind == KIND_VMEM)
        host_fatal("allocation of %llu bytes from the vmem heap with %llu bytes of memory free: a kernel's vmem "
                   "heap would take every free page and, failing, keep them: the VM would be out of memory for "
                   "good. Check heap_free(heap_physical(get_kernel_heaps())) before a large allocation", size, free);
    if (say_refusal())
        host_warn("allocation of %llu bytes from the %s heap refused: out of memory (%llu bytes free; --memory "
                  "%llu MiB%s)", size, m->name, free, machine.memory / MIB,
                  machine.klib_limit ? ", --memory-limit" : "");
    return false;
}

/* vmem gives whole pages, as the kernel's does. */
static bytes block_size(struct malloc_heap *m, bytes size)
{
    return m->kind == KIND_VMEM ? pad(size, PAGESIZE) : size;
}

static u64 malloc_alloc(heap h, bytes size)
{
    struct malloc_heap *m = (struct malloc_heap *)h;
    if (m->kind == KIND_VMEM && size == 0)
        return INVALID_PHYSICAL;
    size = block_size(m, size);
    if (!admit(m, size))
        return INVALID_PHYSICAL;
    struct block_header *hdr = host_malloc(sizeof(*hdr) + size);
    if (!hdr)
        return INVALID_PHYSICAL;
    hdr->size = size;
    hdr->magic_low = (u32)BLOCK_MAGIC;
    hdr->magic_high = (u16)(BLOCK_MAGIC >> 32);
    hdr->owner = m->owner;
    hdr->kind = m->kind;
    /* The kernel's vmem maps physical pages to the whole range before it
       returns it: a klib's first write to a page of its ring faults in no VM.
       So the range is made resident here, at the allocation, as the kernel
       maps it, not by Linux's first-touch faults during console writes. */
    if (m->kind == KIND_VMEM)
        host_make_resident(hdr + 1, size);
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
    /* vmem unmaps what it is given; an mcache files it in its caches: either
       given the other's memory, a kernel is corrupted. */
    if ((hdr->kind == KIND_VMEM) != (m->kind == KIND_VMEM))
        host_fatal("deallocate of %p (%llu bytes) to the %s heap: it was allocated from %s",
                   (void *)a, hdr->size, m->name, hdr->kind == KIND_VMEM ? "the vmem heap" : "an mcache heap");
    if (size != (bytes)-1ull && block_size(m, size) != hdr->size)
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

/* The physical heap: the emulated machine's memory, of which the heaps'
   blocks (the klibs' and the runtime's) are in use, and under --memory-limit
   all but what the limit leaves the klibs. Memory metrics read it; klibs
   check heap_free() of it before taking a large range from vmem. */
static bytes physical_total(heap h)
{
    (void)h;
    return machine.memory;
}

static bytes physical_allocated(heap h)
{
    (void)h;
    return machine.memory - free_for_klibs();
}

/* Allocations from the physical heap give physical addresses, which only the
   kernel can map: nothing a klib could use, and nothing klibhost emulates. */
static u64 physical_alloc(heap h, bytes size)
{
    (void)h;
    host_fatal("allocation of %llu bytes from the physical heap: it gives physical addresses, "
               "which klibhost does not emulate", size);
}

static struct malloc_heap locked_heap, general_heap, malloc_style_heap, dma_heap, pages_heap, vmem_heap,
    runtime_heap;
static struct heap physical_heap;
static struct kernel_heaps heaps;

static heap init_malloc_heap(struct malloc_heap *m, enum owner owner, enum kind kind, const char *name)
{
    m->owner = owner;
    m->kind = kind;
    m->name = name;
    m->h.alloc = malloc_alloc;
    m->h.dealloc = malloc_dealloc;
    m->h.allocated = malloc_allocated;
    m->h.pagesize = kind == KIND_VMEM ? PAGESIZE : 32;
    return &m->h;
}

void host_heaps_init(void)
{
    heaps.general = init_malloc_heap(&general_heap, OWNER_KLIB, KIND_MCACHE, "general");
    heaps.locked = init_malloc_heap(&locked_heap, OWNER_KLIB, KIND_MCACHE, "locked");
    heaps.malloc = init_malloc_heap(&malloc_style_heap, OWNER_KLIB, KIND_MCACHE, "malloc");
    heaps.dma = init_malloc_heap(&dma_heap, OWNER_KLIB, KIND_MCACHE, "dma");
    heaps.pages = init_malloc_heap(&pages_heap, OWNER_KLIB, KIND_MCACHE, "pages");
    heaps.vmem = init_malloc_heap(&vmem_heap, OWNER_KLIB, KIND_VMEM, "vmem");
    init_malloc_heap(&runtime_heap, OWNER_RUNTIME, KIND_RUNTIME, "runtime");
    physical_heap.alloc = physical_alloc;
    physical_heap.total = physical_total;
    physical_heap.allocated = physical_allocated;
    physical_heap.pagesize = PAGESIZE;
    heaps.physical = &physical_heap;
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
