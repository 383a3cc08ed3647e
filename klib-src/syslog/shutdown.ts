// The hold on the kernel's shutdown merge while the network output ships what the console printed.
//
// The kernel applies every shutdown completion with one merge and waits for that merge with no
// deadline at all (kernel_shutdown): a klib that takes the merge and never gives it back is a VM
// that never halts. So the merge is held here only until the log pipe holds nothing more for the
// network and the last bytes handed to a connection have had LINGER to leave (a klib hears nothing
// of TCP's acknowledgements: see stream.ts), or until our own deadline, SHUTDOWN_WAIT after the
// shutdown began, whatever is left (then the console says how many lines were not sent).
//
// The kernel may run its shutdown more than once: a halt (an assertion) during the shutdown calls
// kernel_shutdown again, which applies every completion again with a new merge. Each completion
// applied is held and given back with the others (chained), the deadline restarts if the first
// had already been given back, and nothing is registered twice (network.ts starts its ticker only
// on the first shutdown; register_timer asserts on a timer still queued).
//
// After the release the kernel still prints (storage_shutdown's error status, for one) before the
// VM exits, and nothing waits for us then: a console write after the release asks the caller, once
// until that flush has run, to flush at once from a zero-delay timer (shutdownLateWrite); the line
// goes out if the VM lives long enough, which nothing guarantees.
//
// SMP: the shutdown completion, the flush timer, the shutdown ticker and console writes run on any
// CPU. Every field of the hold below `lock` is read and changed under it, and the lock is held
// only for loads and stores (and one allocation, of the chaining closure); the held completion is taken
// under it before it is applied, without the lock, once. The console path first looks at the
// watch's `released` (console_watch.ts), with no lock: a write that races the release and misses it
// is flushed by the shutdown ticker, which keeps running (network.ts).
import { oneShot, timestamp, u64 } from '../dialect';
import {
    allocate, ClockId, Heap, INVALID_ADDRESS, kernNow, milliseconds, rprintf, seconds, spinLockInit, spinLockIrq,
    Spinlock, spinUnlockIrq,
    Status, StatusHandler, STATUS_OK,
} from '../nanos';
import { ConsoleWatch } from './console_watch';

/** How long the shutdown waits for the server before it gives up on what is left. */
const SHUTDOWN_WAIT_SECONDS: u64 = 5;

/** The hold: allocated at init, used by network.ts (its flush paths) and the console path. */
export interface ShutdownHold {
    h: Heap;
    /** Where the console path looks first (released). */
    watch: ConsoleWatch;
    /** Every field below is read and changed under it (see the top). */
    lock: Spinlock;
    started: boolean;
    released: boolean;
    /** The merge's handlers, chained, while held. */
    held: StatusHandler | null;
    /** Taken from `held` by shutdownCheck, for shutdownGiveBack. */
    giving: StatusHandler | null;
    deadline: timestamp;
    linger: timestamp;
    lastHandover: timestamp;
    /** A late flush has been asked for and has not run yet. */
    lateAsked: boolean;
}

// `first` then `second`: both handlers held as one. Null when memory is short.
function chain(h: Heap, first: StatusHandler, second: StatusHandler): StatusHandler | null {
    const both: StatusHandler = oneShot(h, (s: Status) => {
        first(s);
        second(s);
    });
    return both === INVALID_ADDRESS ? null : both;
}

/** At init: the hold, with the record the console path reads `released` from. Null when memory is short. */
export function shutdownHoldNew(h: Heap, w: ConsoleWatch): ShutdownHold | null {
    const d: ShutdownHold = allocate<ShutdownHold>(h);
    if (d === INVALID_ADDRESS) return null;
    d.h = h;
    d.watch = w;
    spinLockInit(d.lock);
    d.started = false;
    d.released = false;
    d.held = null;
    d.giving = null;
    d.deadline = 0;
    d.linger = 0;
    d.lastHandover = 0;
    d.lateAsked = false;
    return d;
}

