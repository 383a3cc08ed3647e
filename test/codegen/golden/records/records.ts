// Records become structs with the Nanos pointer typedef; nullable pointers, fixed arrays, kernel
// structs stored by value, and allocation only from an explicit heap.
import { bytes, Fixed, u8, u32 } from '../../../../klib-src/dialect';
import { allocate, deallocate, Heap, INVALID_ADDRESS, StatusHandler, Timer } from '../../../../klib-src/nanos';

export interface Line {
    length: u32;
    next: Line | null;
    text: Fixed<u8, 64>;
    flush: Timer;
    done: StatusHandler | null;
}

export function newLine(h: Heap, length: u32): Line | null {
    const l: Line = allocate<Line>(h);
    if (l === INVALID_ADDRESS) return null;
    l.length = length;
    l.next = null;
    l.done = null;
    for (let i: u32 = 0; i < l.text.length; i++) l.text[i] = 0;
    return l;
}

export function chainLength(first: Line | null): bytes {
    let n: bytes = 0;
    let l: Line | null = first;
    while (l !== null) {
        n += l.length;
        l = l.next;
    }
    return n;
}

export function freeLine(h: Heap, l: Line): void {
    deallocate(h, l);
}

export function flushTimer(l: Line): Timer {
    const t: Timer = l.flush;
    return t;
}

export function sameTimer(l: Line): Timer {
    return l.flush;
}
