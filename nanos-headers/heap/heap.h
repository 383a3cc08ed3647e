/* The heap interface: a table of function pointers that every kernel heap
   fills in. Allocation and release go through it, so klibs need no
   kernel symbol to allocate. */
#ifndef NANOS_HEADERS_HEAP_H
#define NANOS_HEADERS_HEAP_H

struct heap {
    u64 (*alloc)(struct heap *h, bytes b);
    void (*dealloc)(struct heap *h, u64 a, bytes b);
    void (*destroy)(struct heap *h);
    bytes (*allocated)(struct heap *h);
    bytes (*total)(struct heap *h);
    value (*management)(struct heap *h);
    bytes pagesize;
};

/* heaps that also map memory; klibs only pass these around */
typedef struct backed_heap *backed_heap;
typedef struct id_heap *id_heap;

/* allocation failure is INVALID_ADDRESS, never 0 */
#define allocate_u64(__h, __b)          ((__h)->alloc(__h, __b))
#define allocate(__h, __b)              pointer_from_u64(allocate_u64(__h, __b))
#define deallocate_u64(__h, __b, __s)   ((__h)->dealloc(__h, __b, __s))
#define deallocate(__h, __b, __s)       deallocate_u64(__h, u64_from_pointer(__b), __s)
#define allocate_zero(__h, __b)         mem_alloc(__h, __b, MEM_ZERO | MEM_NOWAIT)
#define destroy_heap(__h)   do { if (__h) (__h)->destroy(__h); } while (0)

/* statistics; INVALID_PHYSICAL when the heap does not keep them */
static inline u64 heap_allocated(heap h)
{
    return h->allocated ? h->allocated(h) : INVALID_PHYSICAL;
}

static inline u64 heap_total(heap h)
{
    return h->total ? h->total(h) : INVALID_PHYSICAL;
}

static inline u64 heap_free(heap h)
{
    return heap_total(h) - heap_allocated(h);
}

#endif
