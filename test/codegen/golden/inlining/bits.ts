// The helper module of the inlining golden case: @inline functions are defined `static inline` in
// the header (other modules' C inlines them); a module's own @inline function stays in its C file,
// always inlined; @noinline keeps a function out of its callers.
import { u32, u64 } from '../../../../klib-src/dialect';

export const BITS_LOW_BYTE: u64 = 0xff;

/** The low byte of a word. @inline */
export function lowByte(w: u64): u64 {
    return w & BITS_LOW_BYTE;
}

/** Uses another @inline function of its module. @inline */
export function lowBytesSum(a: u64, b: u64): u64 {
    return lowByte(a) + lowByte(b);
}

/** @inline */
function twice(x: u32): u32 {
    return x << 1;
}

/** A rare path: never inlined. @noinline */
export function slowCount(x: u32): u32 {
    let n: u32 = 0;
    for (let i: u32 = 0; i < x; i++) n += twice(i);
    return n;
}
