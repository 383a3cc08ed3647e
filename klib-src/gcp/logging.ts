// The log pipeline: console lines (framed and buffered by the shared logpipe library) shipped to
// Cloud Logging with entries.write, one request in flight at a time on the logging endpoint's
// kept-alive TLS connection. 429, 5xx and network failures keep the batch and retry it after a
// jittered backoff; 401 gets a new token first; other refusals drop that batch with one console
// line. At shutdown whatever is buffered is sent before the VM may stop.
import { bytes, embedded, oneShot, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce, bufferReset,
    bufferToSString, bufferWriteFrom, bufferWriteByte, bufferWriteText, ClockId, CString, Heap, INVALID_ADDRESS, isOk,
    kernelTimers, pushBuffer, registerTimer, rprintf, seconds, milliseconds, Status, STATUS_OK, StatusHandler, Thunk, Timer,
    TIMER_DISABLED, TimerHandler, timerIsActive, timmDealloc, deallocateBuffer, SString, removeTimer,
} from '../nanos';
import { logpipeCreate, LogEvent, LogPipe } from '../logpipe/ring';
import { logpipeWrite } from '../logpipe/writer';
import {
    logpipeFirstEvent, logpipeFlushTick, logpipeNextEvent, logpipeRelease, logpipeSetLimits, logpipeTakeBatch,
    logpipeUsed,
} from '../logpipe/batch';
import { LogpipeRetry, logpipeRetryCreate, logpipeRetryDelay, logpipeRetryReset, logpipeShouldRetry } from '../logpipe/retry';
import {
    HTTP_BODY_PART, HttpBodyParts, httpRequestBegin, httpRequestHeader, httpRequestSendChunked,
    httpResponseBody,
} from '../lib/http_client';
import { JsonKind, JsonReader, jsonFind, jsonReaderInit, JsonValue } from '../lib/json_reader';
import { largeRangeHeap } from '../lib/large_ranges';
import { percentEncode, percentEncodedMaxLength } from '../lib/percent';
import { JsonReader as EntryReader } from '../lib/json_reader';
import { GcpSettings } from './config';
import { Endpoint, endpointResolve, endpointStale } from './endpoint';
import { EntryScratch, writeEntry } from './entry';
import { Member } from './structured';
import { jsonAppendString } from './json_text';
import {
    metadataAuthorization, metadataHostname, metadataInstanceId, metadataProjectId, metadataReady, metadataTokenRefused,
    metadataZone,
} from './metadata';

/**
 * Cloud Logging takes LogEntries of up to 256 KiB; 4 KiB of it is kept for the entry's own JSON.
 * A line's bytes can grow up to 6 times when escaped (a control byte is \u00XX), so an event of at
 * most this many bytes always fits an entry; longer lines are split on UTF-8 boundaries.
 */
export const MAX_EVENT_BYTES: u32 = 43008;    // (256 KiB - 4 KiB) / 6
/** Raw bytes per request: escaped and with each entry's JSON this stays under 8 MB (the API takes 10 MB). */
export const REQUEST_RAW_BYTES: u64 = 1 << 20;
/** What each entry's own JSON (timestamp, severity, braces) counts for in a request's budget. */
const ENTRY_OVERHEAD: u32 = 128;
const MAX_ENTRIES: u32 = 10000;
// A server that closes the connection without answering is only noticed by this timeout: the kernel does
// not report a peer's FIN to the connection's input handler.
const REQUEST_TIMEOUT_SECONDS: u64 = 10;
const RETRY_BASE_MS: u64 = 500;
const RETRY_CAP_SECONDS: u64 = 60;

let h: Heap;
let config: GcpSettings | null = null;
let pipe: LogPipe | null = null;
let endpoint: Endpoint | null = null;
let retry: LogpipeRetry | null = null;
let scratch: EntryScratch | null = null;
let logName: Buffer | null = null;
let resource: Buffer | null = null;
let busy: boolean = false;
let failing: boolean = false;
let flushTimer: Timer;
let retryTimer: Timer;
let shutdownDone: StatusHandler | null = null;
let errorReader: JsonReader | null = null;
let errorValue: JsonValue | null = null;
/** Totals, for the console report at shutdown and for the tests. */
let entriesSent: u64 = 0;
let requestsSent: u64 = 0;
let batchesDropped: u64 = 0;
/** Refusals since the last accepted request, and the entries of those not reported one by one. */
let refusedBatches: u64 = 0;
let refusedEntries: u64 = 0;

