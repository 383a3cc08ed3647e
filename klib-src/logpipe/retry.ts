// The retry policy every sink shares (README.md, "Retry policy"): exponential backoff from `base`,
// capped at `cap` and, while an outage is young, at a third of how long it has lasted; full
// jitter with the kernel's random source; reset on success. And which failures are worth a retry.
import { timestamp, u32 } from '../dialect';
import { allocate, ClockId, Heap, INVALID_ADDRESS, kernNow, randomU64 } from '../nanos';
import { logpipeFullJitter, logpipeRetryBound } from './backoff';

/** Past this many failures the ceiling is the cap anyway; the count stops growing. */
const ATTEMPT_LIMIT: u32 = 64;

export interface LogpipeRetry {
    base: timestamp;
    cap: timestamp;
    /** Failures since the last success. */
    attempt: u32;
    /** When the first of them happened (monotonic). */
    since: timestamp;
}

/** A retry state: delays start below `base` and never exceed `cap`. Null when `h` fails. */
export function logpipeRetryCreate(h: Heap, base: timestamp, cap: timestamp): LogpipeRetry | null {
    const r: LogpipeRetry = allocate<LogpipeRetry>(h);
    if (r === INVALID_ADDRESS) return null;
    r.base = base;
    r.cap = cap;
    r.attempt = 0;
    r.since = 0;
    return r;
}

/**
 * After a failure: how long to wait before the next try, uniformly in [0, bound], the bound being
 * min(cap, base * 2^n, max(base, a third of the time since the first failure)).
 */
export function logpipeRetryDelay(r: LogpipeRetry): timestamp {
    const now: timestamp = kernNow(ClockId.Monotonic);
    if (r.attempt === 0) r.since = now;
    const ceiling: timestamp = logpipeRetryBound(r.base, r.cap, r.attempt, now - r.since);
    if (r.attempt < ATTEMPT_LIMIT) r.attempt++;
    return logpipeFullJitter(ceiling, randomU64());
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
