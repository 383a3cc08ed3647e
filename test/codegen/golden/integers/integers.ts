// Fixed-width integers with C semantics, bigint literals for 64-bit values, casts, >>> and Math.trunc.
import { s32, s64, u8, u16, u32, u64 } from '../../../../klib-src/dialect';

const ALL_ONES: u64 = 0xffffffffffffffffn;
const LOW_BYTE_MASK = 0xff;

export function low16(x: u64): u16 {
    return (x & 0xffff) as u16;
}

export function rotateLeft32(x: u32, n: u32): u32 {
    return ((x << n) | (x >>> (32 - n))) >>> 0;
}

export function average(a: s64, b: s64): s64 {
    return Math.trunc((a + b) / 2);
}

export function remainder(a: s32, b: s32): s32 {
    return a % b;
}

export function isAllOnes(x: u64): boolean {
    return x === ALL_ONES;
}

export function lowByte(x: u32): u8 {
    return (x & LOW_BYTE_MASK) as u8;
}
