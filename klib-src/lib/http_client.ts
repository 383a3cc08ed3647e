// An HTTP/1.1 client over the kernel's connection-handler interface. One client talks to one
// server: it keeps its connection open between requests (keep-alive), opens a new one when the
// server has closed it, has at most one request in flight, and bounds each request with a timer.
// The transport is plain TCP (direct_connect) unless the owner installs a connector (TLS):
// a thunk that starts the connection with httpConnectionHandler(c) and reports an immediate
// failure with httpConnectFailed(c).
//
// A request: httpRequestBegin (method, path), httpRequestHeader..., httpRequestSend (body,
// timeout, completion), or httpRequestSendParts for a body made in parts as it is sent (bounded
// memory for large bodies). The completion gets STATUS_OK with the response in c.response (status,
// headers, body; valid while the completion runs), or an error status, which it owns.
//
// The response's storage starts small and grows (doubling, or at once to a known body length)
// only as far as a response needs, up to the caps given to httpClientNew; after a completion, a
// store that grew is given back, so one large answer does not stay held.
import { bytes, closure, oneShot, s64, timestamp, u16, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, BufferHandler, bufferData, bufferLength, bufferWriteSString,
    bufferWriteText, ClockId, cloneBuffer, ConnectionHandler, deallocate, deallocateBuffer,
    deallocateClosure, directConnect, Heap, InputBufferHandler, INVALID_ADDRESS, IpAddr, ipAddrFromText, isOk,
    kernelTimers, registerTimer, removeTimer, SString, Status, StatusHandler, STATUS_OK, Thunk, Timer,
    TIMER_DISABLED, TimerHandler, timm, timmDealloc, bprintf, bufferReset, bufferProduce, initTimer, bufferExtend, pushBuffer,
    bufferConsume, bufferWriteByte, bufferWriteFrom,
} from '../nanos';
import {
    HTTP_BODY_ROOM, HTTP_DONE, HTTP_E_BODY_TOO_LARGE, HTTP_E_HEADERS_TOO_LARGE, HTTP_E_SYNTAX, HTTP_E_TRUNCATED,
    HTTP_E_UNSUPPORTED, HTTP_HEAD_ROOM, HTTP_MORE, HttpResponse, httpResponseEnd, httpResponseParse, httpResponseReset,
} from './http_response.ts';
import { hexDigit, isTokenChar } from './ascii.ts';

export const enum HttpClientState { Idle, Building, InFlight }

// "Content-Length: ", 20 digits and two line ends, rounded up.
const CONTENT_LENGTH_ROOM: bytes = 48;

// The response stores' sizes while no response needed more: enough for the usual answers (a
// status line and a dozen headers; `{}` or a short JSON error), small enough to keep.
const HEAD_STORE_START: bytes = 1024;
const BODY_STORE_START: bytes = 1024;

/**
 * A body made in parts while it is sent (httpRequestSendParts). Called with a buffer, it appends
 * the body's next part, about HTTP_BODY_PART bytes (more only when one piece it cannot cut is
 * larger), and returns true when that part was the last; called with null, it starts again from
 * the beginning of the body (each transmission, a resend included, starts with that call).
 */
export type HttpBodyParts = InputBufferHandler;

/**
 * What a part of a body made in parts should be: a little under one TLS record of plaintext (16 KiB),
 * so that a part with a piece of JSON that did not fit, and its chunk framing, is still one record.
 */
export const HTTP_BODY_PART: bytes = 16000;
// Room in a part's buffer past HTTP_BODY_PART: a piece of JSON that did not fit, the chunk's end.
const PART_SLACK: bytes = 384;
// A chunk's size line: up to 16 hex digits and CRLF, written in front of the part.
const CHUNK_HEAD_ROOM: bytes = 18;

/** One TCP (or TLS) connection; it outlives its client's interest in it until the kernel tears it down. */
export interface HttpConnection {
    client: HttpClient | null;
    out: BufferHandler | null;
    input: InputBufferHandler | null;
    up: boolean;
    /** The client that gave this connection up without closing it (see abandonConnection), if alive. */
    abandonedBy: HttpClient | null;
    /** The next abandoned connection of that client (newest first). */
    next: HttpConnection | null;
}

/**
 * Connections a client may leave open after giving up on them (see abandonConnection); past this,
 * the oldest is closed after all, so that memory stays bounded.
 */
const MAX_ABANDONED: u32 = 4;

