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
 * "Full jitter": a delay drawn uniformly from [0, ceiling] with `random` as the source. Spreading
 * retries over the whole interval keeps many clients from retrying in step after a shared outage.
 */
export function logpipeFullJitter(ceiling: timestamp, random: u64): timestamp {
    return random % (ceiling + 1);
}
