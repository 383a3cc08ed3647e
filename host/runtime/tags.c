/* Tagged memory: one region per value tag, each a simple size-class
   allocator. nanos-headers read a value's tag from address bits 38..41, as
   the kernel does, so region t is placed where those bits equal t:
   ARENA_BASE + (t << 38), with ARENA_BASE's own bits 38..41 zero. Memory is
   reserved, not committed, so a region costs nothing until used; freed
   objects go back to their class. Region 0 (tag "untyped") holds the stack
   klib code runs on. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#include <stdint.h>
#include "host_sys.h"

#define TAG_COUNT       8
#define TAG_SHIFT       38
#define ARENA_BASE      0x700000000000ull
#define REGION_SIZE     (1ull << 32)
#define MIN_ORDER       4               /* 16-byte granules keep pointers aligned */
#define MAX_ORDER       31
#define CLASS_COUNT     (MAX_ORDER - MIN_ORDER + 1)
#define STACK_SIZE      (64ull << 20)  /* in region 0, which holds no values */
#define GUARD_SIZE      (64ull << 10)

struct free_object {
    struct free_object *next;
};

struct region {
    uint64_t next_free;                 /* bump pointer, as an offset in the region */
    struct free_object *free[CLASS_COUNT];
};

static struct {
    int ready;
    struct region regions[TAG_COUNT];
} arena;

static char *region_base(unsigned tag)
{
    return (char *)(ARENA_BASE + ((uint64_t)tag << TAG_SHIFT));
}

/* The leak checker scans malloc'd memory and the usual roots, not these
   private mappings: at exit (before its own check, which was registered
   first and so runs last), the used part of each region becomes a root, so
   what tuples and strings point to is not reported as leaked. */
static void register_roots(void)
{
    for (unsigned t = 1; t < TAG_COUNT; t++)
        __lsan_register_root_region(region_base(t), arena.regions[t].next_free);
}

/* Region 0 would be "untyped": it is never reserved nor handed out. */
void host_tags_init(void)
{
    atexit(register_roots);
    for (unsigned t = 1; t < TAG_COUNT; t++) {
        void *p = mmap(region_base(t), REGION_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != region_base(t))
            host_fatal("cannot reserve the tagged-value region %u at %p: %s",
                       t, region_base(t), p == MAP_FAILED ? strerror(errno) : "address in use");
        arena.regions[t].next_free = 16;
    }
    arena.ready = 1;
}

static int size_class(uint64_t size)
{
    int order = MIN_ORDER;
    while ((1ull << order) < size)
        order++;
    return order - MIN_ORDER;
}

void *host_tagged_alloc(unsigned tag, unsigned long long size)
{
    if (tag == 0 || tag >= TAG_COUNT || size == 0 || size > (1ull << MAX_ORDER))
        return 0;
    struct region *r = &arena.regions[tag];
    int c = size_class(size);
    struct free_object *o = r->free[c];
    if (o) {
        ASAN_UNPOISON_MEMORY_REGION(o, 1ull << (c + MIN_ORDER));
        r->free[c] = o->next;
        return o;
    }
    uint64_t bytes = 1ull << (c + MIN_ORDER);
    uint64_t offset = (r->next_free + bytes - 1) & ~(bytes - 1);
    if (offset + bytes > REGION_SIZE)
        return 0;
    r->next_free = offset + bytes;
    return region_base(tag) + offset;
}

void host_tagged_free(void *p, unsigned long long size)
{
    unsigned tag = host_tagof(p);
    if (!tag || size == 0)
        host_fatal("tagged free of %p (size %lu) outside the arena", p, (unsigned long)size);
    int c = size_class(size);
    struct free_object *o = p;
    o->next = arena.regions[tag].free[c];
    arena.regions[tag].free[c] = o;
    /* A use after free of a value is then an ASan report, as for malloc memory. */
    ASAN_POISON_MEMORY_REGION((char *)p + sizeof(*o), (1ull << (c + MIN_ORDER)) - sizeof(*o));
}

/* Exact, unlike the address-bit test of the headers: memory outside the
   regions is untyped whatever its address bits say. */
unsigned host_tagof(const void *p)
{
    uint64_t a = (uint64_t)p;
    if (!arena.ready || a < ARENA_BASE)
        return 0;
    unsigned tag = (a - ARENA_BASE) >> TAG_SHIFT;
    if (tag == 0 || tag >= TAG_COUNT || a - (uint64_t)region_base(tag) >= REGION_SIZE)
        return 0;
    return tag;
}

void host_run_on_kernel_stack(void (*fn)(void))
{
    char *base = region_base(0);
    void *p = mmap(base, STACK_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != base)
        host_fatal("cannot map the loop's stack at %p", base);
    /* An overflow faults on the guard instead of running into other memory. */
    mprotect(base, GUARD_SIZE, PROT_NONE);
    char *top = base + STACK_SIZE;
    /* The sanitizers follow the switch (the old stack is abandoned: null save slot). */
    __sanitizer_start_switch_fiber(0, base + GUARD_SIZE, STACK_SIZE - GUARD_SIZE);
    __asm__ volatile("mov %0, %%rsp\n\t"
                     "call *%1\n\t"
                     "ud2"
                     :: "r"(top), "r"(fn) : "memory");
    __builtin_unreachable();
}

/* First thing on the new stack: tell the sanitizers the switch is done. */
void host_kernel_stack_entered(void)
{
    __sanitizer_finish_switch_fiber(0, 0, 0);
}