export interface HttpClient {
    h: Heap;
    addr: IpAddr;
    port: u16;
    /** The server's name, and the Host header's value (the name, and the port unless 80 or 443). */
    name: Buffer;
    host: Buffer;
    connector: Thunk | null;
    conn: HttpConnection | null;
    state: HttpClientState;
    /** The request being built or in flight (kept until it completes, to resend it once). */
    request: Buffer;
    /** The request's body made in parts (null: whole, in `request`), and its length, or chunked. */
    parts: HttpBodyParts | null;
    partsLength: u64;
    chunked: boolean;
    noBody: boolean;
    resent: boolean;
    response: HttpResponse;
    /**
     * The response's storage and its sizes: small at first, grown while a response needs it (up to
     * headCap bytes, and bodyCap + 1 so that even a cap of 0 has a store), and replaced by a small
     * one again after the completion.
     */
    headStore: Buffer;
    headSize: bytes;
    bodyStore: Buffer;
    bodySize: bytes;
    timer: Timer;
    onTimeout: TimerHandler;
    /**
     * A body made in parts, while it is sent: the connection it goes on (null when none is being
     * sent), the bytes made so far, and a zero-delay timer that makes the next part once the
     * connection has taken the previous one. `partsRound` changes whenever a sending ends, and
     * `partsTimerRound` is the round the timer was set for: a late call for an ended one stops.
     */
    partsConn: HttpConnection | null;
    partsSent: u64;
    partsRound: u32;
    partsTimerRound: u32;
    partsTimer: Timer;
    onPartsTimer: TimerHandler;
    done: StatusHandler | null;
    /**
     * Completions running (a completion may start a request that fails at once, nesting one), and
     * whether one of them freed the client: it is freed when they have returned, since the client
     * still tidies up after them.
     */
    completions: u32;
    freeWhenDone: boolean;
    /** Connections opened, for the owner's statistics (and the tests). */
    connections: u32;
    /** Connections given up on without a close, still alive (newest first), and how many. */
    abandoned: HttpConnection | null;
    abandonedCount: u32;
}

/**
 * A client for the server at `address` (an IP literal) and `port`, sending `Host: host`, with
 * `headCap` bytes for a response's header block and `bodyCap` for its body. Null on failure.
 */
export function httpClientNew(h: Heap, address: SString, port: u16, host: SString, headCap: bytes,
                              bodyCap: bytes): HttpClient | null {
    const c: HttpClient = allocate<HttpClient>(h);
    if (c === INVALID_ADDRESS) return null;
    c.h = h;
    c.port = port;
    c.connector = null;
    c.conn = null;
    c.state = HttpClientState.Idle;
    c.noBody = false;
    c.parts = null;
    c.partsLength = 0;
    c.chunked = false;
    c.resent = false;
    c.done = null;
    c.completions = 0;
    c.freeWhenDone = false;
    c.connections = 0;
    c.abandoned = null;
    c.abandonedCount = 0;
    c.partsConn = null;
    c.partsSent = 0;
    c.partsRound = 0;
    c.partsTimerRound = 0;
    initTimer(c.timer);
    initTimer(c.partsTimer);
    c.name = allocateBuffer(h, 64);
    c.host = allocateBuffer(h, 64);
    c.request = allocateBuffer(h, 512);
    c.headSize = headCap < HEAD_STORE_START ? headCap : HEAD_STORE_START;
    c.bodySize = bodyCap + 1 < BODY_STORE_START ? bodyCap + 1 : BODY_STORE_START;
    c.headStore = allocateBuffer(h, c.headSize);
    c.bodyStore = allocateBuffer(h, c.bodySize);
    c.response = allocate<HttpResponse>(h);
    c.onTimeout = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        requestTimedOut(c);
    });
    c.onPartsTimer = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        nextPartDue(c);
    });
    if (c.name === INVALID_ADDRESS || c.host === INVALID_ADDRESS || c.request === INVALID_ADDRESS || c.headStore === INVALID_ADDRESS ||
        c.bodyStore === INVALID_ADDRESS || c.response === INVALID_ADDRESS || c.onTimeout === INVALID_ADDRESS ||
        c.onPartsTimer === INVALID_ADDRESS ||
        ipAddrFromText(address, c.addr) === 0 || !bufferWriteSString(c.name, host) || !bufferWriteSString(c.host, host)) {
        httpClientFree(c);
        return null;
    }
    if (port !== 80 && port !== 443) bprintf(c.host, `:${port}`);
    c.response.headCap = headCap;
    c.response.bodyCap = bodyCap;
    useStores(c);
    httpResponseReset(c.response, false);
    return c;
}

