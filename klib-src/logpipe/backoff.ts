// Exponential backoff with full jitter: the numbers only (the retry state and the kernel's random
// source are in retry.ts). Pure, so the differential test checks the bounds under Node and in C.
import { timestamp, u32, u64 } from '../dialect';

/** min(cap, base * 2^attempt), without overflowing however large attempt gets. */
export function logpipeBackoffCeiling(base: timestamp, cap: timestamp, attempt: u32): timestamp {
    let ceiling: timestamp = base < cap ? base : cap;
    for (let i: u32 = 0; i < attempt && ceiling < cap; i++) {
        ceiling = ceiling > cap - ceiling ? cap : ceiling * 2;
    }
    return ceiling;
}

/**
 * The bound of the next delay after `attempt` failures in a run of failures that started `elapsed`
 * ago: the doubling ceiling, and never more than a third of the run so far (but at least `base`).
 * So the next try after a service comes back is at most a third of the outage away: after a 10 s
 * outage, within 3.4 s (the last failed try was before the end of the outage, at time t, and the
 * next one comes at most t / 3 after it).
 */
export function logpipeRetryBound(base: timestamp, cap: timestamp, attempt: u32, elapsed: timestamp): timestamp {
    const doubling: timestamp = logpipeBackoffCeiling(base, cap, attempt);
    const third: timestamp = Math.trunc(elapsed / 3);
    const young: timestamp = third < base ? base : third;
    return doubling < young ? doubling : young;
}

/**
 * "Full jitter": a delay drawn uniformly from [0, ceiling] with `random` as the source. Spreading
 * retries over the whole interval keeps many clients from retrying in step after a shared outage.
 */
export function logpipeFullJitter(ceiling: timestamp, random: u64): timestamp {
    return random % (ceiling + 1);
}
