/* Spinlocks as the SMP kernel build defines them: a word that is 0 when
   free. They do not disable interrupts; see spin_lock_irq in kernel.h. */
#ifndef NANOS_HEADERS_LOCK_H
#define NANOS_HEADERS_LOCK_H

typedef struct spinlock {
    word w;
} *spinlock;

static inline void spin_lock_init(spinlock l)
{
    l->w = 0;
}

static inline boolean spin_try(spinlock l)
{
    return compare_and_swap_64(&l->w, 0, 1);
}

static inline void spin_lock(spinlock l)
{
    volatile word *w = &l->w;
    while (*w || !compare_and_swap_64(&l->w, 0, 1))
        kern_pause();
}

static inline void spin_unlock(spinlock l)
{
    smp_write_barrier();
    *(volatile word *)&l->w = 0;
}

#endif
