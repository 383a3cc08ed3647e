/* What klibs include first: the runtime layer plus the kernel services
   (heaps, root tuple, clocks, timers, shutdown, interrupt-safe locks). */
#ifdef NANOS_HEADERS_KERNEL_H
#error "<kernel.h> included twice: the Nanos tree's headers have no include guards"
#endif
#define NANOS_HEADERS_KERNEL_H

#include <runtime.h>
#include <kernel_heaps.h>
#include <klib.h>

kernel_heaps get_kernel_heaps(void);
#define heap_malloc() (get_kernel_heaps()->malloc)

tuple get_root_tuple(void);
tuple get_environment(void);

/* klibs must use kern_now(), not the kernel's inline now() */
timestamp kern_now(clock_id id);
extern timerqueue kernel_timers;

closure_type(shutdown_handler, void, int status, merge m);
void add_shutdown_completion(shutdown_handler h);

/* Interrupt flag save/disable/restore. A hosted (Linux process) build
   defines NANOS_HEADERS_HOSTED: a process may not clear the interrupt flag
   and has no interrupts to mask. */
static inline u64 irq_disable_save(void)
{
    u64 flags = 0;
#ifndef NANOS_HEADERS_HOSTED
    asm volatile("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
#endif
    return flags;
}

static inline void irq_restore(u64 flags)
{
#ifndef NANOS_HEADERS_HOSTED
    asm volatile("push %0; popf" :: "g"(flags) : "memory", "cc");
#else
    (void)flags;
#endif
}

static inline u64 spin_lock_irq(spinlock l)
{
    u64 flags = irq_disable_save();
    spin_lock(l);
    return flags;
}

static inline void spin_unlock_irq(spinlock l, u64 flags)
{
    spin_unlock(l);
    irq_restore(flags);
}

/* The kernel's lock-free multi-producer queue; klibs only enqueue. */
typedef struct queue {
    volatile union {
        struct {
            u32 head;
            u32 tail;
        };
        u64 w;
    } pc, cc;                   /* pc: producer head, consumer tail;
                                   cc: consumer head, producer tail */
    void **d;
    heap h;
    int order;                  /* capacity is 2^order */
} *queue;

extern queue runqueue;

static inline boolean __queue_enqueue(queue q, void *p)
{
    if (p == INVALID_ADDRESS)
        return false;
    u32 size = 1u << q->order;
    u32 head;
    do {
        head = q->pc.head;
        if (head - q->pc.tail == size)
            return false;       /* full */
    } while (!compare_and_swap_32((u32 *)&q->pc.head, head, head + 1));
    q->d[head & (size - 1)] = p;
    smp_write_barrier();
    /* earlier producers commit first */
    while (q->cc.tail != head)
        kern_pause();
    q->cc.tail = head + 1;
    return true;
}

/* runs t later on the runloop; asserts the run queue had room */
static inline void async_apply(thunk t)
{
    if (!__queue_enqueue(runqueue, t))
        assert(0);
}