/** The console driver's path: copy into the ring and return (no allocation, no I/O). */
export function loggingWrite(s: CString, count: bytes): void {
    const p = pipe;
    if (p !== null) logpipeWrite(p, s, count);
}

const onFlush: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    const p = pipe;
    if (p !== null && logpipeFlushTick(p, false)) trySend();
});

const onRetry: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    busy = false;
    trySend();
    checkShutdown();
});

const onResolved: Thunk = embedded(() => {
    const e = endpoint!;
    if (!e.known) {
        retryLater('the logging endpoint\'s name could not be resolved', 0);
        return;
    }
    sendBatch();
});

/** projects/<project>/logs/<percent-encoded log id>, and the gce_instance resource: once known. */
function describeInstance(): boolean {
    const c = config!;
    const name = logName!;
    const r = resource!;
    bufferReset(name);
    bufferReset(r);
    const project = metadataProjectId();
    bufferWriteText(name, 'projects/');
    bufferWriteFrom(name, bufferData(project), 0, bufferLength(project));
    bufferWriteText(name, '/logs/');
    const id: Buffer = c.logId !== null ? c.logId! : metadataHostname();
    const room = percentEncodedMaxLength(bufferLength(id));
    if (!bufferExtend(name, room)) return false;
    bufferProduce(name, percentEncode(bufferData(id), 0, bufferLength(id), bufferEnd(name), false));
    bufferWriteText(r, '{"type":"gce_instance","labels":{"project_id":');
    jsonAppendString(r, project);
    bufferWriteText(r, ',"instance_id":');
    jsonAppendString(r, metadataInstanceId());
    bufferWriteText(r, ',"zone":');
    jsonAppendString(r, metadataZone());
    bufferWriteText(r, '}}');
    return true;
}

/** Starts sending the next batch unless a request is in flight or waits for its retry. */
function trySend(): void {
    const p = pipe;
    if (p === null || busy || !metadataReady()) return;
    if (bufferLength(logName!) === 0 && !describeInstance()) return;
    if (logpipeTakeBatch(p) === 0) return;
    busy = true;
    endpointResolve(endpoint!, onResolved);
}

// The request body is made in parts while it is sent (chunked transfer coding), straight from the
// batch in the ring, so that it is never held whole: up to a megabyte of lines, and escaping can
// make a byte six. Entries are made whole, one after the other, until a part is full.
const enum BodyPhase { Head, Entries, Tail, Done }
let bodyPhase: BodyPhase = BodyPhase.Done;
let bodyEvent: LogEvent | null = null;

function writeBodyHead(b: Buffer): void {
    const c = config!;
    bufferWriteText(b, '{"logName":');
    jsonAppendString(b, logName!);
    bufferWriteText(b, ',"resource":');
    pushBuffer(b, resource!);
    if (c.labels !== null) {
        bufferWriteText(b, ',"labels":{');
        pushBuffer(b, c.labels!);
        bufferWriteByte(b, '}'.charCodeAt(0));
    }
    bufferWriteText(b, ',"partialSuccess":true,"entries":[');
}

// Appends the body's next part (about HTTP_BODY_PART bytes, more for one long entry); true at its end.
function writeBodyPart(b: Buffer): boolean {
    const p = pipe!;
    const c = config!;
    const limit: bytes = bufferLength(b) + HTTP_BODY_PART;
    while (bufferLength(b) < limit) {
        switch (bodyPhase) {
            case BodyPhase.Head:
                writeBodyHead(b);
                bodyEvent = logpipeFirstEvent(p);
                bodyPhase = bodyEvent === null ? BodyPhase.Tail : BodyPhase.Entries;
                break;
            case BodyPhase.Entries: {
                const e: LogEvent = bodyEvent!;
                writeEntry(b, scratch!, e.data, 0, e.length, e.stamp, e.loss, c.severity);
                bodyEvent = logpipeNextEvent(p);
                if (bodyEvent === null) bodyPhase = BodyPhase.Tail;
                else bufferWriteByte(b, ','.charCodeAt(0));
                break;
            }
            case BodyPhase.Tail:
                bufferWriteText(b, ']}');
                bodyPhase = BodyPhase.Done;
                return true;
            default:
                return true;
        }
    }
    return bodyPhase === BodyPhase.Done;
}

/** The request's body for the HTTP client: null starts it again, a buffer gets its next part. */
const bodyParts: HttpBodyParts = embedded((b: Buffer | null): boolean => {
    if (b === null) {
        bodyPhase = BodyPhase.Head;
        return false;
    }
    return writeBodyPart(b);
});

