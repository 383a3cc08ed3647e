// TCP transport with octet-counting framing (RFC 6587): "LENGTH SP MESSAGE", many per segment.
// One connection at a time; a failed connect backs off (logpipe's shared retry policy), and a
// connection that goes away is replaced after a fresh lookup of the server. Lines leave the log
// pipe only when handed to a live connection, so lines written while the server is away wait in
// it (bounded; the pipe counts what it cannot keep).
//
// Drain: each flush frames the pipe's lines into buffers of up to 64 KiB (hundreds of frames per
// out(b)) and hands over as many as it holds, up to HANDOVER_PER_FLUSH (everything at shutdown),
// so the output keeps up with the console (one buffer per 200 ms flush drained about 2,000 lines
// a second; a Nanos VM under QEMU printed about 2,900). A klib cannot see what lwIP has sent
// (direct reports no acknowledgement and queues what lwIP's send buffer cannot take, without a
// bound), so a server that stops reading makes direct's queue grow by what is handed over: at most
// HANDOVER_PER_FLUSH each flush, and no more than the console prints.
//
// Failures are reported by lib/failures.ts's rule, from the flush path: the callbacks only note
// them under the lock (reportFailures).
//
// We never close a connection (never apply out(0)), at shutdown or ever. Closing is not safe while
// bytes written to it may be unacknowledged, and a klib cannot know when they are:
// * direct (src/net/direct.c), on reaching a queued close, clears lwIP's callback argument, closes
//   the pcb and frees its connection, but leaves lwIP's sent and error callbacks in place. The
//   acknowledgement of data still in flight then runs direct_conn_sent with a null argument, which
//   asserts ("assertion arg failed at src/net/direct.c:241"), and a reset, or lwIP giving up on the
//   closing connection, runs its error callback on a null connection. Either halts the kernel; the
//   VM then hangs in its shutdown. (An acknowledgement of our FIN alone runs no sent callback.)
// * A klib is told nothing of acknowledgements: direct reports no "sent", syslog servers send no
//   data (RFC 6587 has no acknowledgements), and a peer's FIN is not delivered. Waiting "long
//   enough" proves nothing: a server that stopped reading keeps our data unsent behind a zero
//   window for as long as it likes, and lwIP keeps such a connection alive.
// * With TLS the tls klib's close sends close_notify and closes TCP at once, which is the same
//   hazard for the close_notify record itself. rsyslog does not answer a close_notify with its own
//   (it closes TCP), so a close_notify exchange cannot prove receipt either.
// So: at shutdown the connection is left open and the VM halts with it (network.ts gives what was
// handed over a moment to leave first); when the server's address changes, a working connection is
// kept, and the new address is used for the next connection, once this one has failed (a reset,
// or lwIP giving up); a connection ends only when the server or the network ends it, which direct
// reports through onInput(0) with no close of ours involved. What this costs: a server keeps a
// connection from a halted VM until its keepalive (if any) finds it dead, and a server that keeps
// running at an address DNS no longer gives keeps our logs until it goes away.
//
// Locking. On SMP the flush timer, the shutdown path (network.ts's ticker) and the connection
// callbacks (onConnected, onInput: direct's receive service, lwIP's context, or the tls klib) can
// run on different CPUs at the same time. So:
// 1. Every field of the record below `lock` is read and changed only with `lock` held, and the
//    lock is held only for that: a few loads and stores (and the retry policy's delay, which draws a random
//    number), no call that can come back into this file, and no other lock taken inside it but
//    resolve.ts's (which takes none and calls nothing);
//    network.ts's guard and `sendLock` may be held around it.
// 2. `lock` is never held while calling out: the connection's output out(b), direct_connect or the
//    TLS connector. Those can call back into this file before they return (a connect may fail at
//    once), and a spinlock taken twice on one CPU never comes free.
// 3. So every path decides under the lock, claims what it is about to do in the state (link
//    becomes Connecting before a connect starts), copies what it needs into locals, drops the
//    lock, calls out, and takes the lock again to look at the state afresh: the connection may
//    have gone meanwhile.
// 4. Framing the pipe's lines happens without the lock: the pipe has its own, and its batches are
//    taken one at a time under network.ts's guard. That guard also makes every out(b) of ours come
//    from one CPU at a time, in order, and runs the failure reports (failures.ts is not locked).
// 5. `sendLock` is held across each out(b), and onInput(0) takes it before anything else. direct
//    frees the connection, with nothing to hold it by, as soon as onInput(0) returns, and its
//    teardown takes no lock that its send path takes; the tls klib's session
//    (klib-src/tls/session.ts) is likewise freed once onInput(0) was applied. So a send on another
//    CPU must be over before onInput(0) returns, and a send that starts later must see `link` no
//    longer Connected (it looks under sendLock). Neither direct's out(b) nor the tls session's
//    ever applies onInput itself (direct's only inside out(0), which we never call; the tls session
//    hands what it has to tell during a write to another context, its rule 6), so sendLock is never
//    taken twice on a CPU.
import { bytes, closure, timestamp, u16, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, BufferHandler, bufferClear, bufferLength, bufferWriteByte, ClockId,
    ConnectionHandler, deallocateBuffer, directConnect, Heap, InputBufferHandler, INVALID_ADDRESS, IpAddr, isOk,
    kernNow, milliseconds, pushBuffer, spinLock, spinLockInit, spinLockIrq, Spinlock, spinUnlock, spinUnlockIrq,
    SString, timmDealloc,
} from '../nanos';
import { failureKind, FailureReason, failureRecovered, failureNoted, FailureRun, failureRunNew } from '../lib/failures';
import {
    logpipeFirstEvent, logpipeNextEvent, logpipeRelease, logpipeSetLimits, logpipeTakeBatch,
} from '../logpipe/batch';
import { LogPipe } from '../logpipe/ring';
import { LogpipeRetry, logpipeRetryCreate, logpipeRetryDelay, logpipeRetryReset } from '../logpipe/retry';
import { Config, Protocol } from './config';
import { networkHasAddress } from './hostname';
import { writeMessage } from './message';
import { resolveCopyAddress, resolveInFlight, Resolver, resolveStale } from './resolve';
import { writeDecimal } from './text';
import { tlsConnectorRegistered, tlsConnectStart, TlsRequest, tlsRequestNew } from './tls_bridge';

