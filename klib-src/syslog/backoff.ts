// Retry delays: 1 s doubling to a 60 s cap, with up to a quarter of random jitter so that many VMs
// restarted together do not retry in step.
import { timestamp, u32, u64 } from '../dialect';
import { milliseconds, randomU64 } from '../nanos';

const FIRST_MS: u64 = 1000;
const CAP_MS: u64 = 60000;

export function backoffDelay(failures: u32): timestamp {
    let ms = FIRST_MS;
    for (let i: u32 = 0; i < failures && ms < CAP_MS; i++) ms *= 2;
    if (ms > CAP_MS) ms = CAP_MS;
    return milliseconds(ms + randomU64() % (Math.trunc(ms / 4) + 1));
}