// Gives the stores to the parser, as its rooms.
function useStores(c: HttpClient): void {
    const p: HttpResponse = c.response;
    p.head = bufferData(c.headStore);
    p.headRoom = c.headSize;
    p.body = bufferData(c.bodyStore);
    p.bodyRoom = c.bodySize < p.bodyCap ? c.bodySize : p.bodyCap;
}

// A store of `size` bytes holding the first `keep` bytes of `old`, which is freed; INVALID_ADDRESS
// (and `old` kept) when it cannot be allocated.
function replaceStore(c: HttpClient, old: Buffer, size: bytes, keep: bytes): Buffer {
    const b: Buffer = allocateBuffer(c.h, size);
    if (b === INVALID_ADDRESS) return b;
    if (keep > 0) {
        bufferWriteFrom(b, bufferData(old), 0, keep);
        bufferReset(b);
    }
    deallocateBuffer(old);
    return b;
}

// Replaces the body store (forBody) or the head store by one of `size` bytes holding its first
// `keep` bytes; false, with the old store kept, when out of memory.
function resizeStore(c: HttpClient, forBody: boolean, size: bytes, keep: bytes): boolean {
    const b: Buffer = replaceStore(c, forBody ? c.bodyStore : c.headStore, size, keep);
    if (b === INVALID_ADDRESS) return false;
    if (forBody) {
        c.bodyStore = b;
        c.bodySize = size;
    } else {
        c.headStore = b;
        c.headSize = size;
    }
    return true;
}

// The parser stopped on a full room (HTTP_HEAD_ROOM or HTTP_BODY_ROOM): a store at least twice as
// large, or as large as what is known to come, within the cap. False when out of memory.
function growStore(c: HttpClient, forBody: boolean): boolean {
    const p: HttpResponse = c.response;
    const limit: bytes = forBody ? p.bodyCap + 1 : p.headCap;
    let size: bytes = (forBody ? c.bodySize : c.headSize) * 2;
    if (size < p.roomWanted) size = p.roomWanted;
    if (size > limit) size = limit;
    if (!resizeStore(c, forBody, size, forBody ? p.bodyLength : p.headLength)) return false;
    useStores(c);
    return true;
}

// After a completion: stores that grew are replaced by small ones, unless a new request's response
// has begun to arrive in them (`done` may start one; its first bytes then stay). A store that
// cannot be replaced (out of memory) stays as it is.
function shrinkStores(c: HttpClient): void {
    if (c.state === HttpClientState.InFlight && c.response.received !== 0) return;
    const headStart: bytes = c.response.headCap < HEAD_STORE_START ? c.response.headCap : HEAD_STORE_START;
    const bodyStart: bytes = c.response.bodyCap + 1 < BODY_STORE_START ? c.response.bodyCap + 1 : BODY_STORE_START;
    if (c.headSize > headStart) resizeStore(c, false, headStart, 0);
    if (c.bodySize > bodyStart) resizeStore(c, true, bodyStart, 0);
    useStores(c);
}

/**
 * Closes the connection (a request in flight fails) and frees the client; called from a request's
 * `done`, once that returns.
 */
export function httpClientFree(c: HttpClient): void {
    httpClientClose(c);
    if (c.completions > 0) {
        c.freeWhenDone = true;
        return;
    }
    // Abandoned connections live on until the kernel tears them down; they no longer name us.
    let a: HttpConnection | null = c.abandoned;
    while (a !== null) {
        const next: HttpConnection | null = a.next;
        a.abandonedBy = null;
        a.next = null;
        a = next;
    }
    c.abandoned = null;
    const connector: Thunk | null = c.connector;
    if (connector !== null) deallocateClosure(connector);
    if (c.name !== INVALID_ADDRESS) deallocateBuffer(c.name);
    if (c.host !== INVALID_ADDRESS) deallocateBuffer(c.host);
    if (c.request !== INVALID_ADDRESS) deallocateBuffer(c.request);
    if (c.headStore !== INVALID_ADDRESS) deallocateBuffer(c.headStore);
    if (c.bodyStore !== INVALID_ADDRESS) deallocateBuffer(c.bodyStore);
    if (c.response !== INVALID_ADDRESS) deallocate(c.h, c.response);
    if (c.onTimeout !== INVALID_ADDRESS) deallocateClosure(c.onTimeout);
    if (c.onPartsTimer !== INVALID_ADDRESS) deallocateClosure(c.onPartsTimer);
    deallocate(c.h, c);
}

