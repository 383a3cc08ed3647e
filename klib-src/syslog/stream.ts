// TCP transport with octet-counting framing (RFC 6587): "LENGTH SP MESSAGE", many per segment.
// One connection at a time; a failed connect backs off, and a connection that goes away is replaced
// after a fresh lookup of the server. Records leave the ring only when handed to a live connection,
// so lines written while the server is away wait in the ring (bounded; the ring counts what it
// cannot keep).
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
// 1. Every module variable below `lock` is read and changed only with `lock` held, and the lock is
//    held only for that: a few loads and stores, no call that can come back into this file, and
//    no other lock taken inside it but resolve.ts's (which takes none and calls nothing);
//    network.ts's guard and `sendLock` may be held around it.
// 2. `lock` is never held while calling out: the connection's output out(b), direct_connect or the
//    TLS connector. Those can call back into this file before they return (a connect may fail at
//    once), and a spinlock taken twice on one CPU never comes free.
// 3. So every path decides under the lock, claims what it is about to do in the state (link
//    becomes Connecting before a connect starts), copies what it needs into locals, drops the
//    lock, calls out, and takes the lock again to look at the state afresh: the connection may
//    have gone meanwhile.
// 4. Framing the ring's records happens without the lock: the ring has its own, and its network
//    reader runs one at a time under network.ts's guard. That guard also makes every out(b) of
//    ours come from one CPU at a time, in order.
// 5. `sendLock` is held across each out(b), and onInput(0) takes it before anything else. direct
//    frees the connection, with nothing to hold it by, as soon as onInput(0) returns, and its
//    teardown takes no lock that its send path takes; the tls klib's session
//    (klib-src/tls/session.ts) is likewise freed once onInput(0) was applied. So a send on another
//    CPU must be over before onInput(0) returns, and a send that starts later must see `link` no
//    longer Connected (it looks under sendLock). Neither direct's out(b) nor the tls session's
//    ever applies onInput itself (direct's only inside out(0), which we never call; the tls session
//    hands what it has to tell during a write to another context, its rule 6), so sendLock is never
//    taken twice on a CPU.
import { bytes, embedded, timestamp, u16, u32, u64 } from '../dialect';
import {
    allocateBuffer, Buffer, BufferHandler, bufferClear, bufferLength, bufferWriteByte, ClockId, ConnectionHandler,
    deallocateBuffer, directConnect, Heap, InputBufferHandler, INVALID_ADDRESS, IpAddr, isOk, kernNow, milliseconds,
    pushBuffer, spinLock, spinLockIrq, Spinlock, spinUnlock, spinUnlockIrq, timmDealloc,
} from '../nanos';
import { backoffDelay } from './backoff';
import { Config, Protocol } from './config';
import { isEmptyRecord, writeMessage } from './message';
import { READER_NET, recordNext, ringHead, ringRelease, ringTail } from './ring';
import { resolveCopyAddress, resolveInFlight, resolveStale } from './resolve';
import { writeDecimal } from './text';
import { tlsConnectStart } from './tls_bridge';

const enum LinkState { Idle, Connecting, Connected }

const BATCH_BYTES: bytes = 64 * 1024;
// At shutdown, the waits before a failed connect is tried again: soon after a connect that could
// not even start (no route: the network may be coming up, as DHCP answers), and a little longer
// after one the server refused or reset (each of which the tls klib reports on the console).
const HURRY_RETRY_NO_ROUTE_MS: u64 = 250;
const HURRY_RETRY_MS: u64 = 1000;

// Set at init, then only read.
let heap: Heap;
// Used by the network path only (one at a time, under network.ts's guard).
let target: IpAddr;
/** Held across out(b) (rule 5). */
let sendLock: Spinlock;

let lock: Spinlock;
let link: LinkState = LinkState.Idle;
let out: BufferHandler | null = null;
let failures: u32 = 0;
let nextTry: timestamp = 0;
/** At shutdown: connect without the backoff's wait. */
let hurry: boolean = false;

export function streamInit(h: Heap, c: Config): void {
    heap = h;
}

// The connection is gone or never came (`started`: a connect got under way): back off (briefly at
// shutdown). Lock held.
function failed(started: boolean): void {
    link = LinkState.Idle;
    out = null;
    const retry = started ? HURRY_RETRY_MS : HURRY_RETRY_NO_ROUTE_MS;
    nextTry = kernNow(ClockId.Monotonic) + (hurry ? milliseconds(retry) : backoffDelay(failures));
    failures++;
    resolveStale();     // resolve.ts's lock inside ours: it takes no other lock and never calls out
}

