// Lines are at most 100 columns, wrapped the way Nanos code is: arguments packed and aligned
// after the parenthesis, conditions broken after && and ||, long literals cut into adjacent ones,
// long macros continued with backslashes. Parentheses are those C needs, those gcc asks for, and
// those the source wrote.
import { bool, u32, u64 } from '../../../../klib-src/dialect';
import { Buffer, bprintf, CString, rprintf } from '../../../../klib-src/nanos';

const BANNER: CString = 'a long banner that describes the service, its options, its limits and its many moving parts in detail';

function mix(first: u64, second: u64, third: u64, fourth: u64, fifth: u64, sixth: u64): u64 {
    return first ^ second ^ third ^ fourth ^ fifth ^ sixth;
}

export function describe(b: Buffer, requests: u64, responses: u64, failures: u64, retries: u64): void {
    bprintf(b, `requests ${requests}, responses ${responses}, failures ${failures}, retries ${retries}, and a tail that is long enough to need cutting somewhere\n`);
    rprintf('%s\n');
}

export function busy(inFlight: bool, waiting: bool, queued: u32, limit: u32, draining: bool, stopping: bool): bool {
    return (inFlight || waiting) && queued < limit && !draining && !stopping && queued + 1 < limit * 2 && limit > 0;
}

export function mixed(a: u64, b: u64, c: u64): u64 {
    const shifted: u64 = (a + b) << 2 | c & 3;
    return mix(shifted, a * (b + c), a - b - c, (a ^ b) === c ? 1 : 0, mix(a, b, c, a, b, c), BANNER.charCodeAt(0));
}
