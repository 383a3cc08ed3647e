// Cloud Logging as a sink of the shipper (logpipe/shipper.ts): the entries.write body (logName,
// the gce_instance resource, labels, partialSuccess, one LogEntry per line: entry.ts), sent with
// chunked transfer coding as the shipper makes it, and what the answers mean: 401 renews the token,
// 429 and 5xx are retried, partial errors (WriteLogEntriesPartialErrors: the other entries were
// written) are counted per entry, any other refusal drops the batch. Timers, pacing, retries,
// failure lines and counters are the shipper's.
import { bytes, s64, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce, bufferReset,
    bufferToSString, bufferWriteByte, bufferWriteFrom, bufferWriteText, CString, Heap, INVALID_ADDRESS, pushBuffer,
    seconds, StatusHandler, VoidPtr,
} from '../nanos';
import {
    HttpBodyParts, HttpClient, httpRequestBegin, httpRequestHeader, httpRequestSendChunked, httpResponseBody,
} from '../lib/http_client';
import { Endpoint } from '../lib/endpoint';
import { JsonKind, jsonCount, jsonDecodeString, jsonFind, JsonReader, jsonReaderInit, JsonValue } from '../lib/json_reader';
import { percentEncode, percentEncodedMaxLength } from '../lib/percent';
import { RFC3339_NANOS_LENGTH } from '../lib/time_format';
import { LogEvent } from '../logpipe/ring';
import { BodyCursor, SinkAnswer, sinkApiNew, SinkApi, SinkOutcome } from '../logpipe/sink';
import { GcpSettings } from './config';
import { EntryScratch, writeEntry } from './entry';
import { jsonAppendString } from './json_text';
import { GcpMetadata, metadataReady, metadataTokenRefused } from './metadata';
import { Member } from './structured';

// A server that closes the connection without answering is only noticed by this timeout: the kernel
// does not report a peer's FIN to the connection's input handler.
const REQUEST_TIMEOUT_SECONDS: u64 = 10;

export interface GcpLogging {
    config: GcpSettings;
    metadata: GcpMetadata;
    endpoint: Endpoint;
    scratch: EntryScratch;
    /** projects/<project>/logs/<percent-encoded log id>, and the gce_instance resource: once known. */
    logName: Buffer;
    resource: Buffer;
    reader: JsonReader;
    value: JsonValue;
}

function describeInstance(g: GcpLogging): boolean {
    const m = g.metadata;
    const name = g.logName;
    const r = g.resource;
    bufferReset(name);
    bufferReset(r);
    bufferWriteText(name, 'projects/');
    pushBuffer(name, m.projectId);
    bufferWriteText(name, '/logs/');
    const id: Buffer = g.config.logId !== null ? g.config.logId! : m.hostname;
    const room = percentEncodedMaxLength(bufferLength(id));
    if (!bufferExtend(name, room)) return false;
    bufferProduce(name, percentEncode(bufferData(id), 0, bufferLength(id), bufferEnd(name), false));
    bufferWriteText(r, '{"type":"gce_instance","labels":{"project_id":');
    jsonAppendString(r, m.projectId);
    bufferWriteText(r, ',"instance_id":');
    jsonAppendString(r, m.instanceId);
    bufferWriteText(r, ',"zone":');
    jsonAppendString(r, m.zone);
    bufferWriteText(r, '}}');
    return true;
}

function ready(sink: VoidPtr): boolean {
    const g = sink as GcpLogging;
    if (!metadataReady(g.metadata)) return false;
    return bufferLength(g.logName) > 0 || describeInstance(g);
}

function writeHead(sink: VoidPtr, b: Buffer): void {
    const g = sink as GcpLogging;
    bufferWriteText(b, '{"logName":');
    jsonAppendString(b, g.logName);
    bufferWriteText(b, ',"resource":');
    pushBuffer(b, g.resource);
    const labels = g.config.labels;
    if (labels !== null) {
        bufferWriteText(b, ',"labels":{');
        pushBuffer(b, labels);
        bufferWriteByte(b, '}'.charCodeAt(0));
    }
    bufferWriteText(b, ',"partialSuccess":true,"entries":[');
}

// Entries are made whole, one after the other (an entry is at most 256 KiB).
function writeEvent(sink: VoidPtr, b: Buffer, e: LogEvent, at: BodyCursor, room: bytes): boolean {
    const g = sink as GcpLogging;
    if (at.index > 0) bufferWriteByte(b, ','.charCodeAt(0));
    writeEntry(b, g.scratch, e.data, 0, e.length, e.stamp, e.loss, g.config.severity);
    return true;
}