export const enum LinkState { Idle, Connecting, Connected }

/** Frames per out(b): up to this many bytes of text (with FRAME_OVERHEAD counted per line). */
const BATCH_BYTES: bytes = 64 * 1024;
/** What a frame adds to its line, about: the length, the header (PRI, time, host, app name). */
const FRAME_OVERHEAD: u32 = 100;
/**
 * The most one flush (every 200 ms) hands over: 2.5 MiB a second, several times what a console
 * prints (2,900 lines of 100 bytes a second in a Nanos VM under QEMU: about 470 KB of frames).
 */
const HANDOVER_PER_FLUSH: bytes = 512 * 1024;
/** Connect retries: the shared policy (full jitter below 1 s, 2 s, 4 s, ... 60 s). */
const RETRY_BASE_MS: u64 = 1000;
const RETRY_CAP_MS: u64 = 60000;
// At shutdown, the waits before a failed connect is tried again: soon after a connect that could
// not even start (no route: the network may be coming up, as DHCP answers), and a little longer
// after one the server refused or reset (each of which the tls klib reports on the console).
const HURRY_RETRY_NO_ROUTE_MS: u64 = 250;
const HURRY_RETRY_MS: u64 = 1000;

/**
 * What went wrong with a connection, for the failure lines. Unavailable: protocol tls without the
 * syslog_tls klib, which tls_bridge.ts says once on its own.
 */
export const enum StreamFailure { None, NotStarted, Refused, Lost, Unavailable }

