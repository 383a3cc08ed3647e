// The PutLogEvents body of a batch, written in parts by the shipper (logpipe/shipper.ts) straight
// from the ring: its head, each event, its tail. A message is escaped in pieces, so an event of
// 256 KiB spreads over several parts and no body is ever held whole.
//
//   {"logGroupName":"g","logStreamName":"s","sequenceToken":"t",
//    "logEvents":[{"timestamp":N,"message":"..."},...]}
import { bytes, timestamp, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce, bufferReset, bufferWrite,
    bufferWriteText, byteOffset, Heap, INVALID_ADDRESS,
} from '../nanos';
import { jsonEscape, JSON_ESCAPE_MAX_EXPANSION } from '../lib/json_escape';
import { logpipeEscapeText } from '../logpipe/event_json';
import { LogEvent } from '../logpipe/ring';
import { BodyCursor } from '../logpipe/sink';

/** Longest text of a u64 in decimal. */
const DECIMAL_DIGITS: bytes = 20;

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

/**
 * The text that opens an event after the first, ,{"timestamp":N,"message":", as last written (the
 * first event's is the same without its comma), and the milliseconds N it holds. The events of a
 * burst share their millisecond, so most events copy it whole, in one copy: writing N in decimal
 * for each (twice: the body is hashed, then sent) was a tenth of the klib's CPU.
 */
export interface EventOpening {
    millis: u64;
    text: Buffer;
}

/** An opening not written yet; null when out of memory. */
export function eventOpeningNew(h: Heap): EventOpening | null {
    const o: EventOpening = allocate<EventOpening>(h);
    if (o === INVALID_ADDRESS) return null;
    o.millis = 0;
    o.text = allocateBuffer(h, 48);
    return o.text === INVALID_ADDRESS ? null : o;
}

// The opening of an event stamped `millis`, written again only when the millisecond changed.
function opening(o: EventOpening, millis: u64): Buffer {
    const t = o.text;
    if (o.millis !== millis || bufferLength(t) === 0) {
        bufferReset(t);
        bufferWriteText(t, ',{"timestamp":');
        writeDecimal(t, millis);
        bufferWriteText(t, ',"message":"');
        o.millis = millis;
    }
    return t;
}

/** Appends the escaped text of `value` (a JSON string's content). */
export function writeEscaped(b: Buffer, value: Buffer): void {
    const room: bytes = bufferLength(value) * JSON_ESCAPE_MAX_EXPANSION;
    if (!bufferExtend(b, room)) return;
    const n = jsonEscape(bufferData(value), 0, bufferLength(value), bufferEnd(b), room);
    if (n > 0) bufferProduce(b, n as bytes);
}

/** The body's head: the group, the stream, the sequence token when there is one. */
export function logBodyHead(b: Buffer, group: Buffer, stream: Buffer, token: Buffer): void {
    bufferWriteText(b, '{"logGroupName":"');
    writeEscaped(b, group);
    bufferWriteText(b, '","logStreamName":"');
    writeEscaped(b, stream);
    if (bufferLength(token) > 0) {
        bufferWriteText(b, '","sequenceToken":"');
        writeEscaped(b, token);
    }
    bufferWriteText(b, '","logEvents":[');
}

/**
 * As much of event `e` as `room` holds: {"timestamp":N,"message":"..."}; true once it is whole.
 * `o` keeps the opening last written.
 */
export function logBodyEvent(b: Buffer, e: LogEvent, at: BodyCursor, room: bytes, o: EventOpening): boolean {
    const start: bytes = bufferLength(b);
    if (!at.begun) {
        const t = opening(o, stampMillis(e.stamp));
        const comma: bytes = at.index > 0 ? 0 : 1;
        bufferWrite(b, byteOffset(bufferData(t), comma), bufferLength(t) - comma);
        at.begun = true;
    }
    if (at.offset < e.length) {
        const used: bytes = bufferLength(b) - start;
        at.offset = logpipeEscapeText(b, e.data, at.offset, e.length, room > used ? room - used : 0);
    }
    if (at.offset < e.length) return false;
    // Two bytes stored rather than copied: a copy is a call, for every event of both passes.
    if (bufferExtend(b, 2)) {
        const end = bufferEnd(b);
        end[0] = '"'.charCodeAt(0);
        end[1] = '}'.charCodeAt(0);
        bufferProduce(b, 2);
    }
    return true;
}

export function logBodyTail(b: Buffer): void {
    bufferWriteText(b, ']}');
}
