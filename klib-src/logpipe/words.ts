// Bytes 8 at a time: finding newlines and copying console text with 64-bit words instead of byte
// loops. Pure (no kernel calls but word loads and bit scans). The small helpers are @inline: they
// are defined in words.h, so the console path (writer.ts) inlines them although it is another C
// file; logpipeScanNewline and logpipeAfterLastNewline are ordinary calls.
//
// A newline is found 32 bytes at a time with a quick test that never misses one and seldom flags
// a group without one (newlineHint); only a group it flags is looked at word by word, exactly
// (newlineBits). The copy of a continued line (copy32) uses a cheaper quick test of its own, whose
// flagged byte positions also say where to look in its first group (firstNewline32).
// Every Nanos target is little-endian: byte k of a word is bits 8k .. 8k+7, so the lowest set bit
// is the first byte and the highest the last.
import { bytes, u32, u64 } from '../dialect';
import { BytePtr } from '../nanos';
import { loadBytes8, lsb, msb, storeBytes8 } from './bindings';

export const LOGPIPE_NEWLINE = '\n'.charCodeAt(0);
/** A newline in every byte of a word. */
export const LOGPIPE_NEWLINES: u64 = 0x0a0a0a0a0a0a0a0an;
/** 1, the low 7 bits, and the top bit, of every byte of a word. */
export const LOGPIPE_ONES: u64 = 0x0101010101010101n;
export const LOGPIPE_LOW_BITS: u64 = 0x7f7f7f7f7f7f7f7fn;
export const LOGPIPE_TOP_BITS: u64 = 0x8080808080808080n;

/**
 * The newlines of a word of text: bit 8k + 7 is set exactly where byte k is a newline. Exact (no
 * borrow runs from one byte into the next), so the lowest and the highest set bit both count.
 * @inline
 */
export function newlineBits(w: u64): u64 {
    const x: u64 = w ^ LOGPIPE_NEWLINES; // newline bytes become 0
    // (byte & 0x7f) + 0x7f sets a byte's top bit when its low 7 bits are not all 0, without carrying
    // out of the byte; or-ing the byte back in covers its own top bit: top bit clear = byte was 0.
    return ~(((x & LOGPIPE_LOW_BITS) + LOGPIPE_LOW_BITS) | x) & LOGPIPE_TOP_BITS;
}

/**
 * The quick test: subtracting 1 from every byte of (the low 7 bits of each byte) xor newlines sets
 * the top bit (LOGPIPE_TOP_BITS) of a newline byte (of the first one at least: a borrow runs only
 * out of a 0 byte), of a byte 0x8a (the same low 7 bits) and of some bytes after a newline; of no
 * other byte, ASCII or not. Or-ed over several words: no top bit set, no newline in any of them.
 * @inline
 */
export function newlineHint(w: u64): u64 {
    return ((w & LOGPIPE_LOW_BITS) ^ LOGPIPE_NEWLINES) - LOGPIPE_ONES;
}

/** newlineBits(w), worked out only when the quick test allows a newline. @inline */
export function newlinesIn(w: u64): u64 {
    return (newlineHint(w) & LOGPIPE_TOP_BITS) !== 0 ? newlineBits(w) : 0;
}

/** The index of the first newline in p[from .. end), or end when there is none. */
export function logpipeScanNewline(p: BytePtr, from: bytes, end: bytes): bytes {
    let i: bytes = from;
    while (i + 32 <= end) {
        const w0: u64 = loadBytes8(p, i);
        const w1: u64 = loadBytes8(p, i + 8);
        const w2: u64 = loadBytes8(p, i + 16);
        const w3: u64 = loadBytes8(p, i + 24);
        if (((newlineHint(w0) | newlineHint(w1) | newlineHint(w2) | newlineHint(w3)) & LOGPIPE_TOP_BITS) !== 0) {
            for (let k: bytes = 0; k < 32; k += 8) {
                const bits: u64 = newlineBits(loadBytes8(p, i + k));
                if (bits !== 0) return i + k + (lsb(bits) >> 3);
            }
        }
        i += 32;
    }
    while (end - i >= 8) {
        const bits: u64 = newlinesIn(loadBytes8(p, i));
        if (bits !== 0) return i + (lsb(bits) >> 3);
        i += 8;
    }
    if (i === end) return end;
    if (end - from >= 8) {
        // The last word ends at `end` and overlaps the one before: the overlap holds no newline.
        const bits: u64 = newlinesIn(loadBytes8(p, end - 8));
        return bits !== 0 ? end - 8 + (lsb(bits) >> 3) : end;
    }
    while (i < end && p[i] !== LOGPIPE_NEWLINE) i++;
    return i;
}

