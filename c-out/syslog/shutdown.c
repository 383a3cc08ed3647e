/* generated from klib-src/syslog/shutdown.ts by klibc - do not edit */
#include <kernel.h>
#include "shutdown.h"

#define SHUTDOWN_WAIT_SECONDS 5

static struct syslog_shutdown {
    heap heap;
    struct spinlock lock;
    boolean started;
    boolean released;
    status_handler held;
    timestamp deadline;
    timestamp linger;
    timestamp last_handover;
    boolean late_asked;
} syslog_shutdown;

#line 50 "klib-src/syslog/shutdown.ts"
closure_function(2, 1, void, chain_both,
                 status_handler, first, status_handler, second,
                 status s)
{
#line 51 "klib-src/syslog/shutdown.ts"
    apply(bound(first), s);
    apply(bound(second), s);
    closure_finish();
}

#line 49 "klib-src/syslog/shutdown.ts"
static status_handler chain(status_handler first, status_handler second)
{
#line 50 "klib-src/syslog/shutdown.ts"
    status_handler both = closure(syslog_shutdown.heap, chain_both, first, second);
#line 54 "klib-src/syslog/shutdown.ts"
    return both == INVALID_ADDRESS ? 0 : both;
}

#line 62 "klib-src/syslog/shutdown.ts"
boolean shutdown_hold(heap h, status_handler done, u64 linger_ms)
{
#line 63 "klib-src/syslog/shutdown.ts"
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    boolean first = !syslog_shutdown.started;
    if (first)
#line 66 "klib-src/syslog/shutdown.ts"
        syslog_shutdown.heap = h;
    status_handler give_now = 0;
    status_handler previous = syslog_shutdown.held;
    if (previous == 0) {
        syslog_shutdown.held = done;
    } else {
        syslog_shutdown.held = chain(previous, done);
        if (syslog_shutdown.held == 0) {
#line 75 "klib-src/syslog/shutdown.ts"
            syslog_shutdown.held = previous;
            give_now = done;
        }
    }
    if (first || syslog_shutdown.released)
#line 79 "klib-src/syslog/shutdown.ts"
        syslog_shutdown.deadline = now + seconds(SHUTDOWN_WAIT_SECONDS);
    syslog_shutdown.started = true;
    syslog_shutdown.released = false;
    syslog_shutdown.linger = milliseconds(linger_ms);
    syslog_shutdown.last_handover = now;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
    if (give_now != 0)
#line 85 "klib-src/syslog/shutdown.ts"
        apply(give_now, STATUS_OK);
    return first;
}

#line 89 "klib-src/syslog/shutdown.ts"
boolean shutdown_started(void)
{
#line 90 "klib-src/syslog/shutdown.ts"
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    boolean s = syslog_shutdown.started;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
    return s;
}

#line 101 "klib-src/syslog/shutdown.ts"
void shutdown_progress(boolean pending, boolean handed, u64 unsent)
{
#line 102 "klib-src/syslog/shutdown.ts"
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    if (handed)
#line 104 "klib-src/syslog/shutdown.ts"
        syslog_shutdown.last_handover = now;
    boolean shipped = !pending && now - syslog_shutdown.last_handover >= syslog_shutdown.linger;
    boolean expired = now >= syslog_shutdown.deadline;
    status_handler done = 0;
    if (syslog_shutdown.held != 0 && (shipped || expired)) {
        done = syslog_shutdown.held;
        syslog_shutdown.held = 0;
        syslog_shutdown.released = true;
    }
    spin_unlock_irq(&syslog_shutdown.lock, flags);
    if (done == 0)
#line 114 "klib-src/syslog/shutdown.ts"
        return;
    if (!shipped && pending) {
        rprintf("syslog: %lu lines not sent: the server could not be reached within %lu s of the shutdown\n",
                unsent, SHUTDOWN_WAIT_SECONDS);
    }
#line 118 "klib-src/syslog/shutdown.ts"
    apply(done, STATUS_OK);
}

#line 125 "klib-src/syslog/shutdown.ts"
boolean shutdown_late_write(void)
{
#line 126 "klib-src/syslog/shutdown.ts"
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    boolean ask = syslog_shutdown.released && !syslog_shutdown.late_asked;
    if (ask)
#line 128 "klib-src/syslog/shutdown.ts"
        syslog_shutdown.late_asked = true;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
    return ask;
}

#line 134 "klib-src/syslog/shutdown.ts"
void shutdown_late_flushed(void)
{
#line 135 "klib-src/syslog/shutdown.ts"
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    syslog_shutdown.late_asked = false;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
}
