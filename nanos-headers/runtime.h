/* The runtime layer of the kernel API as a klib sees it: basic types,
   assertions, memory helpers and the data-structure headers, in the order
   the kernel's own runtime.h brings them in. */
#ifndef NANOS_HEADERS_RUNTIME_H
#define NANOS_HEADERS_RUNTIME_H

#include <predef.h>
#include <machine.h>

typedef u8 boolean;
typedef u32 character;
typedef u64 timestamp;

#define true 1
#define false 0
#define infinity (-1ull)
#define INVALID_PHYSICAL ((u64)infinity)
#define INVALID_ADDRESS ((void *)infinity)

#define KB 1024
#define MB (KB * KB)
#define GB (KB * MB)
#define UUID_LEN 16

#include <sstring.h>

#define VM_EXIT_HALT 0x7f

/* halt() is the kernel's fatal error: print, then stop the VM */
void halt_with_code(u8 code, sstring format, ...) __attribute__((noreturn));
#define halt(fmt, ...) halt_with_code(VM_EXIT_HALT, ss(fmt), ##__VA_ARGS__)
void print_frame_trace_from_here(void);

/* asserts stay on in kernel builds (no NO_ASSERT in the stock build) */
#ifdef NO_ASSERT
#define assert(x) do { if ((x)) { } } while (0)
#else
#define assert(x)                                                       \
    do {                                                                \
        if (!(x)) {                                                     \
            print_frame_trace_from_here();                              \
            halt("assertion " #x " failed at %s:%d in %s()\n",          \
                 file_ss, __LINE__, func_ss);                           \
        }                                                               \
    } while (0)
#endif

#define build_assert(x) _Static_assert((x), "build assertion failure")

void runtime_memcpy(void *a, const void *b, bytes len);
void runtime_memset(u8 *a, u8 b, bytes len);
int runtime_memcmp(const void *a, const void *b, bytes len);

static inline void zero(void *x, bytes length)
{
    runtime_memset(x, 0, length);
}

#define pad(__x, __s) ((((__x) - 1) & (~((__s) - 1))) + (__s))
#define U32_FROM_BIT(x) (1ul << (x))
#define U64_FROM_BIT(x) (1ull << (x))
#define MASK32(x) (U32_FROM_BIT(x) - 1)
#define MASK(x) (U64_FROM_BIT(x) - 1)
#define __compare(x, y, op) ({ typeof(x) __x = (x); typeof(y) __y = (y); (__x op __y ? __x : __y); })
#define MIN(x, y) __compare((x), (y), <)
#define MAX(x, y) __compare((x), (y), >)
#define ABS(x) (((x) >= 0) ? (x) : -(x))
#define offsetof(__t, __e) u64_from_pointer(&((__t)0)->__e)
#define _countof(a) (sizeof(a) / sizeof(*(a)))
#define struct_from_field(l, s, f) ((s)pointer_from_u64(u64_from_pointer(l) - offsetof(s, f)))

#include <heap/heap.h>

#define MEM_ZERO    U32_FROM_BIT(0)
#define MEM_NOWAIT  U32_FROM_BIT(1)
#define MEM_NOFAIL  U32_FROM_BIT(2)
void *mem_alloc(heap h, bytes size, u32 flags);

#define stack_allocate __builtin_alloca

#include <buffer.h>
#include <text.h>
#include <vector.h>
#include <format.h>

/* kernel log: each call is one line on every console driver */
enum log_level {
    LOG_ALWAYS = -1,
    LOG_ERR,
    LOG_WARN,
    LOG_INFO,
};
void log_printf(enum log_level level, sstring fmt, ...);
#define msg_print(fmt, ...) log_printf(LOG_ALWAYS, ss(fmt), ##__VA_ARGS__)
#define msg_err(fmt, ...)   log_printf(LOG_ERR, ss(fmt), ##__VA_ARGS__)
#define msg_warn(fmt, ...)  log_printf(LOG_WARN, ss(fmt), ##__VA_ARGS__)
#define msg_info(fmt, ...)  log_printf(LOG_INFO, ss(fmt), ##__VA_ARGS__)

#include <symbol.h>
#include <closure.h>

closure_type(thunk, void);

#include <list.h>
#include <tuple.h>
#include <runtime_string.h>
#include <status.h>
#include <pqueue.h>
#include <range.h>
#include <refcount.h>
#include <clock.h>
#include <timer.h>

closure_type(buffer_handler, status, buffer b);
closure_type(input_buffer_handler, boolean, buffer b);
closure_type(connection_handler, input_buffer_handler, buffer_handler out);
closure_type(value_handler, void, value v);
closure_type(io_status_handler, void, status s, bytes len);

#include <sg.h>

u64 random_u64(void);
u64 random_buffer(buffer b);

/* a merge joins several completions into one status_handler */
typedef struct merge *merge;
merge allocate_merge(heap h, status_handler completion);
status_handler apply_merge(merge m);

/* Offset of transient_heap in the kernel's struct context (x86_64), for
   closures whose ctx names a context rather than a heap. */
#define NANOS_CONTEXT_TRANSIENT_HEAP_OFFSET 304
/* Frees a heap closure; a no-op for embedded and stack closures. */
static inline void deallocate_closure(void *p)
{
    struct _closure_common *c = p + sizeof(void *);    /* past __apply */
    if ((c->ctx & CLOSURE_COMMON_CTX_DEALLOC_ON_FINISH) == 0)
        return;
    void *owner = pointer_from_u64(c->ctx & ~(u64)CLOSURE_COMMON_CTX_FLAGS_MASK);
    heap h = (c->ctx & CLOSURE_COMMON_CTX_IS_CONTEXT) ?
        *(heap *)(owner + NANOS_CONTEXT_TRANSIENT_HEAP_OFFSET) : owner;
    if (h && c->size > 0)
        deallocate(h, p, c->size);
}

#define closure_finish() do { deallocate_closure(__self); __self = 0; } while (0)

#endif
