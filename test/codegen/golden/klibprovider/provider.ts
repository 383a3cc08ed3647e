// A klib's interface to other klibs is its entry module (the one exporting init): the functions it
// exports and re-exports, declared in its header with the klib's records known only by pointer.
import { s32, u32 } from '../../../../klib-src/dialect';
import { Heap, KLIB_INIT_OK, StatusHandler } from '../../../../klib-src/nanos';
import { Ticket, ticketOpen } from './tickets';

export { ticketCount } from './tickets';
export type { Ticket } from './tickets';

/** Opens a ticket for another klib; null when out of memory. */
export function providerOpen(h: Heap, weight: u32): Ticket | null {
    return ticketOpen(h, weight);
}

export function init(complete: StatusHandler): s32 {
    return KLIB_INIT_OK;
}