function sendBatch(): void {
    const e = endpoint!;
    const c = e.client;
    if (!metadataReady()) {
        // A new token is on its way (after a 401, or the old one expired): the metadata
        // completion starts this batch again (see loggingReady).
        busy = false;
        return;
    }
    if (!httpRequestBegin(c, 'POST', '/v2/entries:write', false) ||
        !httpRequestHeader(c, 'Authorization', bufferToSString(metadataAuthorization())) ||
        !httpRequestHeader(c, 'Content-Type', 'application/json') ||
        !httpRequestSendChunked(c, bodyParts, seconds(REQUEST_TIMEOUT_SECONDS), oneShot(h, (s: Status) => {
            answered(s);
        }))) {
        retryLater('the request could not be built', 0);
    }
}

/** Keeps the batch and sends it again after a jittered backoff. */
function retryLater(why: SString, status: u32): void {
    // One line per run of failures, not one per retry.
    if (!failing) {
        if (status !== 0) rprintf(`gcp: entries.write: HTTP ${status} (${why}); retrying with backoff\n`);
        else rprintf(`gcp: entries.write: ${why}; retrying with backoff\n`);
        failing = true;
    }
    // At shutdown the backoff's base only: a long wait would outlast the shutdown deadline.
    const delay: timestamp = shutdownDone !== null ? milliseconds(RETRY_BASE_MS) : logpipeRetryDelay(retry!);
    if (!timerIsActive(retryTimer)) {
        registerTimer(kernelTimers, retryTimer, ClockId.Monotonic, delay, false, 0, onRetry);
    }
}

/** The google.rpc.Status message of an error answer, or the start of the body. */
function reportRefusal(status: u32, events: u32): void {
    const b = httpResponseBody(endpoint!.client);
    const r = errorReader!;
    const v = errorValue!;
    jsonReaderInit(r, bufferData(b), bufferLength(b), 16, bufferLength(b));
    if (jsonFind(r, 'error.message', 13, v) && v.kind === JsonKind.String) {
        const text = allocateBuffer(h, v.length + 1);
        if (text !== INVALID_ADDRESS) {
            bufferWriteFrom(text, bufferData(b), v.start, v.length > 400 ? 400 : v.length);
            rprintf(`gcp: entries.write refused (HTTP ${status}): ${text}; ${events} log entries dropped\n`);
            deallocateBuffer(text);
            return;
        }
    }
    rprintf(`gcp: entries.write refused (HTTP ${status}); ${events} log entries dropped\n`);
}

function answered(s: Status): void {
    const p = pipe!;
    const e = endpoint!;
    if (!isOk(s)) {
        timmDealloc(s);
        endpointStale(e);
        retryLater('network error or timeout', 0);
        return;
    }
    requestsSent++;
    const status: u32 = e.client.response.status;
    const events: u32 = p.batchEvents;
    if (status === 200) {
        entriesSent += events;
        if (refusedBatches > 1) {
            rprintf(`gcp: entries.write works again; ${refusedBatches - 1} more batches (${refusedEntries} log entries) were refused and dropped meanwhile\n`);
        }
        refusedBatches = 0;
        refusedEntries = 0;
        finished(p);
        return;
    }
    if (status === 401) {
        // The token expired or was revoked: normal, so no console line. A new one is on its way.
        const wasFailing = failing;
        failing = true;
        metadataTokenRefused();
        retryLater('token refused', 0);
        failing = wasFailing;
        return;
    }
    if (logpipeShouldRetry(status, false)) {
        retryLater('throttled or unavailable', status);
        return;
    }
    // 400 (with partialSuccess the valid entries were written), 403, 404...: sending it again
    // would be refused again. One line for the first refusal of a run: the line is shipped too,
    // and if it were refused in turn, a line per refusal would feed itself forever.
    if (refusedBatches === 0) reportRefusal(status, events);
    else refusedEntries += events;
    refusedBatches++;
    batchesDropped++;
    finished(p);
}

function finished(p: LogPipe): void {
    logpipeRelease(p);
    logpipeRetryReset(retry!);
    failing = false;
    busy = false;
    trySend();
    checkShutdown();
}

function checkShutdown(): void {
    const done = shutdownDone;
    const p = pipe;
    if (done === null || p === null || busy) return;
    if (logpipeFlushTick(p, true)) {
        trySend();
        if (busy) return;
        // Not ready (no token yet): the retry timer or the metadata setup will come back here.
        return;
    }
    shutdownDone = null;
    done(STATUS_OK);
}

