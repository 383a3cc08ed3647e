/* Timers. A timer is registered on a timer queue (klibs use the kernel's,
   kernel_timers) with a handler called as (expiry, overruns); overruns is
   timer_disabled when the timer was cancelled. Every registration ends
   with exactly one terminal call (expiry of a one-shot, or cancellation). */
#ifndef NANOS_HEADERS_TIMER_H
#define NANOS_HEADERS_TIMER_H

#include <lock.h>

#define timer_disabled (-1ull)

closure_type(timer_handler, void, u64 expiry, u64 overruns);

typedef struct timerqueue *timerqueue;
typedef struct timer *timer;

struct timer {
    clock_id id;
    timestamp expiry;
    timestamp interval;
    boolean absolute;
    boolean active;
    boolean queued;
    timer_handler handler;
};

static inline void init_timer(timer t)
{
    t->active = false;
    t->queued = false;
}

static inline boolean timer_is_active(timer t)
{
    return t->active;
}

static inline timer allocate_timer(heap h)
{
    timer t = allocate(h, sizeof(struct timer));
    if (t != INVALID_ADDRESS)
        init_timer(t);
    return t;
}

static inline void deallocate_timer(heap h, timer t)
{
    deallocate(h, t, sizeof(struct timer));
}

/* val is a delay unless absolute; interval 0 means one-shot. The kernel
   asserts that t is not already queued. */
void register_timer(timerqueue tq, timer t, clock_id id,
                    timestamp val, boolean absolute, timestamp interval, timer_handler n);

/* true when t was queued; its handler then runs with timer_disabled */
boolean remove_timer(timerqueue tq, timer t, timestamp *remain);

#endif
