// The provider klib's own records and state; other klibs see a Ticket only by pointer.
import { u32 } from '../../../../klib-src/dialect';
import { allocate, Heap, INVALID_ADDRESS } from '../../../../klib-src/nanos';

export interface Ticket {
    weight: u32;
    next: Ticket | null;
}

let opened: u32 = 0;

export function ticketOpen(h: Heap, weight: u32): Ticket | null {
    const t = allocate<Ticket>(h);
    if (t === INVALID_ADDRESS) return null;
    t.weight = weight;
    t.next = null;
    opened++;
    return t;
}

/** How many tickets were opened. */
export function ticketCount(): u32 {
    return opened;
}