/** A console line after the VM's halt was released: send it at once, open or not. */
export function loggingFlushNow(): void {
    const p = pipe;
    if (p !== null && logpipeFlushTick(p, true)) trySend();
}

/** What the shutdown deadline leaves unshipped: bytes the ring holds (0 when all went out). */
export function loggingUnshipped(): u64 {
    return pipe !== null ? logpipeUsed(pipe!) : 0;
}

/** Why what is left was not shipped, for the shutdown deadline's console line. */
export function loggingStuckOn(): SString {
    if (!metadataReady()) return 'Cloud Logging was never reached: no metadata or access token yet';
    if (timerIsActive(retryTimer)) return 'Cloud Logging kept failing';
    if (busy) return 'a request to Cloud Logging is still unanswered';
    return 'there was no time left to send it';
}

/** Metadata is known (again): ship what waits. */
export function loggingReady(): void {
    trySend();
    checkShutdown();
}

/**
 * The VM is stopping: send everything buffered, then call `done`. Nothing here gives up: the klib's
 * own deadline (lib/shutdown_deadline.ts) releases the VM's halt if this never ends.
 */
export function loggingShutdown(done: StatusHandler): void {
    shutdownDone = done;
    if (timerIsActive(retryTimer)) {
        // Waiting out a backoff would outlast the deadline: try once more now.
        removeTimer(kernelTimers, retryTimer);
        busy = false;
    }
    if (pipe !== null) logpipeFlushTick(pipe!, true);
    trySend();
    checkShutdown();
}

/** Sets up the ring, the limits and the timers. False (after a console line) when out of memory. */
export function loggingInit(klibHeap: Heap, c: GcpSettings, e: Endpoint): boolean {
    h = klibHeap;
    config = c;
    endpoint = e;
    const quarter: u64 = (c.bufferSize >> 2) - 64;
    const lineCap: u32 = quarter < MAX_EVENT_BYTES ? quarter as u32 : MAX_EVENT_BYTES;
    // The ring first, so that when it cannot be had nothing else is taken. It can be larger than
    // the most the locked heap (an mcache) gives, one piece of physical memory (2 MiB): it comes
    // from vmem, when the memory is there (lib/large_ranges.ts).
    const ringHeap = largeRangeHeap(c.bufferSize);
    const p = ringHeap !== null ? logpipeCreate(h, ringHeap, c.bufferSize, lineCap) : null;
    if (p === null) {
        rprintf(`gcp: out of memory for 'logging.buffer_size' (${c.bufferSize} bytes): log shipping is off\n`);
        return false;
    }
    retry = logpipeRetryCreate(h, milliseconds(RETRY_BASE_MS), seconds(RETRY_CAP_SECONDS));
    const s: EntryScratch = allocate<EntryScratch>(h);
    logName = allocateBuffer(h, 256);
    resource = allocateBuffer(h, 256);
    errorReader = allocate<JsonReader>(h);
    errorValue = allocate<JsonValue>(h);
    if (retry === null || s === INVALID_ADDRESS || logName === INVALID_ADDRESS ||
        resource === INVALID_ADDRESS || errorReader === INVALID_ADDRESS || errorValue === INVALID_ADDRESS) {
        rprintf('gcp: out of memory: log shipping is off\n');
        return false;
    }
    s.reader = allocate<EntryReader>(h);
    s.member = allocate<Member>(h);
    s.inner = allocate<Member>(h);
    if (s.reader === INVALID_ADDRESS || s.member === INVALID_ADDRESS || s.inner === INVALID_ADDRESS) {
        rprintf('gcp: out of memory: log shipping is off\n');
        return false;
    }
    scratch = s;
    logpipeSetLimits(p, MAX_ENTRIES, REQUEST_RAW_BYTES, ENTRY_OVERHEAD, lineCap, 0);
    pipe = p;
    registerTimer(kernelTimers, flushTimer, ClockId.Monotonic, milliseconds(c.flushMs), false,
                  milliseconds(c.flushMs), onFlush);
    return true;
}

/** Totals: entries delivered, requests answered, batches refused for good. */
export function loggingEntriesSent(): u64 {
    return entriesSent;
}
export function loggingRequests(): u64 {
    return requestsSent;
}
export function loggingBatchesDropped(): u64 {
    return batchesDropped;
}
