// An event's text as the content of a JSON string, escaped in pieces of a given size so that a long
// line can be spread over several parts of a body (RFC 8259 escapes; ill-formed UTF-8 as U+FFFD,
// lib/json_escape.ts). Text that needs no escaping, most of it, is copied 8 bytes at a time.
import { bytes, u32, u64 } from '../dialect';
import { Buffer, bufferEnd, bufferExtend, bufferProduce, BytePtr, byteOffset } from '../nanos';
import { jsonEscapedIn, jsonEscapedOut, jsonEscapeSome } from '../lib/json_escape';
import { loadBytes8, storeBytes8 } from './bindings';

/** Room that always holds the next unit of escaped text (at most 6 bytes), with some to spare. */
const MIN_ROOM: bytes = 16;

const ONES: u64 = 0x0101010101010101n;
const HIGHS: u64 = 0x8080808080808080n;

// True when one of the 8 bytes of w needs escaping or checking: a control byte, a byte of 0x80 or
// more, a quote or a backslash. (A byte above one that matches may be flagged too; that only
// sends the word to the byte-wise escaper.)
function wordNeedsEscaping(w: u64): boolean {
    const quotes: u64 = w ^ (ONES * 34);
    const backslashes: u64 = w ^ (ONES * 92);
    const special: u64 = (w - ONES * 32) | (quotes - ONES) | (backslashes - ONES);
    return (((special & ~w) | w) & HIGHS) !== 0;
}

/**
 * Appends the escaped text of src[from .. end) to `b`, as much as `room` bytes hold (always at least
 * one unit); returns how far it got (`from` when out of memory: nothing was written).
 */
export function logpipeEscapeText(b: Buffer, src: BytePtr, from: u32, end: u32, room: bytes): u32 {
    const cap: bytes = room < MIN_ROOM ? MIN_ROOM : room;
    if (!bufferExtend(b, cap)) return from;
    const dst = bufferEnd(b);
    let o: bytes = 0;
    let i: bytes = from;
    while (o < cap && i < end) {
        let copied: boolean = false;
        while (i + 8 <= end && o + 8 <= cap) {
            const w: u64 = loadBytes8(src, i);
            if (wordNeedsEscaping(w)) break;
            storeBytes8(dst, o, w);
            i += 8;
            o += 8;
            copied = true;
        }
        // Fewer than 8 bytes left after words copied as they are: the word that ends the text,
        // which starts inside the word copied last (so its first bytes are written already, the
        // same), goes whole if it needs no escaping. Most lines end so, and the byte-wise escaper
        // below costs a call.
        const tail: bytes = end - i;
        if (copied && tail > 0 && tail < 8 && o + tail <= cap) {
            const last: u64 = loadBytes8(src, end - 8);
            if (!wordNeedsEscaping(last)) {
                storeBytes8(dst, o + tail - 8, last);
                i = end;
                o += tail;
                break;
            }
        }
        // Up to the next word boundary of the input, or the room left, byte by byte.
        const left: bytes = cap - o;
        const span: bytes = end - i < 8 ? end - i : 8;
        const progress: u64 = jsonEscapeSome(src, i, end - i, byteOffset(dst, o), left < span ? left : span);
        if (jsonEscapedIn(progress) === 0) {
            // The next unit is longer than the span (an escape or a UTF-8 sequence): room for it.
            const unit: u64 = jsonEscapeSome(src, i, end - i, byteOffset(dst, o), left < MIN_ROOM ? left : MIN_ROOM);
            if (jsonEscapedIn(unit) === 0) break;
            i += jsonEscapedIn(unit);
            o += jsonEscapedOut(unit);
            continue;
        }
        i += jsonEscapedIn(progress);
        o += jsonEscapedOut(progress);
    }
    bufferProduce(b, o);
    return i as u32;
}