function writeTail(sink: VoidPtr, b: Buffer): void {
    bufferWriteText(b, ']}');
}

function send(sink: VoidPtr, parts: HttpBodyParts, done: StatusHandler): boolean {
    const g = sink as GcpLogging;
    const c = g.endpoint.client;
    return httpRequestBegin(c, 'POST', '/v2/entries:write', false) &&
        httpRequestHeader(c, 'Authorization', bufferToSString(g.metadata.authorization)) &&
        httpRequestHeader(c, 'Content-Type', 'application/json') &&
        httpRequestSendChunked(c, parts, seconds(REQUEST_TIMEOUT_SECONDS), done);
}

// The entries a WriteLogEntriesPartialErrors detail names (logEntryErrors), in the first details.
function partialErrors(g: GcpLogging, path: CString, n: bytes): s64 {
    return jsonFind(g.reader, path, n, g.value) ? jsonCount(g.reader, g.value) : -1;
}

function classify(sink: VoidPtr, c: HttpClient, answer: SinkAnswer): SinkOutcome {
    const g = sink as GcpLogging;
    const status: u32 = c.response.status;
    if (status >= 200 && status < 300) return SinkOutcome.Delivered;
    const body = httpResponseBody(c);
    const r = g.reader;
    const v = g.value;
    // The google.rpc.Status's code name (RESOURCE_EXHAUSTED, PERMISSION_DENIED) for the line.
    jsonReaderInit(r, bufferData(body), bufferLength(body), 16, bufferLength(body));
    const code = answer.code;
    if (jsonFind(r, 'error.status', 12, v) && v.kind === JsonKind.String && bufferExtend(code, 48)) {
        const n = jsonDecodeString(r, v, bufferEnd(code), 48);
        if (n > 0) bufferProduce(code, n as bytes);
    }
    if (status === 401) {
        // The token expired or was revoked: a new one is on its way.
        metadataTokenRefused(g.metadata);
        return SinkOutcome.Renew;
    }
    // Unreadable (not Google's JSON: a proxy's page) is not worth dropping data for.
    if (status === 429 || status >= 500 || bufferLength(code) === 0) return SinkOutcome.Retry;
    // With partialSuccess the valid entries were written: only those named were refused.
    let refused: s64 = partialErrors(g, 'error.details.0.logEntryErrors', 30);
    if (refused < 0) refused = partialErrors(g, 'error.details.1.logEntryErrors', 30);
    if (refused > 0 && refused < answer.lines) {
        answer.refused = refused as u32;
        return SinkOutcome.Partial;
    }
    return SinkOutcome.Refused;
}

/** The Cloud Logging sink (its SinkApi), to `e`, with the metadata's project and token; null when out of memory. */
export function loggingNew(h: Heap, c: GcpSettings, metadata: GcpMetadata, e: Endpoint): SinkApi | null {
    const g: GcpLogging = allocate<GcpLogging>(h);
    const s: EntryScratch = allocate<EntryScratch>(h);
    if (g === INVALID_ADDRESS || s === INVALID_ADDRESS) return null;
    s.reader = allocate<JsonReader>(h);
    s.member = allocate<Member>(h);
    s.inner = allocate<Member>(h);
    s.second = 0;
    s.secondText = allocateBuffer(h, RFC3339_NANOS_LENGTH);
    g.config = c;
    g.metadata = metadata;
    g.endpoint = e;
    g.scratch = s;
    g.logName = allocateBuffer(h, 256);
    g.resource = allocateBuffer(h, 256);
    g.reader = allocate<JsonReader>(h);
    g.value = allocate<JsonValue>(h);
    const api = sinkApiNew(h, g);
    if (s.reader === INVALID_ADDRESS || s.member === INVALID_ADDRESS || s.inner === INVALID_ADDRESS ||
        s.secondText === INVALID_ADDRESS || g.logName === INVALID_ADDRESS || g.resource === INVALID_ADDRESS || g.reader === INVALID_ADDRESS ||
        g.value === INVALID_ADDRESS || api === null) return null;
    api.operation = 'entries.write';
    api.service = 'Cloud Logging';
    api.ready = ready;
    api.writeHead = writeHead;
    api.writeEvent = writeEvent;
    api.writeTail = writeTail;
    api.send = send;
    api.classify = classify;
    return api;
}