/**
 * The shutdown completion was applied: holds `done` (the merge's apply_merge) until what is
 * written is shipped (shutdownCheck) or the deadline passes. `lingerMs`: how long the last bytes
 * handed over get to leave. True the first time, when the caller starts its ticker.
 */
export function shutdownHoldMerge(d: ShutdownHold, done: StatusHandler, lingerMs: u64): boolean {
    const now = kernNow(ClockId.Monotonic);
    const flags = spinLockIrq(d.lock);
    const first = !d.started;
    let giveNow: StatusHandler | null = null;
    const previous = d.held;
    if (previous === null) {
        d.held = done;
    } else {
        d.held = chain(d.h, previous, done);
        if (d.held === null) {
            // No memory to hold both: the new one goes at once, the earlier one keeps waiting.
            d.held = previous;
            giveNow = done;
        }
    }
    if (first || d.released) d.deadline = now + seconds(SHUTDOWN_WAIT_SECONDS);
    d.started = true;
    d.released = false;
    d.linger = milliseconds(lingerMs);
    d.lastHandover = now;
    spinUnlockIrq(d.lock, flags);
    if (giveNow !== null) giveNow(STATUS_OK);
    return first;
}

export function shutdownStarted(d: ShutdownHold): boolean {
    const flags = spinLockIrq(d.lock);
    const s = d.started;
    spinUnlockIrq(d.lock, flags);
    return s;
}

/** What shutdownCheck decided. */
export const enum Release {
    /** Keep holding the merge. */
    Hold,
    /** Give it back: everything is out and has lingered. */
    Shipped,
    /** Give it back: the deadline has passed with lines still waiting (the caller says how many). */
    Deadline,
}

/**
 * After a shutdown flush: `pending` when the pipe still holds something for the network, `handed`
 * when bytes were just handed to a connection. Decides whether the merge is given back now (when
 * everything is out and has lingered, or at the deadline), and if so takes it for
 * shutdownGiveBack. Takes only this file's lock and calls nothing: the caller may hold its own.
 */
export function shutdownCheck(d: ShutdownHold, pending: boolean, handed: boolean): Release {
    const now = kernNow(ClockId.Monotonic);
    const flags = spinLockIrq(d.lock);
    if (handed) d.lastHandover = now;
    const shipped = !pending && now - d.lastHandover >= d.linger;
    const expired = now >= d.deadline;
    let decision = Release.Hold;
    if (d.held !== null && (shipped || expired)) {
        d.giving = d.held;
        d.held = null;
        d.released = true;
        d.watch.released = true;
        decision = pending ? Release.Deadline : Release.Shipped;
    }
    spinUnlockIrq(d.lock, flags);
    return decision;
}

/**
 * Gives back the merge shutdownCheck took. The kernel may halt inside: call it last, with no lock
 * held.
 */
export function shutdownGiveBack(d: ShutdownHold): void {
    const flags = spinLockIrq(d.lock);
    const done = d.giving;
    d.giving = null;
    spinUnlockIrq(d.lock, flags);
    if (done !== null) done(STATUS_OK);
}

/** The message for lines the deadline left behind (before shutdownGiveBack). */
export function shutdownReportUnsent(unsent: u64): void {
    rprintf(`syslog: ${unsent} lines not sent: the server could not be reached within ${SHUTDOWN_WAIT_SECONDS} s of the shutdown\n`);
}

/**
 * For the console write path: true once the merge has been given back and no late flush is asked
 * for yet; the caller then arms its zero-delay flush timer (and nothing else).
 */
export function shutdownLateWrite(d: ShutdownHold): boolean {
    const flags = spinLockIrq(d.lock);
    const ask = d.released && !d.lateAsked;
    if (ask) d.lateAsked = true;
    spinUnlockIrq(d.lock, flags);
    return ask;
}

/** The late flush's timer has fired: the next late write may arm it again. */
export function shutdownLateFlushed(d: ShutdownHold): void {
    const flags = spinLockIrq(d.lock);
    d.lateAsked = false;
    spinUnlockIrq(d.lock, flags);
}
