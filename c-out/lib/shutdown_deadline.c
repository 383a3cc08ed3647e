/* generated from klib-src/lib/shutdown_deadline.ts by klibc - do not edit */
#include <kernel.h>
#include "shutdown_deadline.h"

/* A klib's own bound on its shutdown flush, and what it does with console lines that come after.
 *
 * The kernel applies every shutdown completion with one merge and then waits for that merge with no
 * deadline at all (kernel_shutdown; storage_shutdown runs when it completes): a klib that takes
 * the merge and never applies it is a VM that never halts, with timers and the network still
 * running. So a klib that flushes at shutdown holds the merge here, and it is released exactly
 * once: when every part of the klib that flushes has said it is done, or when the klib's own
 * deadline passes, whatever is left (the klib first says on the console what was not shipped).
 *
 * After the release the kernel still prints (storage_shutdown's error status, anything printed
 * while the kernel log is saved and the disks synced), and vm_exit does not wait for anyone. A
 * console write after the release arms a zero-delay timer (never more: the write path only copies
 * and arms), whose handler runs the klib's flush at once: the line goes out if the VM lives long
 * enough for it, which nothing guarantees.
 *
 * One per klib (module state: each klib compiles its own copy). SMP: the completion, the deadline
 * timer and the parts' completions may run on different CPUs; the merge's handler is taken under
 * `lock`, so it is applied once. The completion may be applied more than once: a kernel that halts
 * during the shutdown (an assertion in lwIP or direct, a fault) calls kernel_shutdown again, which
 * applies every completion again; nothing here is set up twice (a timer registered twice would
 * assert, and the VM would never halt). */

static struct lib_shutdown_deadline {
    struct spinlock lock;
    boolean started;
    boolean released;
    /* The merge's handler while held; null before the shutdown and once released. */
    status_handler held;
    /* The handler of a later application of the completion, held with the first: a kernel that
     * halts during the shutdown (an assertion, a fault) calls kernel_shutdown again, which applies
     * every completion again with a merge of its own. */
    status_handler again;
    /* Parts still flushing. */
    u32 parts;
    struct timer deadline;
    thunk on_expired;
    thunk late_flush;
    struct timer late_timer;
    closure_struct(timer_handler, on_deadline);
    closure_struct(timer_handler, on_late_write);
} lib_shutdown_deadline;

static void release(void);

closure_func_basic(timer_handler, void, on_deadline,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled || lib_shutdown_deadline.held == 0)
        return;
    thunk say = lib_shutdown_deadline.on_expired;
    if (say != 0)
        apply(say);
    release();
}

closure_func_basic(timer_handler, void, on_late_write,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    thunk flush = lib_shutdown_deadline.late_flush;
    if (flush != 0)
        apply(flush);
}

/* Applies what is held, once: whoever takes it under the lock applies it. */
static void release(void)
{
    u64 flags = spin_lock_irq(&lib_shutdown_deadline.lock);
    status_handler first = lib_shutdown_deadline.held;
    status_handler later = lib_shutdown_deadline.again;
    lib_shutdown_deadline.held = 0;
    lib_shutdown_deadline.again = 0;
    if (first != 0)
        lib_shutdown_deadline.released = true;
    spin_unlock_irq(&lib_shutdown_deadline.lock, flags);
    if (first == 0)
        return;
    remove_timer(kernel_timers, &lib_shutdown_deadline.deadline, 0);
    apply(first, STATUS_OK);
    if (later != 0)
        apply(later, STATUS_OK);
}

/* The shutdown completion was applied: holds `done` (the merge's apply_merge) until `partCount`
 * parts have called shutdownPartDone, or until `limit` has passed (then `expired` runs first, to
 * say what was not shipped). With no part, it is released at once. Applied again (a kernel that
 * halted during the shutdown shuts down again), the new handler is released with the first, or at
 * once if that has been released; the parts and the deadline stay the first application's. */
void shutdown_begin(status_handler done, u32 part_count, timestamp limit, thunk expired)
{
    u64 flags = spin_lock_irq(&lib_shutdown_deadline.lock);
    boolean first = !lib_shutdown_deadline.started;
    status_handler now = 0;
    status_handler superseded = 0;
    if (first) {
        lib_shutdown_deadline.started = true;
        lib_shutdown_deadline.held = done;
        lib_shutdown_deadline.parts = part_count;
    } else if (lib_shutdown_deadline.released) {
        now = done;
    } else {
        /* A third application: the shutdown of the second can never resume, so it may go. */
        superseded = lib_shutdown_deadline.again;
        lib_shutdown_deadline.again = done;
    }
    spin_unlock_irq(&lib_shutdown_deadline.lock, flags);
    if (now != 0)
        apply(now, STATUS_OK);
    if (superseded != 0)
        apply(superseded, STATUS_OK);
    if (!first)
        return;
    lib_shutdown_deadline.on_expired = expired;
    if (part_count == 0) {
        release();
        return;
    }
    init_timer(&lib_shutdown_deadline.deadline);
    register_timer(kernel_timers, &lib_shutdown_deadline.deadline, CLOCK_ID_MONOTONIC, limit, false,
                   0,
                   init_closure_func(&lib_shutdown_deadline.on_deadline, timer_handler,
                                     on_deadline));
}

/* A part has shipped what it had (or has nothing to wait for); the last one releases the merge. */
void shutdown_part_done(void)
{
    u64 flags = spin_lock_irq(&lib_shutdown_deadline.lock);
    boolean last = false;
    if (lib_shutdown_deadline.held != 0 && lib_shutdown_deadline.parts > 0) {
        lib_shutdown_deadline.parts--;
        last = lib_shutdown_deadline.parts == 0;
    }
    spin_unlock_irq(&lib_shutdown_deadline.lock, flags);
    if (last)
        release();
}

/* The shutdown has begun: nothing new (a metrics sample) should start. */
boolean shutdown_started(void)
{
    return lib_shutdown_deadline.started;
}

/* The merge has been released: the kernel may halt at any moment. */
boolean shutdown_released(void)
{
    return lib_shutdown_deadline.released;
}

/* What to run, from a zero-delay timer, when the console gets a line after the release. */
void shutdown_set_late_flush(thunk flush)
{
    init_timer(&lib_shutdown_deadline.late_timer);
    lib_shutdown_deadline.late_flush = flush;
}

/* For the klib's console write path, after it has copied the write: once the merge is released,
 * arms the zero-delay timer that flushes it (if it is not armed already). Nothing else happens in
 * the write. */
void shutdown_console_written(void)
{
    if (!lib_shutdown_deadline.released || lib_shutdown_deadline.late_flush == 0 ||
        timer_is_active(&lib_shutdown_deadline.late_timer))
        return;
    register_timer(kernel_timers, &lib_shutdown_deadline.late_timer, CLOCK_ID_MONOTONIC, 0, false,
                   0,
                   init_closure_func(&lib_shutdown_deadline.on_late_write, timer_handler,
                                     on_late_write));
}
