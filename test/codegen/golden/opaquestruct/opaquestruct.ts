// A binding type known to C only by pointer (`@c struct tls_trust *`, declared by no kernel header):
// the module declares `struct tls_trust;` before any prototype names it.
import { u32 } from '../../../../klib-src/dialect';
import { TlsTrustRef } from '../../../../klib-src/nanos/tls';

let trusted: TlsTrustRef | null;

export function remember(t: TlsTrustRef): void {
    trusted = t;
}

function isSet(t: TlsTrustRef | null): u32 {
    return t === null ? 0 : 1;
}

export function haveTrust(): u32 {
    return isSet(trusted);
}
