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
// CPU. Every variable below `lock` is read and changed under it, and the lock is held only for
// loads and stores (and one allocation, of the chaining closure); the held completion is taken
// under it before it is applied, without the lock, once. The console path first looks at the
// watch's `released` (console_watch.ts), with no lock: a write that races the release and misses it
// is flushed by the shutdown ticker, which keeps running (network.ts).
import { oneShot, timestamp, u64 } from '../dialect';
import {
    ClockId, Heap, INVALID_ADDRESS, kernNow, milliseconds, rprintf, seconds, spinLockIrq, Spinlock, spinUnlockIrq,
    Status, StatusHandler, STATUS_OK,
} from '../nanos';
import { ConsoleWatch } from './console_watch';

/** How long the shutdown waits for the server before it gives up on what is left. */
const SHUTDOWN_WAIT_SECONDS: u64 = 5;

// Set by the first shutdown, then only read.
let heap: Heap;
/** Set at init: where the console path looks first (released). */
let watch: ConsoleWatch | null = null;

let lock: Spinlock;
let started: boolean = false;
let released: boolean = false;
/** The merge's handlers, chained, while held. */
let held: StatusHandler | null = null;
/** Taken from `held` by shutdownCheck, for shutdownGiveBack. */
let giving: StatusHandler | null = null;
let deadline: timestamp = 0;
let linger: timestamp = 0;
let lastHandover: timestamp = 0;
/** A late flush has been asked for and has not run yet. */
let lateAsked: boolean = false;

// `first` then `second`: both handlers held as one. Null when memory is short.
function chain(first: StatusHandler, second: StatusHandler): StatusHandler | null {
    const both: StatusHandler = oneShot(heap, (s: Status) => {
        first(s);
        second(s);
    });
    return both === INVALID_ADDRESS ? null : both;
}

/** At init: the record the console path reads `released` from. */
export function shutdownInit(w: ConsoleWatch): void {
    watch = w;
}

/**
 * The shutdown completion was applied: holds `done` (the merge's apply_merge) until what is
 * written is shipped (shutdownCheck) or the deadline passes. `lingerMs`: how long the last bytes
 * handed over get to leave. True the first time, when the caller starts its ticker.
 */
export function shutdownHold(h: Heap, done: StatusHandler, lingerMs: u64): boolean {
    const now = kernNow(ClockId.Monotonic);
    const flags = spinLockIrq(lock);
    const first = !started;
    if (first) heap = h;
    let giveNow: StatusHandler | null = null;
    const previous = held;
    if (previous === null) {
        held = done;
    } else {
        held = chain(previous, done);
        if (held === null) {
            // No memory to hold both: the new one goes at once, the earlier one keeps waiting.
            held = previous;
            giveNow = done;
        }
    }
    if (first || released) deadline = now + seconds(SHUTDOWN_WAIT_SECONDS);
    started = true;
    released = false;
    linger = milliseconds(lingerMs);
    lastHandover = now;
    spinUnlockIrq(lock, flags);
    if (giveNow !== null) giveNow(STATUS_OK);
    return first;
}

export function shutdownStarted(): boolean {
    const flags = spinLockIrq(lock);
    const s = started;
    spinUnlockIrq(lock, flags);
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
export function shutdownCheck(pending: boolean, handed: boolean): Release {
    const now = kernNow(ClockId.Monotonic);
    const flags = spinLockIrq(lock);
    if (handed) lastHandover = now;
    const shipped = !pending && now - lastHandover >= linger;
    const expired = now >= deadline;
    let decision = Release.Hold;
    if (held !== null && (shipped || expired)) {
        giving = held;
        held = null;
        released = true;
        if (watch !== null) watch.released = true;
        decision = pending ? Release.Deadline : Release.Shipped;
    }
    spinUnlockIrq(lock, flags);
    return decision;
}

/**
 * Gives back the merge shutdownCheck took. The kernel may halt inside: call it last, with no lock
 * held.
 */
export function shutdownGiveBack(): void {
    const flags = spinLockIrq(lock);
    const done = giving;
    giving = null;
    spinUnlockIrq(lock, flags);
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
export function shutdownLateWrite(): boolean {
    const flags = spinLockIrq(lock);
    const ask = released && !lateAsked;
    if (ask) lateAsked = true;
    spinUnlockIrq(lock, flags);
    return ask;
}

/** The late flush's timer has fired: the next late write may arm it again. */
export function shutdownLateFlushed(): void {
    const flags = spinLockIrq(lock);
    lateAsked = false;
    spinUnlockIrq(lock, flags);
}
