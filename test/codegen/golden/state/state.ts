// Module state: top-level lets become one static struct named after the klib, zeroed or
// initialized with constants; constants become #defines.
import { bool, u32, u64 } from '../../../../klib-src/dialect';
import { Heap, Timer } from '../../../../klib-src/nanos';

const LIMIT: u32 = 8192;
const HALF = LIMIT >> 1;

let h: Heap | null;
let count: u32 = 0;
let limit: u32 = LIMIT;
let dropped: u64 = 0;
let enabled: bool = true;
let flush: Timer;

export function record(): bool {
    if (!enabled || count >= limit) {
        dropped++;
        return false;
    }
    count++;
    return count < HALF;
}

export function reset(): void {
    count = 0;
    enabled = h !== null;
}
