// Closures in their four forms: heap (captures become bound fields), one-shot (frees itself),
// embedded in the module state, and on the stack for synchronous callbacks.
import { closure, embedded, oneShot, stackClosure, u64 } from '../../../../klib-src/dialect';
import {
    ClockId, Heap, isOk, kernelTimers, registerTimer, seconds, Status, StatusHandler, Thunk, Timer,
    TIMER_DISABLED, TimerHandler,
} from '../../../../klib-src/nanos';

let heap: Heap;
let ticks: u64 = 0;
let retry: Timer;

const onRetry: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    ticks++;
});

export function scheduleRetry(delay: u64): void {
    registerTimer(kernelTimers, retry, ClockId.Monotonic, seconds(delay), false, 0, onRetry);
}

export function counter(start: u64): Thunk {
    let next: u64 = start;
    return closure(heap, () => {
        next++;
        ticks += next;
    });
}

export function whenDone(label: u64, then: StatusHandler): StatusHandler {
    return oneShot(heap, (s: Status) => {
        if (!isOk(s)) {
            ticks += label;
            return;
        }
        then(s);
    });
}

function each(n: u64, f: Thunk): void {
    for (let i: u64 = 0; i < n; i++) f();
}

export function sumTo(n: u64): u64 {
    const base: u64 = ticks;
    each(n, stackClosure(() => {
        ticks += base;
    }));
    return ticks;
}

export function nested(h: Heap, step: u64): StatusHandler {
    return closure(h, (s: Status) => {
        const inner: Thunk = closure(h, () => {
            ticks += step;
        });
        if (isOk(s)) inner();
    });
}
