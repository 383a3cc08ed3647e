// The retry policy the cloud klibs share: exponential backoff with full jitter and a cap, reset on
// success, with the kernel's random source; and which failures are worth retrying.
import { timestamp, u32 } from '../dialect';
import { allocate, deallocate, Heap, INVALID_ADDRESS, randomU64 } from '../nanos';
import { logpipeBackoffCeiling, logpipeFullJitter } from './backoff';

/** Past this many failures the ceiling is the cap anyway; the count stops growing. */
const ATTEMPT_LIMIT: u32 = 64;

export interface LogpipeRetry {
    base: timestamp;
    cap: timestamp;
    /** Failures since the last success. */
    attempt: u32;
}

/** A retry state: delays start below `base` and never exceed `cap`. Null when `h` fails. */
export function logpipeRetryCreate(h: Heap, base: timestamp, cap: timestamp): LogpipeRetry | null {
    const r: LogpipeRetry = allocate<LogpipeRetry>(h);
    if (r === INVALID_ADDRESS) return null;
    r.base = base;
    r.cap = cap;
    r.attempt = 0;
    return r;
}

export function logpipeRetryDestroy(h: Heap, r: LogpipeRetry): void {
    deallocate(h, r);
}

/** After a failure: how long to wait before the next try, uniformly in [0, min(cap, base * 2^n)]. */
export function logpipeRetryDelay(r: LogpipeRetry): timestamp {
    const ceiling: timestamp = logpipeBackoffCeiling(r.base, r.cap, r.attempt);
    if (r.attempt < ATTEMPT_LIMIT) r.attempt++;
    return logpipeFullJitter(ceiling, randomU64());
}

/** The deterministic part of the next delay: min(cap, base * 2^n) (for "quiet while short" rules). */
export function logpipeRetryCeiling(r: LogpipeRetry): timestamp {
    return logpipeBackoffCeiling(r.base, r.cap, r.attempt);
}

/** After a success: the next failure starts from `base` again. */
export function logpipeRetryReset(r: LogpipeRetry): void {
    r.attempt = 0;
}

/**
 * Whether a failed request is worth retrying with the same data: a network error or timeout
 * (status 0), throttling (429, or an API's own throttling error, which CloudWatch sends as a 400:
 * `throttled`), or a server error (5xx). Any other status means the request itself was refused.
 */
export function logpipeShouldRetry(status: u32, throttled: boolean): boolean {
    return status === 0 || status === 429 || (status >= 500 && status < 600) || throttled;
}
