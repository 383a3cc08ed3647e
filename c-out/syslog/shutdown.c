/* generated from klib-src/syslog/shutdown.ts by klibc - do not edit */
#include <kernel.h>
#include "console_watch.h"
#include "shutdown.h"

/* The hold on the kernel's shutdown merge while the network output ships what the console printed.
 *
 * The kernel applies every shutdown completion with one merge and waits for that merge with no
 * deadline at all (kernel_shutdown): a klib that takes the merge and never gives it back is a VM
 * that never halts. So the merge is held here only until the log pipe holds nothing more for the
 * network and the last bytes handed to a connection have had LINGER to leave (a klib hears nothing
 * of TCP's acknowledgements: see stream.ts), or until our own deadline, SHUTDOWN_WAIT after the
 * shutdown began, whatever is left (then the console says how many lines were not sent).
 *
 * The kernel may run its shutdown more than once: a halt (an assertion) during the shutdown calls
 * kernel_shutdown again, which applies every completion again with a new merge. Each completion
 * applied is held and given back with the others (chained), the deadline restarts if the first
 * had already been given back, and nothing is registered twice (network.ts starts its ticker only
 * on the first shutdown; register_timer asserts on a timer still queued).
 *
 * After the release the kernel still prints (storage_shutdown's error status, for one) before the
 * VM exits, and nothing waits for us then: a console write after the release asks the caller, once
 * until that flush has run, to flush at once from a zero-delay timer (shutdownLateWrite); the line
 * goes out if the VM lives long enough, which nothing guarantees.
 *
 * SMP: the shutdown completion, the flush timer, the shutdown ticker and console writes run on any
 * CPU. Every field of the hold below `lock` is read and changed under it, and the lock is held only
 * for loads and stores (and one allocation, of the chaining closure); the held completion is taken
 * under it before it is applied, without the lock, once. The console path first looks at the
 * watch's `released` (console_watch.ts), with no lock: a write that races the release and misses it
 * is flushed by the shutdown ticker, which keeps running (network.ts). */

/* How long the shutdown waits for the server before it gives up on what is left. */
#define SHUTDOWN_WAIT_SECONDS 5

closure_function(2, 1, void, chain_both,
                 status_handler, first, status_handler, second,
                 status s)
{
    apply(bound(first), s);
    apply(bound(second), s);
    closure_finish();
}

/* `first` then `second`: both handlers held as one. Null when memory is short. */
static status_handler chain(heap h, status_handler first, status_handler second)
{
    status_handler both = closure(h, chain_both, first, second);
    return both == INVALID_ADDRESS ? 0 : both;
}

/* At init: the hold, with the record the console path reads `released` from. Null when memory is
 * short. */
shutdown_hold shutdown_hold_new(heap h, console_watch w)
{
    shutdown_hold d = allocate(h, sizeof(struct shutdown_hold));
    if (d == INVALID_ADDRESS)
        return 0;
    d->h = h;
    d->watch = w;
    spin_lock_init(&d->lock);
    d->started = false;
    d->released = false;
    d->held = 0;
    d->giving = 0;
    d->deadline = 0;
    d->linger = 0;
    d->last_handover = 0;
    d->late_asked = false;
    return d;
}

/* The shutdown completion was applied: holds `done` (the merge's apply_merge) until what is
 * written is shipped (shutdownCheck) or the deadline passes. `lingerMs`: how long the last bytes
 * handed over get to leave. True the first time, when the caller starts its ticker. */
boolean shutdown_hold_merge(shutdown_hold d, status_handler done, u64 linger_ms)
{
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&d->lock);
    boolean first = !d->started;
    status_handler give_now = 0;
    status_handler previous = d->held;
    if (previous == 0) {
        d->held = done;
    } else {
        d->held = chain(d->h, previous, done);
        if (d->held == 0) {
            /* No memory to hold both: the new one goes at once, the earlier one keeps waiting. */
            d->held = previous;
            give_now = done;
        }
    }
    if (first || d->released)
        d->deadline = now + seconds(SHUTDOWN_WAIT_SECONDS);
    d->started = true;
    d->released = false;
    d->linger = milliseconds(linger_ms);
    d->last_handover = now;
    spin_unlock_irq(&d->lock, flags);
    if (give_now != 0)
        apply(give_now, STATUS_OK);
    return first;
}

boolean shutdown_started(shutdown_hold d)
{
    u64 flags = spin_lock_irq(&d->lock);
    boolean s = d->started;
    spin_unlock_irq(&d->lock, flags);
    return s;
}

/* After a shutdown flush: `pending` when the pipe still holds something for the network, `handed`
 * when bytes were just handed to a connection. Decides whether the merge is given back now (when
 * everything is out and has lingered, or at the deadline), and if so takes it for
 * shutdownGiveBack. Takes only this file's lock and calls nothing: the caller may hold its own. */
enum release shutdown_check(shutdown_hold d, boolean pending, boolean handed)
{
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&d->lock);
    if (handed)
        d->last_handover = now;
    boolean shipped = !pending && now - d->last_handover >= d->linger;
    boolean expired = now >= d->deadline;
    enum release decision = RELEASE_HOLD;
    if (d->held != 0 && (shipped || expired)) {
        d->giving = d->held;
        d->held = 0;
        d->released = true;
        d->watch->released = true;
        decision = pending ? RELEASE_DEADLINE : RELEASE_SHIPPED;
    }
    spin_unlock_irq(&d->lock, flags);
    return decision;
}

/* Gives back the merge shutdownCheck took. The kernel may halt inside: call it last, with no lock
 * held. */
void shutdown_give_back(shutdown_hold d)
{
    u64 flags = spin_lock_irq(&d->lock);
    status_handler done = d->giving;
    d->giving = 0;
    spin_unlock_irq(&d->lock, flags);
    if (done != 0)
        apply(done, STATUS_OK);
}

/* The message for lines the deadline left behind (before shutdownGiveBack). */
void shutdown_report_unsent(u64 unsent)
{
    rprintf("syslog: %lu lines not sent: the server could not be reached within %lu s of the "
            "shutdown\n",
            unsent, SHUTDOWN_WAIT_SECONDS);
}

/* For the console write path: true once the merge has been given back and no late flush is asked
 * for yet; the caller then arms its zero-delay flush timer (and nothing else). */
boolean shutdown_late_write(shutdown_hold d)
{
    u64 flags = spin_lock_irq(&d->lock);
    boolean ask = d->released && !d->late_asked;
    if (ask)
        d->late_asked = true;
    spin_unlock_irq(&d->lock, flags);
    return ask;
}

/* The late flush's timer has fired: the next late write may arm it again. */
void shutdown_late_flushed(shutdown_hold d)
{
    u64 flags = spin_lock_irq(&d->lock);
    d->late_asked = false;
    spin_unlock_irq(&d->lock, flags);
}
