// JSON string escaping, complete per RFC 8259 section 7: quote, backslash and every control byte
// are escaped, and bytes that are not well-formed UTF-8 become U+FFFD, so that no input can make
// the output invalid JSON. Ill-formed sequences are replaced as the WHATWG decoder does (one
// U+FFFD per maximal subpart), so the result equals what a browser or Node would decode. Pure.
import { bytes, s64, u32, u64 } from '../dialect';
import { BytePtr } from '../nanos';
import { hexDigit } from './ascii.ts';

/** jsonEscapeSome's result counts input bytes in units of this, output bytes below it. */
const JSON_ESCAPE_PROGRESS_UNIT: u64 = 4294967296;

/** The most bytes jsonEscape writes per input byte ("\u001f" for a control byte). */
export const JSON_ESCAPE_MAX_EXPANSION = 6;

/**
 * The length of the well-formed UTF-8 sequence at src[i] (reading no further than `end`); when the
 * bytes there are ill-formed, minus the length of their maximal subpart (one U+FFFD replaces it).
 */
export function utf8SequenceLength(src: BytePtr, i: bytes, end: bytes): s64 {
    const lead: u32 = src[i];
    if (lead < 0x80) return 1;
    let need: u32 = 0;
    let low: u32 = 0x80;
    let high: u32 = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        need = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        need = 2;
        if (lead === 0xe0) low = 0xa0;
        if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 3;
        if (lead === 0xf0) low = 0x90;
        if (lead === 0xf4) high = 0x8f;
    } else {
        return -1;
    }
    let k: bytes = 1;
    while (k <= need) {
        if (i + k >= end) return -k;
        const c: u32 = src[i + k];
        if (c < low || c > high) return -k;
        low = 0x80;
        high = 0xbf;
        k++;
    }
    return k;
}

/**
 * Escapes the `n` bytes at src[off] into dst, which has room for `cap` bytes, as far as they fit:
 * whole units only (a byte, an escape, a UTF-8 sequence or its U+FFFD), so that escaping the rest
 * later, from `off + consumed`, continues exactly where this stopped, and pieces put together equal
 * one call over all of it. Returns how far it got, both counts in one word (input bytes times
 * 2^32 plus output bytes; outputs under 4 GiB): read them with jsonEscapedIn and jsonEscapedOut.
 * Arithmetic rather than shifts, so that the module runs the same under Node (exact below 2^53).
 */
export function jsonEscapeSome(src: BytePtr, off: bytes, n: bytes, dst: BytePtr, cap: bytes): u64 {
    let o: bytes = 0;
    let i: bytes = off;
    const end: bytes = off + n;
    while (i < end) {
        // A run of bytes that go out as they are (printable ASCII but quote and backslash), copied
        // in a tight loop: most log text is nothing else.
        let limit: bytes = end;
        if (limit - i > cap - o) limit = i + (cap - o);
        while (i < limit) {
            const plain: u32 = src[i];
            if (plain < 0x20 || plain >= 0x80 || plain === '"'.charCodeAt(0) || plain === '\\'.charCodeAt(0)) break;
            dst[o++] = plain;
            i++;
        }
        if (i >= end || o >= cap) break;
        const c: u32 = src[i];
        if (c >= 0x20 && c < 0x80 && c !== '"'.charCodeAt(0) && c !== '\\'.charCodeAt(0)) continue;
        if (c < 0x80) {
            let letter: u32 = 0;
            switch (c) {
                case 34: letter = 34; break;
                case 92: letter = 92; break;
                case 8: letter = 98; break;
                case 12: letter = 102; break;
                case 10: letter = 110; break;
                case 13: letter = 114; break;
                case 9: letter = 116; break;
                default: break;
            }
            if (letter !== 0) {
                if (o + 2 > cap) break;
                dst[o] = '\\'.charCodeAt(0);
                dst[o + 1] = letter;
                o += 2;
            } else {
                if (o + 6 > cap) break;
                dst[o] = '\\'.charCodeAt(0);
                dst[o + 1] = 'u'.charCodeAt(0);
                dst[o + 2] = '0'.charCodeAt(0);
                dst[o + 3] = '0'.charCodeAt(0);
                dst[o + 4] = hexDigit(c >> 4);
                dst[o + 5] = hexDigit(c & 15);
                o += 6;
            }
            i++;
        } else {
            const length: s64 = utf8SequenceLength(src, i, end);
            if (length > 0) {
                if (o + length > cap) break;
                for (let k: s64 = 0; k < length; k++) dst[o + k] = src[i + k];
                o += length;
                i += length;
            } else {
                if (o + 3 > cap) break;
                dst[o] = 0xef;
                dst[o + 1] = 0xbf;
                dst[o + 2] = 0xbd;
                o += 3;
                i += -length;
            }
        }
    }
    return (i - off) * JSON_ESCAPE_PROGRESS_UNIT + o;
}

/** The input bytes a jsonEscapeSome call escaped. */
export function jsonEscapedIn(progress: u64): bytes {
    return Math.trunc(progress / JSON_ESCAPE_PROGRESS_UNIT);
}

/** The output bytes a jsonEscapeSome call wrote. */
export function jsonEscapedOut(progress: u64): bytes {
    return progress % JSON_ESCAPE_PROGRESS_UNIT;
}

/**
 * Writes the escaped form of the `n` bytes at src[off] (without the surrounding quotes) into dst,
 * which has room for `cap` bytes; returns the length, or -1 when it does not fit (at most
 * JSON_ESCAPE_MAX_EXPANSION * n bytes are ever needed).
 */
export function jsonEscape(src: BytePtr, off: bytes, n: bytes, dst: BytePtr, cap: bytes): s64 {
    const progress: u64 = jsonEscapeSome(src, off, n, dst, cap);
    return jsonEscapedIn(progress) === n ? jsonEscapedOut(progress) as s64 : -1;
}
