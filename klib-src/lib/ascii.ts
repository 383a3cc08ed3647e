// Byte classes and comparisons for protocol text (ASCII), shared by the parsers and encoders.
// Pure: no kernel calls, so the same code runs under Node in the tests.
import { bytes, s32, u32 } from '../dialect';
import { BytePtr, CString } from '../nanos';

export function isDigit(c: u32): boolean {
    return c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0);
}

export function lowerCase(c: u32): u32 {
    return c >= 'A'.charCodeAt(0) && c <= 'Z'.charCodeAt(0) ? c + 32 : c;
}

/** The value of a hexadecimal digit, or -1. */
export function hexDigitValue(c: u32): s32 {
    if (c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0)) return c - '0'.charCodeAt(0);
    if (c >= 'a'.charCodeAt(0) && c <= 'f'.charCodeAt(0)) return c - 'a'.charCodeAt(0) + 10;
    if (c >= 'A'.charCodeAt(0) && c <= 'F'.charCodeAt(0)) return c - 'A'.charCodeAt(0) + 10;
    return -1;
}

/** The lowercase hexadecimal digit for a value 0..15. */
export function hexDigit(v: u32): u32 {
    return v < 10 ? '0'.charCodeAt(0) + v : 'a'.charCodeAt(0) - 10 + v;
}

/** The uppercase hexadecimal digit for a value 0..15 (percent-encoding, RFC 3986 2.1). */
export function hexDigitUpper(v: u32): u32 {
    return v < 10 ? '0'.charCodeAt(0) + v : 'A'.charCodeAt(0) - 10 + v;
}

/** True when the `n` bytes at `p[off]` equal the literal `text` of length `n`, ignoring ASCII case. */
export function equalsIgnoringCase(p: BytePtr, off: bytes, n: bytes, text: CString, textLength: bytes): boolean {
    if (n !== textLength) return false;
    for (let i: bytes = 0; i < n; i++) {
        if (lowerCase(p[off + i]) !== lowerCase(text.charCodeAt(i))) return false;
    }
    return true;
}

/** True when the `n` bytes at `p[off]` equal the literal `text` of length `n`. */
export function equalsText(p: BytePtr, off: bytes, n: bytes, text: CString, textLength: bytes): boolean {
    if (n !== textLength) return false;
    for (let i: bytes = 0; i < n; i++) {
        if (p[off + i] !== text.charCodeAt(i)) return false;
    }
    return true;
}

/** True for the characters of an HTTP token (RFC 9110 5.6.2 tchar). */
export function isTokenChar(c: u32): boolean {
    if (c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0)) return true;
    if ((c >= 'A'.charCodeAt(0) && c <= 'Z'.charCodeAt(0)) || (c >= 'a'.charCodeAt(0) &&
        c <= 'z'.charCodeAt(0))) return true;
    switch (c) {
        case 33: case 35: case 36: case 37: case 38: case 39: case 42: case 43: case 45: case 46:
        case 94: case 95: case 96: case 124: case 126:
            return true;
        default:
            return false;
    }
}

/** Writes `value` as exactly `width` decimal digits (zero-padded, high digits dropped) at dst[off]. */
export function putDecimal(dst: BytePtr, off: bytes, value: u32, width: u32): bytes {
    let v: u32 = value;
    for (let i: u32 = width; i > 0; i--) {
        dst[off + i - 1] = 48 + v % 10;
        v = Math.trunc(v / 10);
    }
    return off + width;
}
