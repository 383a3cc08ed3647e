// Another klib calls the provider klib through its interface (its C includes
// "../klibprovider/provider.h"); the provider's C is not linked into this klib: the kernel
// resolves its functions when both klibs are loaded.
import { s32 } from '../../../../klib-src/dialect';
import { getKernelHeaps, heapLocked, KLIB_INIT_OK, rprintf, StatusHandler } from '../../../../klib-src/nanos';
import { providerOpen, Ticket, ticketCount } from '../klibprovider/provider';

let held: Ticket | null = null;

export function init(complete: StatusHandler): s32 {
    held = providerOpen(heapLocked(getKernelHeaps()), 3);
    if (held !== null) rprintf(`user: ${ticketCount()} tickets\n`);
    return KLIB_INIT_OK;
}
