// Lowercase hexadecimal (SigV4 hashes and signatures). Pure: runs under Node in the tests.
import { bytes, s32, s64 } from '../dialect';
import { BytePtr } from '../nanos';
import { hexDigit, hexDigitValue } from './ascii.ts';

/** Writes 2 * n lowercase hex digits for the `n` bytes at src[off]; returns the length. */
export function hexEncode(src: BytePtr, off: bytes, n: bytes, dst: BytePtr): bytes {
    for (let i: bytes = 0; i < n; i++) {
        dst[2 * i] = hexDigit(src[off + i] >> 4);
        dst[2 * i + 1] = hexDigit(src[off + i] & 15);
    }
    return 2 * n;
}

/** Decodes `n` hex digits (either case, n even) into n / 2 bytes; the length, or -1 if invalid. */
export function hexDecode(src: BytePtr, off: bytes, n: bytes, dst: BytePtr): s64 {
    if (n % 2 !== 0) return -1;
    for (let i: bytes = 0; i < n; i += 2) {
        const hi: s32 = hexDigitValue(src[off + i]);
        const lo: s32 = hexDigitValue(src[off + i + 1]);
        if (hi < 0 || lo < 0) return -1;
        dst[i >> 1] = (hi << 4) | lo;
    }
    return n >> 1;
}
