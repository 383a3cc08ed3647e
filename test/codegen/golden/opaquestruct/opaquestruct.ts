// A binding type known to C only by pointer (`@c struct trust_anchor *`, declared by no kernel
// header): the module declares `struct trust_anchor;` before any prototype names it.
import { u32 } from '../../../../klib-src/dialect';
import { TrustAnchor } from './bindings';

let trusted: TrustAnchor | null;

export function remember(t: TrustAnchor): void {
    trusted = t;
}

function isSet(t: TrustAnchor | null): u32 {
    return t === null ? 0 : 1;
}

export function haveTrust(): u32 {
    return isSet(trusted);
}