/** The body of the last response: valid while the request's completion runs. */
export function httpResponseBody(c: HttpClient): Buffer {
    return c.bodyStore;
}

/**
 * Makes the client start its connections through `connect` (e.g. TLS) instead of plain TCP; the
 * client owns it from now on (httpClientFree frees it).
 */
export function httpClientSetConnector(c: HttpClient, connect: Thunk): void {
    c.connector = connect;
}

/** The server's name (for TLS: SNI and the certificate check), address and port, for a connector. */
export function httpClientServerName(c: HttpClient): Buffer {
    return c.name;
}
export function httpClientAddress(c: HttpClient): IpAddr {
    return c.addr;
}
export function httpClientPort(c: HttpClient): u16 {
    return c.port;
}

// True when bytes [from, length) of the request are all visible characters (no CR, LF, NUL...):
// what the caller passes cannot add lines to the request.
function requestTextIsSafe(c: HttpClient, from: bytes, allowSpace: boolean): boolean {
    const p = bufferData(c.request);
    const n: bytes = bufferLength(c.request);
    for (let i: bytes = from; i < n; i++) {
        const ch: u32 = p[i];
        if (ch === 127 || (ch < ' '.charCodeAt(0) && ch !== '\t'.charCodeAt(0)) || (!allowSpace &&
            (ch === ' '.charCodeAt(0) || ch === '\t'.charCodeAt(0)))) return false;
    }
    return true;
}

/**
 * Starts a request line; false when a request is in flight or `path` holds white space or control
 * characters. HEAD responses are read without a body.
 */
export function httpRequestBegin(c: HttpClient, method: SString, path: SString, isHead: boolean): boolean {
    if (c.state === HttpClientState.InFlight) return false;
    c.state = HttpClientState.Building;
    bufferReset(c.request);
    c.noBody = isHead;
    bufferWriteSString(c.request, method);
    bufferWriteText(c.request, ' ');
    const pathStart: bytes = bufferLength(c.request);
    bufferWriteSString(c.request, path);
    if (bufferLength(c.request) === pathStart || !requestTextIsSafe(c, pathStart, false)) {
        c.state = HttpClientState.Idle;
        return false;
    }
    bprintf(c.request, ` HTTP/1.1\r\nHost: ${c.host}\r\n`);
    return true;
}

// True when bytes [from, length) of the request are a token (a header name).
function requestTokenIsSafe(c: HttpClient, from: bytes): boolean {
    const p = bufferData(c.request);
    const n: bytes = bufferLength(c.request);
    for (let i: bytes = from; i < n; i++) {
        if (!isTokenChar(p[i])) return false;
    }
    return n > from;
}

/**
 * Adds a header; false (and the request is abandoned) when `name` is not a token or `value`
 * holds CR, LF or another control character.
 */
export function httpRequestHeader(c: HttpClient, name: SString, value: SString): boolean {
    if (c.state !== HttpClientState.Building) return false;
    const nameStart: bytes = bufferLength(c.request);
    bufferWriteSString(c.request, name);
    const nameIsToken: boolean = requestTokenIsSafe(c, nameStart);
    bufferWriteText(c.request, ': ');
    const valueStart: bytes = bufferLength(c.request);
    bufferWriteSString(c.request, value);
    if (!nameIsToken || !requestTextIsSafe(c, valueStart, true)) {
        c.state = HttpClientState.Idle;
        return false;
    }
    bufferWriteText(c.request, '\r\n');
    return true;
}

/**
 * Sends the request with `body` (copied; may be null) and calls `done` once, within `timeout`
 * (with an error, nothing sent, when the copy cannot be made). False (and `done` is not called)
 * when no request is being built.
 */
export function httpRequestSend(c: HttpClient, body: Buffer | null, timeout: timestamp, done: StatusHandler): boolean {
    if (c.state !== HttpClientState.Building) return false;
    c.parts = null;
    const length: bytes = body === null ? 0 : bufferLength(body);
    // Room for the header and the whole body first, so an allocation failure cannot leave a
    // truncated request; the final length is checked as well.
    let copied: boolean = bufferExtend(c.request, CONTENT_LENGTH_ROOM + length);
    if (copied) {
        bprintf(c.request, `Content-Length: ${length}\r\n\r\n`);
        const headEnd: bytes = bufferLength(c.request);
        copied = body === null || (pushBuffer(c.request, body) && bufferLength(c.request) === headEnd + length);
    }
    startRequest(c, timeout, done, copied);
    return true;
}

