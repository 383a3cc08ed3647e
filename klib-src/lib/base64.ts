// Base64 (RFC 4648 section 4, with padding). Pure: runs under Node in the tests.
import { bytes, s32, s64, u32 } from '../dialect';
import { BytePtr } from '../nanos';

/** The bytes base64Encode writes for `n` input bytes. */
export function base64EncodedLength(n: bytes): bytes {
    return Math.trunc((n + 2) / 3) * 4;
}

function base64Char(v: u32): u32 {
    if (v < 26) return 65 + v;
    if (v < 52) return 71 + v;
    if (v < 62) return v - 4;
    return v === 62 ? 43 : 47;
}

function base64Value(c: u32): s32 {
    if (c >= 'A'.charCodeAt(0) && c <= 'Z'.charCodeAt(0)) return c - 65;
    if (c >= 'a'.charCodeAt(0) && c <= 'z'.charCodeAt(0)) return c - 71;
    if (c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0)) return c + 4;
    if (c === '+'.charCodeAt(0)) return 62;
    if (c === '/'.charCodeAt(0)) return 63;
    return -1;
}

/** Encodes `n` bytes at src[off] into dst (room for base64EncodedLength(n)); returns the length. */
export function base64Encode(src: BytePtr, off: bytes, n: bytes, dst: BytePtr): bytes {
    let o: bytes = 0;
    let i: bytes = 0;
    while (i + 3 <= n) {
        const v: u32 = (src[off + i] << 16) | (src[off + i + 1] << 8) | src[off + i + 2];
        dst[o] = base64Char(v >>> 18);
        dst[o + 1] = base64Char((v >>> 12) & 63);
        dst[o + 2] = base64Char((v >>> 6) & 63);
        dst[o + 3] = base64Char(v & 63);
        i += 3;
        o += 4;
    }
    if (i < n) {
        const two: boolean = i + 1 < n;
        const v: u32 = (src[off + i] << 16) | (two ? src[off + i + 1] << 8 : 0);
        dst[o] = base64Char(v >>> 18);
        dst[o + 1] = base64Char((v >>> 12) & 63);
        dst[o + 2] = two ? base64Char((v >>> 6) & 63) : 61;
        dst[o + 3] = '='.charCodeAt(0);
        o += 4;
    }
    return o;
}

/**
 * Decodes canonical padded base64 (`n` a multiple of 4, no whitespace, unused bits zero) from
 * src[off] into dst (room for n / 4 * 3 bytes); returns the length, or -1 for invalid input.
 */
export function base64Decode(src: BytePtr, off: bytes, n: bytes, dst: BytePtr): s64 {
    if (n % 4 !== 0) return -1;
    let o: bytes = 0;
    for (let i: bytes = 0; i < n; i += 4) {
        const last: boolean = i + 4 === n;
        const a: s32 = base64Value(src[off + i]);
        const b: s32 = base64Value(src[off + i + 1]);
        const c3: u32 = src[off + i + 2];
        const c4: u32 = src[off + i + 3];
        if (a < 0 || b < 0) return -1;
        if (last && c3 === 61) {
            if (c4 !== 61 || (b & 15) !== 0) return -1;
            dst[o] = (a << 2) | (b >> 4);
            return o + 1;
        }
        const c: s32 = base64Value(c3);
        if (c < 0) return -1;
        if (last && c4 === 61) {
            if ((c & 3) !== 0) return -1;
            dst[o] = ((a << 2) | (b >> 4)) & 255;
            dst[o + 1] = ((b << 4) | (c >> 2)) & 255;
            return o + 2;
        }
        const d: s32 = base64Value(c4);
        if (d < 0) return -1;
        dst[o] = ((a << 2) | (b >> 4)) & 255;
        dst[o + 1] = ((b << 4) | (c >> 2)) & 255;
        dst[o + 2] = ((c << 6) | d) & 255;
        o += 3;
    }
    return o;
}