/** The connection: allocated at init, passed to the network path; the callbacks capture it. */
export interface StreamTransport {
    // Set at init, then only read.
    h: Heap;
    resolver: Resolver;
    protocolName: SString;
    /** Protocol tls: what the syslog_tls klib's connector reads (tls_bridge.ts); else null. */
    tls: TlsRequest | null;
    onConnected: ConnectionHandler;
    onInput: InputBufferHandler;
    // Used by the network path only (one at a time, under network.ts's guard).
    target: IpAddr;
    failureRun: FailureRun;
    reason: Buffer;
    /** Held across out(b) (rule 5). */
    sendLock: Spinlock;

    lock: Spinlock;
    link: LinkState;
    out: BufferHandler | null;
    retry: LogpipeRetry;
    nextTry: timestamp;
    /** At shutdown: connect without the backoff's wait. */
    hurry: boolean;
    // Outcomes not yet reported (reportFailures): failures since the last report, the last one's
    // kind, and whether a connection came up (before those failures, or after).
    failedCount: u32;
    failedHow: StreamFailure;
    cameUp: boolean;
    cameUpFirst: boolean;
    /** The connect under way started before the interface had an address: its failure is not told. */
    connectQuiet: boolean;
}

/**
 * Prepares the transport for `c` on pipe `p` (its batch limits: frames for one out(b)), looking
 * the server up through `r`; null when memory is short.
 */
export function streamNew(h: Heap, c: Config, p: LogPipe, r: Resolver): StreamTransport | null {
    const t: StreamTransport = allocate<StreamTransport>(h);
    const retry = logpipeRetryCreate(h, milliseconds(RETRY_BASE_MS), milliseconds(RETRY_CAP_MS));
    const endpoint = allocateBuffer(h, 64);
    const text = allocateBuffer(h, 128);
    if (t === INVALID_ADDRESS || retry === null || endpoint === INVALID_ADDRESS || text === INVALID_ADDRESS ||
        c.server === null) {
        return null;
    }
    t.h = h;
    t.resolver = r;
    t.protocolName = c.protocol === Protocol.Tls ? 'tls' : 'tcp';
    t.tls = null;
    if (c.protocol === Protocol.Tls) {
        t.tls = tlsRequestNew(h, c);
        if (t.tls === null) return null;
    }
    bprintf(endpoint, `${c.server}:${c.port} (${t.protocolName})`);
    const run = failureRunNew(h, 'syslog', 'connection', endpoint);
    deallocateBuffer(endpoint);
    if (run === null) return null;
    t.failureRun = run;
    t.reason = text;
    spinLockInit(t.sendLock);
    spinLockInit(t.lock);
    t.link = LinkState.Idle;
    t.out = null;
    t.retry = retry;
    t.nextTry = 0;
    t.hurry = false;
    t.failedCount = 0;
    t.failedHow = StreamFailure.None;
    t.cameUp = false;
    t.cameUpFirst = false;
    t.connectQuiet = false;
    t.onInput = closure(h, (b: Buffer | null): boolean => {
        if (b !== null) return false;           // a syslog server has nothing to say
        // Teardown: the server reset the connection, or lwIP gave up on it. direct frees the
        // connection when this returns: a send under way on another CPU finishes first (rule 5).
        spinLock(t.sendLock);
        const flags = spinLockIrq(t.lock);
        failed(t, StreamFailure.Lost);   // reconnect after a fresh lookup
        spinUnlockIrq(t.lock, flags);
        spinUnlock(t.sendLock);
        return false;
    });
    t.onConnected = closure(h, (o: BufferHandler | null): InputBufferHandler => {
        return connected(t, o);
    });
    if (t.onInput === INVALID_ADDRESS || t.onConnected === INVALID_ADDRESS) return null;
    return logpipeSetLimits(p, 0xffffffff, BATCH_BYTES, FRAME_OVERHEAD, c.maxMessage as u32, 0) ? t : null;
}

