// Uses only useCount() of address.ts, yet includes <lwip.h> and, in place of <kernel.h> (which it
// includes itself), <unix_internal.h>: the header "address.h" needs them (`@include H instead of K`).
import { u32 } from '../../../../klib-src/dialect';
import { useCount } from './address';

export function twice(): u32 {
    return useCount() * 2;
}
