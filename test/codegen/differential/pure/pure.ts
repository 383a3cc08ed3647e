// Pure dialect functions (no kernel calls) for the differential test: the same source runs under
// Node as TypeScript and as compiled C, on the same random inputs.
import { bytes, s32, u16, u32, u64 } from '../../../../klib-src/dialect';
import { CString } from '../../../../klib-src/nanos';

export function rotl32(x: u32, n: u32): u32 {
    return ((x << n) | (x >>> (32 - n))) >>> 0;
}

// FNV-1a; the multiplication by the FNV prime 2^24 + 403 is split so it stays exact in TypeScript.
export function fnv1a32(s: CString, n: bytes): u32 {
    let h: u32 = 2166136261;
    for (let i: bytes = 0; i < n; i++) {
        h = (h ^ s.charCodeAt(i)) >>> 0;
        h = ((h << 24) + h * 403) >>> 0;
    }
    return h;
}

export function hexValue(c: u32): s32 {
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 97 && c <= 102) return c - 87;
    if (c >= 65 && c <= 70) return c - 55;
    return -1;
}

export function gcd(a: u64, b: u64): u64 {
    while (b !== 0) {
        const r: u64 = a % b;
        a = b;
        b = r;
    }
    return a;
}

export function decimalDigits(n: u64): u32 {
    let count: u32 = 1;
    while (n >= 10) {
        n = Math.trunc(n / 10);
        count++;
    }
    return count;
}

export function saturatingAdd16(a: u16, b: u16): u16 {
    const sum: u32 = a + b;
    return sum > 0xffff ? 0xffff : sum as u16;
}