// The connection is gone or never came (`how`): back off (briefly at shutdown). Lock held.
function failed(t: StreamTransport, how: StreamFailure): void {
    t.link = LinkState.Idle;
    t.out = null;
    const wait = how === StreamFailure.NotStarted ? HURRY_RETRY_NO_ROUTE_MS : HURRY_RETRY_MS;
    const delay = logpipeRetryDelay(t.retry);
    t.nextTry = kernNow(ClockId.Monotonic) + (t.hurry ? milliseconds(wait) : delay);
    if (how === StreamFailure.Lost || !t.connectQuiet) {
        t.failedCount++;
        t.failedHow = how;
    }
    resolveStale(t.resolver);     // resolve.ts's lock inside ours: it takes no other lock and never calls out
}

// The connection handler (the record's onConnected): the connection came up (o), or did not (null).
function connected(t: StreamTransport, o: BufferHandler | null): InputBufferHandler {
    const flags = spinLockIrq(t.lock);
    if (o === null) {
        failed(t, StreamFailure.Refused);
        spinUnlockIrq(t.lock, flags);
        return INVALID_ADDRESS;
    }
    t.link = LinkState.Connected;
    t.out = o;
    logpipeRetryReset(t.retry);
    if (!t.cameUp) t.cameUpFirst = t.failedCount === 0;
    t.cameUp = true;
    spinUnlockIrq(t.lock, flags);
    return t.onInput;
}

// Starts a connection to `target`; true when onConnected will be called. Lock not held.
function startConnection(t: StreamTransport, c: Config): boolean {
    const tls = t.tls;
    if (tls !== null) return tlsConnectStart(tls, t.target, t.onConnected);
    const s = directConnect(t.h, t.target, c.port as u16, t.onConnected);
    if (isOk(s)) return true;
    timmDealloc(s);
    return false;
}

// The caller has made link Connecting (under the lock), so no other connect can start meanwhile.
function connect(t: StreamTransport, c: Config): void {
    resolveCopyAddress(t.resolver, t.target);
    if (startConnection(t, c)) return;
    // onConnected will not be called, so the Connecting state is still ours to end.
    const unavailable = c.protocol === Protocol.Tls && !tlsConnectorRegistered();
    const flags = spinLockIrq(t.lock);
    failed(t, unavailable ? StreamFailure.Unavailable : StreamFailure.NotStarted);
    spinUnlockIrq(t.lock, flags);
}

// One failure line's reason (the tls klib prints the details of a TLS failure itself).
function writeReason(b: Buffer, how: StreamFailure, tls: boolean): void {
    bufferClear(b);
    if (how === StreamFailure.NotStarted) bprintf(b, 'could not start a connection (no route yet, or out of memory)');
    else if (how === StreamFailure.Lost) bprintf(b, 'connection lost (reset, or the server stopped answering)');
    else if (tls) bprintf(b, 'could not connect, or the TLS handshake failed (see the tls klib\'s line)');
    else bprintf(b, 'could not connect (refused, unreachable or timed out)');
}

function kindOf(how: StreamFailure): u64 {
    if (how === StreamFailure.Lost) return failureKind(FailureReason.Lost);
    // Not started and refused are different kinds of connect failure: each is printed once.
    return failureKind(FailureReason.Connect) | (how === StreamFailure.NotStarted ? 0x100 : 0);
}

// The outcomes the callbacks noted, told by failures.ts's rule: the first failure of a kind in a
// run printed, the others counted, and one line when a connection works again. Network path only.
function reportFailures(t: StreamTransport, c: Config): void {
    const run = t.failureRun;
    const text = t.reason;
    const flags = spinLockIrq(t.lock);
    const count = t.failedCount;
    const how = t.failedHow;
    const up = t.cameUp;
    const upFirst = t.cameUpFirst;
    t.failedCount = 0;
    t.cameUp = false;
    spinUnlockIrq(t.lock, flags);
    if (up && upFirst) failureRecovered(run);
    if (how === StreamFailure.Unavailable) return;
    if (count > 0) writeReason(text, how, c.protocol === Protocol.Tls);
    for (let i: u32 = 0; i < count; i++) failureNoted(run, kindOf(how), text);
    if (up && !upFirst) failureRecovered(run);
}

