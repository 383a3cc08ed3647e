// The webhook as a sink of the shipper (logpipe/shipper.ts): a batch is a JSON array with one object
// per line, written straight from the ring in parts and POSTed with chunked transfer coding. What
// an answer means: 2xx delivered; 408, 429, 5xx retried; any other status refused (the batch is
// dropped). Timers, pacing, retries, failure lines and counters are the shipper's.
//
//   [{"time":"2026-11-25T09:07:35.123Z","message":"..."},
//    {"time":"...","message":"...","loss":true}]
import { bytes, timestamp, u32, u64 } from '../dialect';
import {
    allocate, Buffer, bufferEnd, bufferExtend, bufferLength, bufferProduce, bufferToSString, bufferWriteByte, bufferWriteText, Heap,
    INVALID_ADDRESS, seconds, StatusHandler, VoidPtr,
} from '../nanos';
import { Endpoint } from '../lib/endpoint';
import { HttpBodyParts, HttpClient, httpRequestBegin, httpRequestHeader, httpRequestSendChunked } from '../lib/http_client';
import { formatRfc3339Millis, RFC3339_MILLIS_LENGTH, TIME_FORMAT_LIMIT } from '../lib/time_format';
import { logpipeEscapeText } from '../logpipe/event_json';
import { LogEvent } from '../logpipe/ring';
import { BodyCursor, SinkAnswer, sinkApiNew, SinkApi, SinkOutcome } from '../logpipe/sink';
import { WebhookSettings } from './config';

/** What each object's own JSON (time, keys, braces, comma, a loss flag) counts for in a batch's budget. */
export const OBJECT_OVERHEAD: u32 = 64;
/** A server that closes the connection without answering is only noticed by this timeout. */
const REQUEST_TIMEOUT_SECONDS: u64 = 10;

interface Webhook {
    config: WebhookSettings;
    endpoint: Endpoint;
}

function writeHead(sink: VoidPtr, b: Buffer): void {
    bufferWriteByte(b, '['.charCodeAt(0));
}

// A kernel REALTIME stamp (2^32 units per second) as a quoted RFC 3339 time with milliseconds.
function writeTime(b: Buffer, t: timestamp): void {
    let s: u64 = t >>> 32;
    if (s >= TIME_FORMAT_LIMIT) s = TIME_FORMAT_LIMIT - 1;
    const millis: u64 = ((t & 0xffffffff) * 1000) >>> 32;
    bufferWriteByte(b, '"'.charCodeAt(0));
    if (bufferExtend(b, RFC3339_MILLIS_LENGTH)) bufferProduce(b, formatRfc3339Millis(s, millis as u32, bufferEnd(b)));
    bufferWriteByte(b, '"'.charCodeAt(0));
}

// As much of event `e` as `room` holds; a long line's message is escaped over several parts.
function writeEvent(sink: VoidPtr, b: Buffer, e: LogEvent, at: BodyCursor, room: bytes): boolean {
    const start: bytes = bufferLength(b);
    if (!at.begun) {
        if (at.index > 0) bufferWriteByte(b, ','.charCodeAt(0));
        bufferWriteText(b, '{"time":');
        writeTime(b, e.stamp);
        bufferWriteText(b, ',"message":"');
        at.begun = true;
    }
    if (at.offset < e.length) {
        const used: bytes = bufferLength(b) - start;
        at.offset = logpipeEscapeText(b, e.data, at.offset, e.length, room > used ? room - used : 0);
    }
    if (at.offset < e.length) return false;
    if (e.loss) bufferWriteText(b, '","loss":true}');
    else bufferWriteText(b, '"}');
    return true;
}

function writeTail(sink: VoidPtr, b: Buffer): void {
    bufferWriteByte(b, ']'.charCodeAt(0));
}

function send(sink: VoidPtr, parts: HttpBodyParts, done: StatusHandler): boolean {
    const w = sink as Webhook;
    const c = w.endpoint.client;
    const auth = w.config.authorization;
    return httpRequestBegin(c, 'POST', bufferToSString(w.config.path!), false) &&
        httpRequestHeader(c, 'Content-Type', 'application/json') &&
        (auth === null || httpRequestHeader(c, 'Authorization', bufferToSString(auth))) &&
        httpRequestSendChunked(c, parts, seconds(REQUEST_TIMEOUT_SECONDS), done);
}

function classify(sink: VoidPtr, c: HttpClient, answer: SinkAnswer): SinkOutcome {
    const status: u32 = c.response.status;
    if (status >= 200 && status < 300) return SinkOutcome.Delivered;
    if (status === 408 || status === 429 || status >= 500) return SinkOutcome.Retry;
    return SinkOutcome.Refused;
}

/** The webhook sink (its SinkApi) for the url of `config`, reached through `e`; null when out of memory. */
export function webhookSinkNew(h: Heap, config: WebhookSettings, e: Endpoint): SinkApi | null {
    const w: Webhook = allocate<Webhook>(h);
    if (w === INVALID_ADDRESS) return null;
    w.config = config;
    w.endpoint = e;
    const api = sinkApiNew(h, w);
    if (api === null) return null;
    api.operation = 'POST';
    api.service = 'the webhook';
    api.writeHead = writeHead;
    api.writeEvent = writeEvent;
    api.writeTail = writeTail;
    api.send = send;
    api.classify = classify;
    return api;
}
