// The PutLogEvents body of the batch in flight, made in parts straight from the log pipe's ring,
// so that no request body is ever held whole (a batch is up to a megabyte of JSON, and escaping can
// make a control byte six bytes). The same batch is made twice, byte for byte the same: once to
// hash it for SigV4 (and count its length), once into the connection as it is sent. Events stay in
// the ring until the request is answered, so the parts can always be made again (a resend).
//
//   {"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":N,"message":"..."},...]}
import { bytes, timestamp, u32, u64 } from '../dialect';
import {
    Buffer, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce, bufferWriteByte, bufferWriteText, byteOffset,
} from '../nanos';
import { load8, store8 } from './bindings';
import { jsonEscape, jsonEscapedIn, jsonEscapedOut, jsonEscapeSome, JSON_ESCAPE_MAX_EXPANSION } from '../lib/json_escape';
import { LogEvent, LogPipe } from '../logpipe/ring';
import { logpipeFirstEvent, logpipeNextEvent } from '../logpipe/batch';

const enum Phase { Head, EventHead, Message, Tail, Done }

/** Room that always holds the next unit of escaped text (at most 6 bytes), with some to spare. */
const MIN_ROOM: bytes = 16;
/** Longest text of a u64 in decimal. */
const DECIMAL_DIGITS: bytes = 20;

let pipe: LogPipe | null = null;
let group: Buffer | null = null;
let stream: Buffer | null = null;
let phase: Phase = Phase.Done;
let event: LogEvent | null = null;
/** Bytes of the current event's message already written. */
let offset: u32 = 0;
let firstEvent: boolean = true;

/** Makes the body of `p`'s batch in flight for this group and stream; the next part is its first. */
export function logBodyBegin(p: LogPipe, logGroup: Buffer, logStream: Buffer): void {
    pipe = p;
    group = logGroup;
    stream = logStream;
    logBodyRewind();
}

/** The next part is the body's first again. */
export function logBodyRewind(): void {
    phase = Phase.Head;
    event = null;
    offset = 0;
    firstEvent = true;
}

// The milliseconds since the epoch of a REALTIME stamp (2^32 units per second).
function stampMillis(t: timestamp): u64 {
    return (t >>> 32) * 1000 + (((t & 0xffffffff) * 1000) >>> 32);
}

// Appends v in decimal (what bprintf's %ld writes, without the formatter's cost per event).
function writeDecimal(b: Buffer, v: u64): void {
    if (!bufferExtend(b, DECIMAL_DIGITS)) return;
    const p = bufferEnd(b);
    let n: bytes = 0;
    let rest: u64 = v;
    do {
        n++;
        rest = Math.trunc(rest / 10);
    } while (rest !== 0);
    rest = v;
    for (let i: bytes = n; i > 0; i--) {
        p[i - 1] = 48 + rest % 10;
        rest = Math.trunc(rest / 10);
    }
    bufferProduce(b, n);
}

// Appends "name":"<escaped value>".
function writeMember(b: Buffer, name: Buffer): void {
    const room: bytes = bufferLength(name) * JSON_ESCAPE_MAX_EXPANSION;
    if (!bufferExtend(b, room)) return;
    const n = jsonEscape(bufferData(name), 0, bufferLength(name), bufferEnd(b), room);
    if (n > 0) bufferProduce(b, n as bytes);
}

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

// Escapes as much of the current event's message as `room` holds (at least one unit); false when
// out of memory. Text that needs no escaping (most of it) is copied 8 bytes at a time; the rest
// goes through the shared escaper, which ends where the next plain stretch could start.
function writeMessage(b: Buffer, e: LogEvent, room: bytes): boolean {
    const cap: bytes = room < MIN_ROOM ? MIN_ROOM : room;
    if (!bufferExtend(b, cap)) return false;
    const dst = bufferEnd(b);
    const src = e.data;
    let o: bytes = 0;
    let i: bytes = offset;
    const end: bytes = e.length;
    while (o < cap && i < end) {
        while (i + 8 <= end && o + 8 <= cap) {
            const w: u64 = load8(src, i);
            if (wordNeedsEscaping(w)) break;
            store8(dst, o, w);
            i += 8;
            o += 8;
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
    offset = i as u32;
    return true;
}

/**
 * Appends the body's next part to `b`: about `room` bytes (a little more when a fixed piece of
 * JSON does not fit). True when the body is complete.
 */
export function logBodyPart(b: Buffer, room: bytes): boolean {
    const limit: bytes = bufferLength(b) + room;
    while (bufferLength(b) < limit) {
        switch (phase) {
            case Phase.Head:
                bufferWriteText(b, '{"logGroupName":"');
                writeMember(b, group!);
                bufferWriteText(b, '","logStreamName":"');
                writeMember(b, stream!);
                bufferWriteText(b, '","logEvents":[');
                event = logpipeFirstEvent(pipe!);
                phase = event === null ? Phase.Tail : Phase.EventHead;
                break;
            case Phase.EventHead:
                if (!firstEvent) bufferWriteByte(b, ','.charCodeAt(0));
                firstEvent = false;
                bufferWriteText(b, '{"timestamp":');
                writeDecimal(b, stampMillis(event!.stamp));
                bufferWriteText(b, ',"message":"');
                offset = 0;
                phase = Phase.Message;
                break;
            case Phase.Message: {
                const e: LogEvent = event!;
                if (offset < e.length && !writeMessage(b, e, limit - bufferLength(b))) {
                    // Out of memory: end here. The body is short of what was hashed and counted,
                    // so the request fails (the client checks the length) and is retried.
                    phase = Phase.Done;
                    return true;
                }
                if (offset >= e.length) {
                    bufferWriteText(b, '"}');
                    event = logpipeNextEvent(pipe!);
                    phase = event === null ? Phase.Tail : Phase.EventHead;
                }
                break;
            }
            case Phase.Tail:
                bufferWriteText(b, ']}');
                phase = Phase.Done;
                return true;
            default:
                return true;
        }
    }
    return phase === Phase.Done;
}