/** The index just past the last newline in p[from .. end), or from when there is none. */
export function logpipeAfterLastNewline(p: BytePtr, from: bytes, end: bytes): bytes {
    let i: bytes = end;
    while (i - from >= 32) {
        const w0: u64 = loadBytes8(p, i - 32);
        const w1: u64 = loadBytes8(p, i - 24);
        const w2: u64 = loadBytes8(p, i - 16);
        const w3: u64 = loadBytes8(p, i - 8);
        if (((newlineHint(w0) | newlineHint(w1) | newlineHint(w2) | newlineHint(w3)) & LOGPIPE_TOP_BITS) !== 0) {
            for (let k: bytes = 8; k <= 32; k += 8) {
                const bits: u64 = newlineBits(loadBytes8(p, i - k));
                if (bits !== 0) return i - k + (msb(bits) >> 3) + 1;
            }
        }
        i -= 32;
    }
    while (i - from >= 8) {
        const bits: u64 = newlinesIn(loadBytes8(p, i - 8));
        if (bits !== 0) return i - 8 + (msb(bits) >> 3) + 1;
        i -= 8;
    }
    if (i === from) return from;
    if (end - from >= 8) {
        // The first word starts at `from` and overlaps the one after: the overlap holds no newline.
        const bits: u64 = newlinesIn(loadBytes8(p, from));
        return bits !== 0 ? from + (msb(bits) >> 3) + 1 : from;
    }
    while (i > from && p[i - 1] !== LOGPIPE_NEWLINE) i--;
    return i;
}

/** 0x0b subtracted from every byte of a word (added: two's complement). */
export const LOGPIPE_MINUS_0B: u64 = 0xf4f4f4f4f4f4f4f5n;

/**
 * Copies the 32 bytes src[from ..) to dst[at ..) and returns the copy's quick test: no top bit
 * (LOGPIPE_TOP_BITS) set, no newline in them. Cheaper than newlineHint for a run of words (3
 * operations a word, 2 constants): subtracting 0x0b from every byte sets the top bit of the lowest
 * byte below 0x0b of a word (nothing borrows into it), and of bytes 0x8b and up; and-ing out the
 * byte positions where all 4 words are non-ASCII keeps the first and drops the others. So it flags
 * every newline, and, falsely, only bytes below 0x0b (tab, other control bytes) and byte positions
 * where the 4 words mix ASCII and UTF-8: ASCII text and text without ASCII go through unflagged.
 * @inline
 */
export function copy32(dst: BytePtr, at: bytes, src: BytePtr, from: bytes): u64 {
    const w0: u64 = loadBytes8(src, from);
    const w1: u64 = loadBytes8(src, from + 8);
    const w2: u64 = loadBytes8(src, from + 16);
    const w3: u64 = loadBytes8(src, from + 24);
    storeBytes8(dst, at, w0);
    storeBytes8(dst, at + 8, w1);
    storeBytes8(dst, at + 16, w2);
    storeBytes8(dst, at + 24, w3);
    const below: u64 = (w0 + LOGPIPE_MINUS_0B) | (w1 + LOGPIPE_MINUS_0B) | (w2 + LOGPIPE_MINUS_0B) | (w3 + LOGPIPE_MINUS_0B);
    return below & ~(w0 & w1 & w2 & w3);
}

/** The index of the first newline in the 32 bytes p[from ..), or 32 when there is none: word by word. @inline */
export function firstNewlineExact32(p: BytePtr, from: bytes): bytes {
    for (let j: bytes = 0; j < 32; j += 8) {
        const bits: u64 = newlineBits(loadBytes8(p, from + j));
        if (bits !== 0) return j + (lsb(bits) >> 3);
    }
    return 32;
}

/**
 * firstNewlineExact32, helped by the group's copy32 quick test `hint` (top bits only, not 0). The
 * test flags the byte position (in the word) of every newline, so when it flags one position alone
 * (as for a line of plain text ending in the group), every newline of the group is at that
 * position in one of the 4 words: 4 bytes to look at, in order, instead of 4 words.
 * @inline
 */
export function firstNewline32(p: BytePtr, from: bytes, hint: u64): bytes {
    if ((hint & (hint - 1)) === 0) {
        const at: bytes = from + (lsb(hint) >> 3);
        if (p[at] === LOGPIPE_NEWLINE) return at - from;
        if (p[at + 8] === LOGPIPE_NEWLINE) return at + 8 - from;
        if (p[at + 16] === LOGPIPE_NEWLINE) return at + 16 - from;
        if (p[at + 24] === LOGPIPE_NEWLINE) return at + 24 - from;
        return 32;
    }
    return firstNewlineExact32(p, from);
}

