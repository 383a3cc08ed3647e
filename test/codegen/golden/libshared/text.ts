// A library folder: no init, so it is no klib of its own; klibs that import it link its C.
import { bytes, u32 } from '../../../../klib-src/dialect';
import { BytePtr } from '../../../../klib-src/nanos';

export interface Span {
    start: u32;
    length: u32;
}

export function countByte(p: BytePtr, n: bytes, b: u32): u32 {
    let count: u32 = 0;
    for (let i: bytes = 0; i < n; i++) {
        if (p[i] === b) count++;
    }
    return count;
}
