// RFC 3986 percent-encoding: every byte but the unreserved ALPHA / DIGIT / "-" / "." / "_" / "~"
// becomes %XX with uppercase hex, as SigV4's canonical request requires. Pure.
import { bytes, u32 } from '../dialect';
import { BytePtr } from '../nanos';
import { hexDigitUpper } from './ascii.ts';

export function isUnreserved(c: u32): boolean {
    return (c >= 'A'.charCodeAt(0) && c <= 'Z'.charCodeAt(0)) || (c >= 'a'.charCodeAt(0) &&
        c <= 'z'.charCodeAt(0)) || (c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0)) ||
        c === '-'.charCodeAt(0) || c === '.'.charCodeAt(0) || c === '_'.charCodeAt(0) || c === '~'.charCodeAt(0);
}

/** The most bytes percentEncode writes for `n` input bytes. */
export function percentEncodedMaxLength(n: bytes): bytes {
    return 3 * n;
}

/**
 * Encodes `n` bytes at src[off] into dst; `keepSlash` leaves "/" as is (a path rather than one
 * segment or a query component). Returns the length written.
 */
export function percentEncode(src: BytePtr, off: bytes, n: bytes, dst: BytePtr, keepSlash: boolean): bytes {
    let o: bytes = 0;
    for (let i: bytes = 0; i < n; i++) {
        const c: u32 = src[off + i];
        if (isUnreserved(c) || (keepSlash && c === '/'.charCodeAt(0))) {
            dst[o++] = c;
        } else {
            dst[o] = '%'.charCodeAt(0);
            dst[o + 1] = hexDigitUpper(c >> 4);
            dst[o + 2] = hexDigitUpper(c & 15);
            o += 3;
        }
    }
    return o;
}
