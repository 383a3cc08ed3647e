/* Timers on the kernel's interface, run from the event loop. kernel_timers is
   the one queue klibs use; expiries are kept on the timer's own clock
   (monotonic or realtime) and compared to that clock's current time, so a
   realtime timer follows wall-clock steps as in the kernel. The queue is an
   array scanned for the earliest expiry: klibs hold a handful of timers. */
#include "host.h"

struct timerqueue {
    timer *pending;
    u32 count;
    u32 capacity;
};

static struct timerqueue timers;
timerqueue kernel_timers = &timers;

static timestamp timestamp_from_ns(u64 ns)
{
    return ((ns / BILLION) << 32) + (((ns % BILLION) << 32) / BILLION);
}

static u64 ns_from_timestamp(timestamp t)
{
    return (t >> 32) * BILLION + (((t & MASK(32)) * BILLION) >> 32);
}

static boolean is_realtime(clock_id id)
{
    return id == CLOCK_ID_REALTIME || id == CLOCK_ID_REALTIME_COARSE;
}

timestamp kern_now(clock_id id)
{
    return timestamp_from_ns(is_realtime(id) ? host_realtime_ns() : host_monotonic_ns());
}

s64 rtime(s64 *result)
{
    s64 t = sec_from_timestamp(kern_now(CLOCK_ID_REALTIME));
    if (result)
        *result = t;
    return t;
}

static void enqueue(timerqueue tq, timer t)
{
    if (tq->count == tq->capacity) {
        u32 capacity = tq->capacity ? tq->capacity * 2 : 16;
        timer *pending = host_malloc(capacity * sizeof(timer));
        if (!pending)
            host_fatal("out of memory growing the timer queue");
        runtime_memcpy(pending, tq->pending, tq->count * sizeof(timer));
        host_free(tq->pending);
        tq->pending = pending;
        tq->capacity = capacity;
    }
    tq->pending[tq->count++] = t;
}

static boolean dequeue(timerqueue tq, timer t)
{
    for (u32 i = 0; i < tq->count; i++) {
        if (tq->pending[i] == t) {
            tq->pending[i] = tq->pending[--tq->count];
            return true;
        }
    }
    return false;
}

void register_timer(timerqueue tq, timer t, clock_id id,
                    timestamp val, boolean absolute, timestamp interval, timer_handler n)
{
    if (t->queued)
        halt("assertion !t->queued failed at src/runtime/timer.c:40 in register_timer(): timer %p is "
             "already queued\n", t);
    t->id = id;
    t->expiry = absolute ? val : kern_now(id) + val;
    t->interval = interval;
    t->absolute = absolute;
    t->active = true;
    t->queued = true;
    t->handler = n;
    enqueue(tq, t);
}

boolean remove_timer(timerqueue tq, timer t, timestamp *remain)
{
    if (!t->active)
        return false;
    timestamp expiry = t->expiry;
    t->active = false;
    if (t->queued) {
        t->queued = false;
        dequeue(tq, t);
        apply(t->handler, 0, timer_disabled);
    }
    /* Else a periodic timer is inside its own handler: the service routine
       makes the terminal call once the handler returns, keeping the order. */
    if (remain) {
        timestamp now = kern_now(t->id);
        *remain = expiry > now ? expiry - now : 0;
    }
    return true;
}

/* How far in the future (ns) a timer expires; 0 when due. */
static u64 ns_until(timer t)
{
    timestamp now = kern_now(t->id);
    return t->expiry > now ? ns_from_timestamp(t->expiry - now) : 0;
}

static timer earliest_due(timerqueue tq)
{
    timer best = 0;
    for (u32 i = 0; i < tq->count; i++) {
        if (ns_until(tq->pending[i]) == 0 && (!best || tq->pending[i]->expiry < best->expiry))
            best = tq->pending[i];
    }
    return best;
}

u64 host_timers_next_ns(void)
{
    u64 soonest = U64_MAX;
    for (u32 i = 0; i < timers.count; i++) {
        u64 wait = ns_until(timers.pending[i]);
        if (wait < soonest)
            soonest = wait;
    }
    return soonest == U64_MAX ? U64_MAX : host_monotonic_ns() + soonest;
}

int host_timers_service(void)
{
    timer t;
    int ran = 0;
    while ((t = earliest_due(&timers))) {
        ran = 1;
        dequeue(&timers, t);
        t->queued = false;
        u64 overruns = 1;
        boolean periodic = t->interval != 0;
        if (periodic) {
            timestamp now = kern_now(t->id);
            timestamp late = now - t->expiry;
            if (late > t->interval)
                overruns = late / t->interval + 1;
            t->expiry += t->interval * overruns;
        } else {
            t->active = false;
        }
        apply(t->handler, t->expiry, overruns);
        if (!periodic)
            continue;
        if (t->active) {
            t->queued = true;
            enqueue(&timers, t);
        } else {
            apply(t->handler, 0, timer_disabled);
        }
    }
    return ran;
}
