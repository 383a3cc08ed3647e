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
 * CPU. Every variable below `lock` is read and changed under it, and the lock is held only for
 * loads and stores (and one allocation, of the chaining closure); the held completion is taken
 * under it before it is applied, without the lock, once. The console path first looks at the
 * watch's `released` (console_watch.ts), with no lock: a write that races the release and misses it
 * is flushed by the shutdown ticker, which keeps running (network.ts). */

/* How long the shutdown waits for the server before it gives up on what is left. */
#define SHUTDOWN_WAIT_SECONDS 5

static struct syslog_shutdown {
    /* Set by the first shutdown, then only read. */
    heap heap;
    /* Set at init: where the console path looks first (released). */
    struct console_watch *watch;
    struct spinlock lock;
    boolean started;
    boolean released;
    /* The merge's handlers, chained, while held. */
    status_handler held;
    /* Taken from `held` by shutdownCheck, for shutdownGiveBack. */
    status_handler giving;
    timestamp deadline;
    timestamp linger;
    timestamp last_handover;
    /* A late flush has been asked for and has not run yet. */
    boolean late_asked;
} syslog_shutdown;

closure_function(2, 1, void, chain_both,
                 status_handler, first, status_handler, second,
                 status s)
{
    apply(bound(first), s);
    apply(bound(second), s);
    closure_finish();
}

/* `first` then `second`: both handlers held as one. Null when memory is short. */
static status_handler chain(status_handler first, status_handler second)
{
    status_handler both = closure(syslog_shutdown.heap, chain_both, first, second);
    return both == INVALID_ADDRESS ? 0 : both;
}

/* At init: the record the console path reads `released` from. */
void shutdown_init(console_watch w)
{
    syslog_shutdown.watch = w;
}

/* The shutdown completion was applied: holds `done` (the merge's apply_merge) until what is
 * written is shipped (shutdownCheck) or the deadline passes. `lingerMs`: how long the last bytes
 * handed over get to leave. True the first time, when the caller starts its ticker. */
boolean shutdown_hold(heap h, status_handler done, u64 linger_ms)
{
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    boolean first = !syslog_shutdown.started;
    if (first)
        syslog_shutdown.heap = h;
    status_handler give_now = 0;
    status_handler previous = syslog_shutdown.held;
    if (previous == 0) {
        syslog_shutdown.held = done;
    } else {
        syslog_shutdown.held = chain(previous, done);
        if (syslog_shutdown.held == 0) {
            /* No memory to hold both: the new one goes at once, the earlier one keeps waiting. */
            syslog_shutdown.held = previous;
            give_now = done;
        }
    }
    if (first || syslog_shutdown.released)
        syslog_shutdown.deadline = now + seconds(SHUTDOWN_WAIT_SECONDS);
    syslog_shutdown.started = true;
    syslog_shutdown.released = false;
    syslog_shutdown.linger = milliseconds(linger_ms);
    syslog_shutdown.last_handover = now;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
    if (give_now != 0)
        apply(give_now, STATUS_OK);
    return first;
}

boolean shutdown_started(void)
{
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    boolean s = syslog_shutdown.started;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
    return s;
}

/* After a shutdown flush: `pending` when the pipe still holds something for the network, `handed`
 * when bytes were just handed to a connection. Decides whether the merge is given back now (when
 * everything is out and has lingered, or at the deadline), and if so takes it for
 * shutdownGiveBack. Takes only this file's lock and calls nothing: the caller may hold its own. */
enum release shutdown_check(boolean pending, boolean handed)
{
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    if (handed)
        syslog_shutdown.last_handover = now;
    boolean shipped = !pending && now - syslog_shutdown.last_handover >= syslog_shutdown.linger;
    boolean expired = now >= syslog_shutdown.deadline;
    enum release decision = RELEASE_HOLD;
    if (syslog_shutdown.held != 0 && (shipped || expired)) {
        syslog_shutdown.giving = syslog_shutdown.held;
        syslog_shutdown.held = 0;
        syslog_shutdown.released = true;
        if (syslog_shutdown.watch != 0)
            syslog_shutdown.watch->released = true;
        decision = pending ? RELEASE_DEADLINE : RELEASE_SHIPPED;
    }
    spin_unlock_irq(&syslog_shutdown.lock, flags);
    return decision;
}

/* Gives back the merge shutdownCheck took. The kernel may halt inside: call it last, with no lock
 * held. */
void shutdown_give_back(void)
{
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    status_handler done = syslog_shutdown.giving;
    syslog_shutdown.giving = 0;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
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
boolean shutdown_late_write(void)
{
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    boolean ask = syslog_shutdown.released && !syslog_shutdown.late_asked;
    if (ask)
        syslog_shutdown.late_asked = true;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
    return ask;
}

/* The late flush's timer has fired: the next late write may arm it again. */
void shutdown_late_flushed(void)
{
    u64 flags = spin_lock_irq(&syslog_shutdown.lock);
    syslog_shutdown.late_asked = false;
    spin_unlock_irq(&syslog_shutdown.lock, flags);
}