/**
 * Sends the request with a body that `parts` makes while it is sent, part by part, so that a
 * large body never exists whole. The body is `length` bytes long and sent with Content-Length; a
 * body of another length fails the request and closes the connection. `parts` must make the same
 * bytes each time it starts again, and stay valid until `done` runs; the caller keeps it.
 * Otherwise as httpRequestSend.
 */
export function httpRequestSendParts(c: HttpClient, length: u64, parts: HttpBodyParts, timeout: timestamp,
                                     done: StatusHandler): boolean {
    if (c.state !== HttpClientState.Building) return false;
    c.parts = parts;
    c.partsLength = length;
    c.chunked = false;
    bprintf(c.request, `Content-Length: ${length}\r\n\r\n`);
    startRequest(c, timeout, done, true);
    return true;
}

/**
 * httpRequestSendParts for a body whose length is not known before it is made: sent with chunked
 * transfer coding (each part one chunk), so it is made only once per transmission.
 */
export function httpRequestSendChunked(c: HttpClient, parts: HttpBodyParts, timeout: timestamp,
                                       done: StatusHandler): boolean {
    if (c.state !== HttpClientState.Building) return false;
    c.parts = parts;
    c.partsLength = 0;
    c.chunked = true;
    bufferWriteText(c.request, 'Transfer-Encoding: chunked\r\n\r\n');
    startRequest(c, timeout, done, true);
    return true;
}

// The request is built: it is in flight from now on, and sent when a connection is up.
function startRequest(c: HttpClient, timeout: timestamp, done: StatusHandler, built: boolean): void {
    c.state = HttpClientState.InFlight;
    c.done = done;
    c.resent = false;
    httpResponseReset(c.response, c.noBody);
    registerTimer(kernelTimers, c.timer, ClockId.Monotonic, timeout, false, 0, c.onTimeout);
    if (!built) {
        // Nothing of it goes out: the request fails through `done` like any other.
        finish(c, timm('http: out of memory'));
        return;
    }
    const conn: HttpConnection | null = c.conn;
    if (conn !== null && conn.up) {
        transmit(c, conn);
    } else if (conn === null) {
        openConnection(c);
    }
}

/**
 * Lets the connection go, if any; a request in flight fails. An idle connection is closed; one
 * with a request under way is abandoned (see abandonConnection).
 */
export function httpClientClose(c: HttpClient): void {
    if (c.state === HttpClientState.InFlight) {
        abandonConnection(c);
        finish(c, timm('http: client closed'));
    } else {
        closeConnection(c);
    }
}

function openConnection(c: HttpClient): void {
    const conn: HttpConnection = allocate<HttpConnection>(c.h);
    if (conn === INVALID_ADDRESS) {
        finish(c, timm('http: out of memory'));
        return;
    }
    conn.client = c;
    conn.out = null;
    conn.input = null;
    conn.up = false;
    conn.abandonedBy = null;
    conn.next = null;
    c.conn = conn;
    c.connections++;
    const connector: Thunk | null = c.connector;
    if (connector !== null) {
        connector();
        return;
    }
    const ch: ConnectionHandler = httpConnectionHandler(c);
    const s: Status = directConnect(c.h, c.addr, c.port, ch);
    if (!isOk(s)) {
        // The handler is never called: it is ours to free.
        timmDealloc(s);
        deallocateClosure(ch);
        httpConnectFailed(c);
    }
}

/** The connection handler for the client's pending connection (for a connector). */
export function httpConnectionHandler(c: HttpClient): ConnectionHandler {
    const conn: HttpConnection = c.conn!;
    const h: Heap = c.h;
    return oneShot(h, (out: BufferHandler | null): InputBufferHandler | null => {
        return connectionUp(h, conn, out);
    });
}

/** A connector could not even start the connection (it frees the handler it did not pass on). */
export function httpConnectFailed(c: HttpClient): void {
    const conn: HttpConnection | null = c.conn;
    if (conn === null) return;
    c.conn = null;
    deallocate(c.h, conn);
    if (c.state === HttpClientState.InFlight) finish(c, timm('http: connect failed'));
}

