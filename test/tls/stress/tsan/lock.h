/* Spinlocks for the ThreadSanitizer build of the session stress test, found
   before nanos-headers/lock.h on the include path. The same lock as the
   kernel's (a word, 0 when free, taken by compare-and-swap), written with the
   compiler's acquire/release atomics: the kernel's unlock is a plain store
   after a compiler barrier, a release on x86 that ThreadSanitizer cannot see
   as one, so with it every access the lock protects would look like a race. */
#ifndef NANOS_HEADERS_LOCK_H
#define NANOS_HEADERS_LOCK_H

typedef struct spinlock {
    word w;
} *spinlock;

static inline void spin_lock_init(spinlock l)
{
    __atomic_store_n(&l->w, 0, __ATOMIC_RELEASE);
}

static inline boolean spin_try(spinlock l)
{
    word free = 0;
    return __atomic_compare_exchange_n(&l->w, &free, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_lock(spinlock l)
{
    while (!spin_try(l)) {
        while (__atomic_load_n(&l->w, __ATOMIC_RELAXED))
            kern_pause();
    }
}

static inline void spin_unlock(spinlock l)
{
    __atomic_store_n(&l->w, 0, __ATOMIC_RELEASE);
}

#endif
