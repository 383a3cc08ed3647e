// A klib's own bound on its shutdown flush, and what it does with console lines that come after.
//
// The kernel applies every shutdown completion with one merge and then waits for that merge with no
// deadline at all (kernel_shutdown; storage_shutdown runs when it completes): a klib that takes
// the merge and never applies it is a VM that never halts, with timers and the network still
// running. So a klib that flushes at shutdown holds the merge here, and it is released exactly
// once: when every part of the klib that flushes has said it is done, or when the klib's own
// deadline passes, whatever is left (the klib first says on the console what was not shipped).
//
// After the release the kernel still prints (storage_shutdown's error status, anything printed
// while the kernel log is saved and the disks synced), and vm_exit does not wait for anyone. A
// console write after the release arms a zero-delay timer (never more: the write path only copies
// and arms), whose handler runs the klib's flush at once: the line goes out if the VM lives long
// enough for it, which nothing guarantees.
//
// One per klib (module state: each klib compiles its own copy). SMP: the completion, the deadline
// timer and the parts' completions may run on different CPUs; the merge's handler is taken under
// `lock`, so it is applied once. The completion may be applied more than once: a kernel that halts
// during the shutdown (an assertion in lwIP or direct, a fault) calls kernel_shutdown again, which
// applies every completion again; nothing here is set up twice (a timer registered twice would
// assert, and the VM would never halt).
import { embedded, timestamp, u32 } from '../dialect';
import {
    ClockId, initTimer, kernelTimers, registerTimer, removeTimer, spinLockIrq, Spinlock, spinUnlockIrq,
    StatusHandler, STATUS_OK, Thunk, Timer, TIMER_DISABLED, TimerHandler, timerIsActive,
} from '../nanos';

let lock: Spinlock;
let started: boolean = false;
let released: boolean = false;
/** The merge's handler while held; null before the shutdown and once released. */
let held: StatusHandler | null = null;
/**
 * The handler of a later application of the completion, held with the first: a kernel that halts
 * during the shutdown (an assertion, a fault) calls kernel_shutdown again, which applies every
 * completion again with a merge of its own.
 */
let again: StatusHandler | null = null;
/** Parts still flushing. */
let parts: u32 = 0;
let deadline: Timer;
let onExpired: Thunk | null = null;
let lateFlush: Thunk | null = null;
let lateTimer: Timer;

/** Applies what is held, once: whoever takes it under the lock applies it. */
function release(): void {
    const flags = spinLockIrq(lock);
    const first = held;
    const later = again;
    held = null;
    again = null;
    if (first !== null) released = true;
    spinUnlockIrq(lock, flags);
    if (first === null) return;
    removeTimer(kernelTimers, deadline);
    first(STATUS_OK);
    if (later !== null) later(STATUS_OK);
}

const onDeadline: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED || held === null) return;
    const say = onExpired;
    if (say !== null) say();
    release();
});

/**
 * The shutdown completion was applied: holds `done` (the merge's apply_merge) until `partCount`
 * parts have called shutdownPartDone, or until `limit` has passed (then `expired` runs first, to
 * say what was not shipped). With no part, it is released at once. Applied again (a kernel that
 * halted during the shutdown shuts down again), the new handler is released with the first, or at
 * once if that has been released; the parts and the deadline stay the first application's.
 */
export function shutdownBegin(done: StatusHandler, partCount: u32, limit: timestamp, expired: Thunk): void {
    const flags = spinLockIrq(lock);
    const first: boolean = !started;
    let now: StatusHandler | null = null;
    let superseded: StatusHandler | null = null;
    if (first) {
        started = true;
        held = done;
        parts = partCount;
    } else if (released) {
        now = done;
    } else {
        // A third application: the shutdown of the second can never resume, so it may go.
        superseded = again;
        again = done;
    }
    spinUnlockIrq(lock, flags);
    if (now !== null) now(STATUS_OK);
    if (superseded !== null) superseded(STATUS_OK);
    if (!first) return;
    onExpired = expired;
    if (partCount === 0) {
        release();
        return;
    }
    initTimer(deadline);
    registerTimer(kernelTimers, deadline, ClockId.Monotonic, limit, false, 0, onDeadline);
}

/** A part has shipped what it had (or has nothing to wait for); the last one releases the merge. */
export function shutdownPartDone(): void {
    const flags = spinLockIrq(lock);
    let last: boolean = false;
    if (held !== null && parts > 0) {
        parts--;
        last = parts === 0;
    }
    spinUnlockIrq(lock, flags);
    if (last) release();
}

/** The shutdown has begun: nothing new (a metrics sample) should start. */
export function shutdownStarted(): boolean {
    return started;
}

/** The merge has been released: the kernel may halt at any moment. */
export function shutdownReleased(): boolean {
    return released;
}

/** What to run, from a zero-delay timer, when the console gets a line after the release. */
export function shutdownSetLateFlush(flush: Thunk): void {
    initTimer(lateTimer);
    lateFlush = flush;
}

const onLateWrite: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    const flush = lateFlush;
    if (flush !== null) flush();
});

/**
 * For the klib's console write path, after it has copied the write: once the merge is released,
 * arms the zero-delay timer that flushes it (if it is not armed already). Nothing else happens in
 * the write.
 */
export function shutdownConsoleWritten(): void {
    if (!released || lateFlush === null || timerIsActive(lateTimer)) return;
    registerTimer(kernelTimers, lateTimer, ClockId.Monotonic, 0, false, 0, onLateWrite);
}