function connectionUp(h: Heap, conn: HttpConnection, out: BufferHandler | null): InputBufferHandler | null {
    const c: HttpClient | null = conn.client;
    if (out === null || c === null) {
        // Failed, or nobody waits for it any more (the request timed out): refuse it.
        if (c !== null) {
            c.conn = null;
            if (c.state === HttpClientState.InFlight) finish(c, timm('http: connection failed'));
        }
        deallocate(h, conn);
        return out === null ? null : INVALID_ADDRESS;
    }
    conn.out = out;
    conn.up = true;
    const input: InputBufferHandler = closure(h, (b: Buffer | null): boolean => {
        return received(h, conn, b);
    });
    conn.input = input;
    if (c.state === HttpClientState.InFlight) transmit(c, conn);
    return input;
}

// Sends the request (the head, or all of it) and, for a body made in parts, the parts. The head
// goes out with the first part, in one write: alone, it would be a small segment in flight, and
// TCP (Nagle's rule, which lwIP follows) holds the next small one until that is acknowledged, a
// round trip (the server's delayed ACK included) per request, and at shutdown longer than the VM
// lives.
function transmit(c: HttpClient, conn: HttpConnection): void {
    const copy: Buffer = cloneBuffer(c.h, c.request);
    if (copy === INVALID_ADDRESS) {
        finish(c, timm('http: out of memory'));
        return;
    }
    const parts: HttpBodyParts | null = c.parts;
    if (parts !== null) transmitParts(c, conn, parts, copy);
    else sendOut(c, conn, copy);
}

// Gives b to the connection; false when the request has failed or left this connection (the
// output may close it, and closing may lose it at once: the request is then resent or failed).
function sendOut(c: HttpClient, conn: HttpConnection, b: Buffer): boolean {
    const s: Status = conn.out!(b);
    if (!isOk(s)) {
        timmDealloc(s);
        abandonConnection(c);
        finish(c, timm('http: send failed'));
        return false;
    }
    return c.conn === conn && c.state === HttpClientState.InFlight;
}

// The body made in parts, each in a buffer of its own that the connection takes. One part is made
// now, each next one from a zero-delay timer: the connection's output may only queue what it is
// given while it is busy (TLS, when we run inside its handlers), so making them all in one loop
// would hold the whole body; made one per timer call, each is sent (encrypted) before the next.
function transmitParts(c: HttpClient, conn: HttpConnection, parts: HttpBodyParts, requestHead: Buffer): void {
    stopParts(c);
    parts(null);
    c.partsSent = 0;
    c.partsConn = conn;
    sendNextPart(c, conn, parts, requestHead);
}

// The parts timer: the next part, if the sending it was set for is still the one under way (the
// request may have ended, or moved to another connection, since).
function nextPartDue(c: HttpClient): void {
    const conn: HttpConnection | null = c.partsConn;
    const parts: HttpBodyParts | null = c.parts;
    if (c.partsTimerRound !== c.partsRound || conn === null || parts === null || c.conn !== conn ||
        c.state !== HttpClientState.InFlight) {
        return;
    }
    sendNextPart(c, conn, parts, null);
}

// Makes one part and gives it to the connection (after `requestHead`, the request's head, for the
// first part; the part is copied behind it), then sets the timer for the next unless it was the
// last, or the request failed or left this connection meanwhile.
function sendNextPart(c: HttpClient, conn: HttpConnection, parts: HttpBodyParts, requestHead: Buffer | null): void {
    const chunked: boolean = c.chunked;
    const head: bytes = chunked ? CHUNK_HEAD_ROOM : 0;
    let b: Buffer = allocateBuffer(c.h, HTTP_BODY_PART + head + PART_SLACK);
    if (b === INVALID_ADDRESS) {
        if (requestHead !== null) deallocateBuffer(requestHead);
        abandonConnection(c);
        finish(c, timm('http: out of memory'));
        return;
    }
    // Room in front for the chunk's size line, which is known once the part is made.
    bufferProduce(b, head);
    const last: boolean = parts(b);
    const n: bytes = bufferLength(b) - head;
    c.partsSent += n;
    if (chunked) {
        frameChunk(b, n, head);
        if (last) bufferWriteText(b, '0\r\n\r\n');
    } else if (c.partsSent > c.partsLength || (last && c.partsSent !== c.partsLength)) {
        // The body is not what Content-Length said: the connection cannot be used any more.
        deallocateBuffer(b);
        if (requestHead !== null) deallocateBuffer(requestHead);
        abandonConnection(c);
        finish(c, timm('http: body length differs from its Content-Length'));
        return;
    }
    if (requestHead !== null) {
        const joined: boolean = pushBuffer(requestHead, b);
        deallocateBuffer(b);
        b = requestHead;
        if (!joined) {
            deallocateBuffer(b);
            abandonConnection(c);
            finish(c, timm('http: out of memory'));
            return;
        }
    }
    if (!sendOut(c, conn, b)) return;
    if (last) {
        stopParts(c);
        return;
    }
    c.partsTimerRound = c.partsRound;
    registerTimer(kernelTimers, c.partsTimer, ClockId.Monotonic, 0, false, 0, c.onPartsTimer);
}