const onInput: InputBufferHandler = embedded((b) => {
    if (b !== null) return false;           // a syslog server has nothing to say
    // Teardown: the server reset the connection, or lwIP gave up on it. direct frees the
    // connection when this returns: a send under way on another CPU finishes first (rule 5).
    spinLock(sendLock);
    const flags = spinLockIrq(lock);
    failed(true);   // reconnect after a fresh lookup
    spinUnlockIrq(lock, flags);
    spinUnlock(sendLock);
    return false;
});

const onConnected: ConnectionHandler = embedded((o) => {
    const flags = spinLockIrq(lock);
    if (o === null) {
        failed(true);
        spinUnlockIrq(lock, flags);
        return INVALID_ADDRESS;
    }
    link = LinkState.Connected;
    out = o;
    failures = 0;
    spinUnlockIrq(lock, flags);
    return onInput;
});

// Starts a connection to `target`; true when onConnected will be called. Lock not held.
function startConnection(c: Config): boolean {
    if (c.protocol === Protocol.Tls) return tlsConnectStart(c, target, onConnected);
    const s = directConnect(heap, target, c.port as u16, onConnected);
    if (isOk(s)) return true;
    timmDealloc(s);
    return false;
}

// The caller has made link Connecting (under the lock), so no other connect can start meanwhile.
function connect(c: Config): void {
    resolveCopyAddress(target);
    if (startConnection(c)) return;
    // onConnected will not be called, so the Connecting state is still ours to end.
    const flags = spinLockIrq(lock);
    failed(false);
    spinUnlockIrq(lock, flags);
}

// The connection's output while data may be sent on it, else null.
function liveOutput(): BufferHandler | null {
    const flags = spinLockIrq(lock);
    const o = link === LinkState.Connected ? out : null;
    spinUnlockIrq(lock, flags);
    return o;
}

// Hands b to the connection if it is still live (b is taken either way); false when it was not
// sent. Under sendLock (rule 5).
function handOver(b: Buffer): boolean {
    spinLock(sendLock);
    const o = liveOutput();
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
    spinUnlock(sendLock);
    return sent;
}

// Frames the ring's records into one buffer and hands it to the connection. Returns the bytes
// handed over: 0 when there was nothing to send, or the connection could not take it (the records
// stay for the next flush), or the records had no text (they are consumed all the same).
function sendBatch(c: Config, host: Buffer, scratch: Buffer, limit: bytes): bytes {
    if (liveOutput() === null) return 0;
    const end = ringHead();
    let pos = ringTail(READER_NET);
    if (pos === end) return 0;
    const b = allocateBuffer(heap, limit + c.maxMessage + 512);
    if (b === INVALID_ADDRESS) return 0;
    while (pos < end && bufferLength(b) < limit) {
        if (!isEmptyRecord(pos)) {
            bufferClear(scratch);
            writeMessage(scratch, c, host, pos);
            writeDecimal(b, bufferLength(scratch), 1, 48);
            bufferWriteByte(b, ' '.charCodeAt(0));
            pushBuffer(b, scratch);
        }
        pos = recordNext(pos);
    }
    const n = bufferLength(b);
    if (n === 0) {
        deallocateBuffer(b);
        ringRelease(READER_NET, pos);
        return 0;
    }
    // Looked at again (under sendLock): the connection may have gone while the batch was built.
    if (!handOver(b)) return 0;
    ringRelease(READER_NET, pos);
    return n;
}

/** At shutdown: the next connect is tried at once, and a failed one soon after. */
export function streamHurry(): void {
    const flags = spinLockIrq(lock);
    hurry = true;
    nextTry = 0;
    spinUnlockIrq(lock, flags);
}

/**
 * Connects when due, or sends what the ring holds: one batch, or with `everything` (at shutdown)
 * all of it. True when bytes were handed to the connection.
 */
export function streamFlush(c: Config, host: Buffer, scratch: Buffer, everything: boolean): boolean {
    // A connection waits for a lookup under way: the address may be about to change.
    const answerDue = resolveInFlight();
    const flags = spinLockIrq(lock);
    const connectNow = link === LinkState.Idle && !answerDue && kernNow(ClockId.Monotonic) >= nextTry;
    if (connectNow) link = LinkState.Connecting;
    const up = link === LinkState.Connected;
    spinUnlockIrq(lock, flags);
    if (connectNow) {
        connect(c);
        return false;
    }
    if (!up) return false;
    let handed = false;
    let more = true;
    while (more) {
        const from = ringTail(READER_NET);
        if (sendBatch(c, host, scratch, BATCH_BYTES) > 0) handed = true;
        // Until the ring is empty, or a batch could not go (the records stay for the next flush).
        const to = ringTail(READER_NET);
        more = everything && to !== from && to !== ringHead();
    }
    return handed;
}
