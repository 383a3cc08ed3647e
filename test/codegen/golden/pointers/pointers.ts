// Pointer bindings: an indexable byte pointer (@index), void * taking any pointer (@anyptr) and
// casts back, and a plain C function pointer field filled with a klib function (@fnptr).
import { bytes, u8, u32 } from '../../../../klib-src/dialect';
import { BytePtr, ConsoleDriver, CString, VoidPtr } from '../../../../klib-src/nanos';

export interface Session {
    id: u32;
    driver: ConsoleDriver;
}

export function fill(p: BytePtr, n: bytes, value: u8): void {
    for (let i: bytes = 0; i < n; i++) p[i] = value;
}

export function sum(p: BytePtr, n: bytes): u32 {
    let total: u32 = 0;
    for (let i: bytes = 0; i < n; i++) total += p[i];
    return total;
}

function sessionWrite(d: VoidPtr, s: CString, count: bytes): void {
    const s2: Session = d as Session;
    s2.id += count as u32;
    void0(s);
}

function void0(s: CString): void {
    if (s.charCodeAt(0) === 0) return;
}

export function attach(sn: Session): VoidPtr {
    sn.driver.write = sessionWrite;
    sn.driver.disabled = false;
    return sn;
}