// Ends the sending of a body in parts, if one is under way (its timer's handler, called with
// TIMER_DISABLED if it was set, does nothing).
function stopParts(c: HttpClient): void {
    c.partsConn = null;
    c.partsRound++;
    removeTimer(kernelTimers, c.partsTimer);
}

// Writes the size line of a chunk of n bytes in the `head` bytes in front of it, and its CRLF
// after it; an empty part is no chunk (a chunk of size 0 ends the body).
function frameChunk(b: Buffer, n: bytes, head: bytes): void {
    if (n === 0) {
        bufferConsume(b, head);
        return;
    }
    const p = bufferData(b);
    let at: bytes = head - 2;
    p[at] = '\r'.charCodeAt(0);
    p[at + 1] = '\n'.charCodeAt(0);
    let v: u64 = n;
    do {
        at--;
        p[at] = hexDigit((v & 15) as u32);
        v = v >> 4;
    } while (v !== 0);
    bufferConsume(b, at);
    bufferWriteByte(b, '\r'.charCodeAt(0));
    bufferWriteByte(b, '\n'.charCodeAt(0));
}

// Letting a connection go. The kernel's direct connections (src/net/direct.c at the pinned commit)
// forget a connection when out(0) closes it but leave lwIP's callbacks pointing at it: an ACK of
// data still unacknowledged then, a reset, data from the server, or lwIP giving up on the closing
// connection halts the kernel (`assertion arg failed ... in direct_conn_sent()`). A klib cannot see
// what was acknowledged, so a connection is closed only where nothing can follow: after a complete
// exchange (the whole request sent, the whole response read, nothing more from the server). Any
// other connection is abandoned: detached from the client but left open, its input discarded,
// until the kernel tears it down. klibhost halts as the kernel would (host/runtime/direct.c).

// Detaches the connection from the client and closes it: only after a complete exchange. Closing
// may tear it down at once, calling its input handler with 0 from inside out(0).
function closeConnection(c: HttpClient): void {
    const conn: HttpConnection | null = c.conn;
    if (conn === null) return;
    stopParts(c);
    c.conn = null;
    conn.client = null;
    if (conn.up) {
        conn.out!(null);
    }
}

// Detaches the connection from the client without closing it (the request failed, timed out, or
// the server sent what was not asked for): it stays open until the kernel tears it down. Past
// MAX_ABANDONED such connections the oldest is closed after all: by then its server has long
// stopped answering on it, and memory must stay bounded.
function abandonConnection(c: HttpClient): void {
    const conn: HttpConnection | null = c.conn;
    if (conn === null) return;
    stopParts(c);
    c.conn = null;
    conn.client = null;
    if (!conn.up) return;
    conn.abandonedBy = c;
    conn.next = c.abandoned;
    c.abandoned = conn;
    c.abandonedCount++;
    if (c.abandonedCount <= MAX_ABANDONED) return;
    let before: HttpConnection = conn;
    while (before.next!.next !== null) before = before.next!;
    const oldest: HttpConnection = before.next!;
    before.next = null;
    c.abandonedCount--;
    oldest.abandonedBy = null;
    oldest.out!(null);
}

// An abandoned connection is gone: take it off its client's list.
function forgetAbandoned(conn: HttpConnection): void {
    const c: HttpClient | null = conn.abandonedBy;
    if (c === null) return;
    conn.abandonedBy = null;
    if (c.abandoned === conn) {
        c.abandoned = conn.next;
    } else {
        let before: HttpConnection | null = c.abandoned;
        while (before !== null && before.next !== conn) before = before.next;
        if (before !== null) before.next = conn.next;
    }
    conn.next = null;
    c.abandonedCount--;
}