/**
 * Copies src[from .. from + n) to dst[at ..) up to its first newline, and returns how many bytes
 * come before that newline (n when there is none). Whole words are copied, so bytes after the
 * newline (at most n in all) may be written too: dst must have room for n. Copying while looking
 * reads each byte once (but for the last group's overlap).
 * @inline
 */
export function copyToNewline(dst: BytePtr, at: bytes, src: BytePtr, from: bytes, n: bytes): bytes {
    let k: bytes = 0;
    if (n >= 32) {
        // The first group apart, where a short line's newline usually is: its quick test also
        // tells where to look (firstNewline32). The loop keeps its plain test: using the hint
        // there would cost its turns an instruction or two.
        const hint: u64 = copy32(dst, at, src, from) & LOGPIPE_TOP_BITS;
        if (hint !== 0) {
            const j: bytes = firstNewline32(src, from, hint);
            if (j < 32) return j;
        }
        k = 32;
    }
    while (k + 32 <= n) {
        if ((copy32(dst, at + k, src, from + k) & LOGPIPE_TOP_BITS) !== 0) {
            const j: bytes = firstNewlineExact32(src, from + k);
            if (j < 32) return k + j;
        }
        k += 32;
    }
    while (n - k >= 8) {
        const w: u64 = loadBytes8(src, from + k);
        storeBytes8(dst, at + k, w);
        const bits: u64 = newlinesIn(w);
        if (bits !== 0) return k + (lsb(bits) >> 3);
        k += 8;
    }
    if (k === n) return n;
    if (n >= 8) {
        // The last word ends at n and overlaps the one before: the overlap holds no newline.
        const w: u64 = loadBytes8(src, from + n - 8);
        storeBytes8(dst, at + n - 8, w);
        const bits: u64 = newlinesIn(w);
        return bits !== 0 ? n - 8 + (lsb(bits) >> 3) : n;
    }
    while (k < n) {
        const b: u32 = src[from + k];
        if (b === LOGPIPE_NEWLINE) return k;
        dst[at + k] = b;
        k++;
    }
    return n;
}

/**
 * Copies src[from .. from + n) to dst[at ..) (they do not overlap), 8 bytes at a time; the last
 * word may overlap the one before. Inline rather than the kernel's memcpy: for a console line the
 * call and that memcpy's byte loops at both ends would cost more than the copy.
 * @inline
 */
export function copyIn(dst: BytePtr, at: bytes, src: BytePtr, from: bytes, n: bytes): void {
    if (n < 8) {
        for (let k: bytes = 0; k < n; k++) dst[at + k] = src[from + k];
        return;
    }
    let k: bytes = 0;
    while (n - k > 32) {
        storeBytes8(dst, at + k, loadBytes8(src, from + k));
        storeBytes8(dst, at + k + 8, loadBytes8(src, from + k + 8));
        storeBytes8(dst, at + k + 16, loadBytes8(src, from + k + 16));
        storeBytes8(dst, at + k + 24, loadBytes8(src, from + k + 24));
        k += 32;
    }
    while (n - k > 8) {
        storeBytes8(dst, at + k, loadBytes8(src, from + k));
        k += 8;
    }
    storeBytes8(dst, at + n - 8, loadBytes8(src, from + n - 8));
}

/**
 * copyIn for the pieces of a mixed write (usually tens of bytes): 16 bytes a turn, the last 16
 * (or 8) overlapping the ones before, so that setting up costs about nothing; a long piece takes
 * copyIn's 32-byte turns.
 * @inline
 */
export function copyPiece(dst: BytePtr, at: bytes, src: BytePtr, from: bytes, n: bytes): void {
    if (n > 128) {
        copyIn(dst, at, src, from, n);
        return;
    }
    if (n < 16) {
        if (n >= 8) {
            storeBytes8(dst, at, loadBytes8(src, from));
            storeBytes8(dst, at + n - 8, loadBytes8(src, from + n - 8));
            return;
        }
        for (let k: bytes = 0; k < n; k++) dst[at + k] = src[from + k];
        return;
    }
    for (let k: bytes = 0; k + 16 < n; k += 16) {
        storeBytes8(dst, at + k, loadBytes8(src, from + k));
        storeBytes8(dst, at + k + 8, loadBytes8(src, from + k + 8));
    }
    storeBytes8(dst, at + n - 16, loadBytes8(src, from + n - 16));
    storeBytes8(dst, at + n - 8, loadBytes8(src, from + n - 8));
}