// The connection's output while data may be sent on it, else null.
function liveOutput(t: StreamTransport): BufferHandler | null {
    const flags = spinLockIrq(t.lock);
    const o = t.link === LinkState.Connected ? t.out : null;
    spinUnlockIrq(t.lock, flags);
    return o;
}

// Hands b to the connection if it is still live (b is taken either way); false when it was not
// sent. Under sendLock (rule 5).
function handOver(t: StreamTransport, b: Buffer): boolean {
    spinLock(t.sendLock);
    const o = liveOutput(t);
    let sent = false;
    if (o === null) {
        deallocateBuffer(b);
    } else {
        const s = o(b);
        sent = isOk(s);
        if (!sent) {
            // Only an allocation failure inside direct, which then did not take b.
            timmDealloc(s);
            deallocateBuffer(b);
        }
    }
    spinUnlock(t.sendLock);
    return sent;
}

// Frames the pipe's next batch into one buffer and hands it to the connection. Returns the bytes
// handed over: 0 when there was nothing to send, or the connection could not take it (the batch
// stays in flight: the next try sends the same lines).
function sendBatch(t: StreamTransport, p: LogPipe, c: Config, host: Buffer, scratch: Buffer): bytes {
    if (liveOutput(t) === null || logpipeTakeBatch(p) === 0) return 0;
    const b = allocateBuffer(t.h, BATCH_BYTES + c.maxMessage + 512);
    if (b === INVALID_ADDRESS) return 0;
    for (let e = logpipeFirstEvent(p); e !== null; e = logpipeNextEvent(p)) {
        bufferClear(scratch);
        writeMessage(scratch, c, host, e.data, e.length, e.stamp, e.loss);
        writeDecimal(b, bufferLength(scratch), 1, '0'.charCodeAt(0));
        bufferWriteByte(b, ' '.charCodeAt(0));
        pushBuffer(b, scratch);
    }
    const n = bufferLength(b);
    // Looked at again (under sendLock): the connection may have gone while the batch was built.
    if (!handOver(t, b)) return 0;
    logpipeRelease(p);
    return n;
}

/** At shutdown: the next connect is tried at once, and a failed one soon after. */
export function streamHurry(t: StreamTransport): void {
    const flags = spinLockIrq(t.lock);
    t.hurry = true;
    t.nextTry = 0;
    spinUnlockIrq(t.lock, flags);
}

/**
 * Connects when due, or hands the pipe's lines to the connection: up to HANDOVER_PER_FLUSH bytes,
 * or with `everything` (at shutdown) all of them. True when bytes were handed to the connection.
 */
export function streamFlush(t: StreamTransport, p: LogPipe, c: Config, host: Buffer, scratch: Buffer,
                            everything: boolean): boolean {
    reportFailures(t, c);
    // A connection waits for a lookup under way: the address may be about to change.
    const answerDue = resolveInFlight(t.resolver);
    const quiet = !networkHasAddress();
    const flags = spinLockIrq(t.lock);
    const connectNow = t.link === LinkState.Idle && !answerDue && kernNow(ClockId.Monotonic) >= t.nextTry;
    if (connectNow) {
        t.link = LinkState.Connecting;
        t.connectQuiet = quiet;
    }
    const up = t.link === LinkState.Connected;
    spinUnlockIrq(t.lock, flags);
    if (connectNow) {
        connect(t, c);
        return false;
    }
    if (!up) return false;
    let handed: bytes = 0;
    for (;;) {
        const n = sendBatch(t, p, c, host, scratch);
        handed += n;
        // Until the pipe is empty, a batch could not go (it stays for the next flush), or this
        // flush has handed over its share.
        if (n === 0 || (!everything && handed >= HANDOVER_PER_FLUSH)) break;
    }
    return handed > 0;
}