// Data from the server, or 0 once when the connection is gone. True when it closed the connection.
function received(h: Heap, conn: HttpConnection, b: Buffer | null): boolean {
    const c: HttpClient | null = conn.client;
    if (b === null) {
        if (c !== null) {
            c.conn = null;
            stopParts(c);
            connectionLost(c);
        }
        forgetAbandoned(conn);
        deallocateClosure(conn.input!);
        deallocate(h, conn);
        return false;
    }
    // Closed or abandoned: what still comes is dropped.
    if (c === null) return false;
    if (c.state !== HttpClientState.InFlight) {
        // Bytes nobody asked for: the connection cannot be trusted any more.
        abandonConnection(c);
        return false;
    }
    const n: bytes = bufferLength(b);
    let taken: bytes = 0;
    let result: s64 = HTTP_MORE;
    do {
        const before: bytes = c.response.received;
        result = httpResponseParse(c.response, bufferData(b), taken, n - taken);
        taken += c.response.received - before;
        // A full store: grow it and feed the rest.
        if ((result === HTTP_HEAD_ROOM || result === HTTP_BODY_ROOM) && !growStore(c, result === HTTP_BODY_ROOM)) {
            abandonConnection(c);
            finish(c, timm('http: out of memory for the response'));
            return false;
        }
    } while (result === HTTP_HEAD_ROOM || result === HTTP_BODY_ROOM);
    if (result === HTTP_MORE) return false;
    if (result === HTTP_DONE) {
        // Bytes after the response were not asked for, and a response before the whole body was
        // sent leaves the rest of it unsent: either way the connection is not reused, nor closed.
        // A complete exchange the server ends (Connection: close) is closed.
        const complete: boolean = taken === n && c.partsConn === null;
        const keep: boolean = c.response.keepAlive && complete;
        if (!complete) abandonConnection(c);
        else if (!keep) closeConnection(c);
        finish(c, STATUS_OK);
        return !keep && complete;
    }
    abandonConnection(c);
    finish(c, responseFailure(result));
    return false;
}

function connectionLost(c: HttpClient): void {
    if (c.state !== HttpClientState.InFlight) return;
    // A kept-alive connection the server closed while idle: send the request again, once.
    if (c.response.received === 0 && !c.resent) {
        c.resent = true;
        openConnection(c);
        return;
    }
    const result: s64 = httpResponseEnd(c.response);
    if (result === HTTP_DONE) {
        finish(c, STATUS_OK);
    } else {
        finish(c, responseFailure(result));
    }
}

function requestTimedOut(c: HttpClient): void {
    if (c.state !== HttpClientState.InFlight) return;
    abandonConnection(c);
    finish(c, timm('http: request timed out'));
}

// The status a request ends with when the response parser refuses the response. (Not parseError:
// a Nanos tree's runtime.h has a parse_error type, test/klibs/names.test.ts.)
function responseFailure(result: s64): Status {
    switch (result) {
        case HTTP_E_HEADERS_TOO_LARGE: return timm('http: response headers too large');
        case HTTP_E_BODY_TOO_LARGE: return timm('http: response body too large');
        case HTTP_E_TRUNCATED: return timm('http: connection closed before the response ended');
        case HTTP_E_UNSUPPORTED: return timm('http: unsupported response');
        case HTTP_E_SYNTAX: return timm('http: malformed response');
        default: return timm(`http: response error ${result}`);
    }
}

// Completes the request in flight: the client is idle again before `done` runs, so `done` may
// start the next request. The response stays in its stores while `done` runs; then stores that
// grew are given back (not at the next request: an idle client holds no large answer).
function finish(c: HttpClient, s: Status): void {
    if (c.state !== HttpClientState.InFlight) {
        timmDealloc(s);
        return;
    }
    c.state = HttpClientState.Idle;
    c.parts = null;
    stopParts(c);
    removeTimer(kernelTimers, c.timer);
    bufferReset(c.bodyStore);
    if (isOk(s)) bufferProduce(c.bodyStore, c.response.bodyLength);
    const done: StatusHandler | null = c.done;
    c.done = null;
    c.completions++;
    if (done !== null) done(s);
    c.completions--;
    if (c.freeWhenDone) {
        if (c.completions === 0) httpClientFree(c);
        return;
    }
    shrinkStores(c);
}
