// No import of the prelude: like TypeScript's lib.d.ts it is always there, so `u32`, `Fixed`,
// `closure` and `sizeOf` need no import (the kernel's bindings still do).
import { Heap, Thunk } from '../../../../klib-src/nanos';

export interface Counter {
    hits: Fixed<u32, 4>;
    total: u64;
}

export function counterSize(): bytes {
    return sizeOf<Counter>();
}

export function bump(c: Counter, slot: u32): void {
    c.hits[slot & 3]++;
    c.total++;
}

export function bumper(h: Heap, c: Counter): Thunk {
    return closure(h, () => {
        bump(c, 0);
    });
}
