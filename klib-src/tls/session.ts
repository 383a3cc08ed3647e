// One TLS connection over `direct`: the handshake, then plaintext both ways, then the close.
//
// Life cycle. direct_connect() calls tcpConnected() with its output (or 0 when the connect failed);
// the handshake runs as ciphertext arrives; when it succeeds the application's connection handler
// gets our plaintext output (appWrite), and decrypted data goes to the input handler it returned.
// Whatever ends the connection (the application's close, the server's close_notify, a fatal error,
// a failed verification, the handshake timeout), we close TCP with out(0); direct then calls our
// input handler with 0, the application hears of the end, and only then is the session freed.
//
// No alert is ever sent, close_notify included (sendCiphertext). mbedtls sends one only right
// before the connection closes, and a record written right before direct's close halts the kernel:
// direct closes the pcb and frees its connection but leaves lwIP's sent callback in place, so the
// acknowledgement of that record runs direct_conn_sent with a null argument, which asserts
// (src/net/direct.c:241; klibhost halts the same way). The server sees TCP's FIN instead of an
// alert. What stays the application's to avoid is the same hazard with its own data: out(0) while
// what it wrote may be unacknowledged (right after a write, or while the server is not reading).
//
// Concurrency: one runner at a time, events recorded by everyone else. On an SMP kernel direct's
// input (its receive service, or lwIP's context), the application's writes and close (a timer or
// console context of another klib) and the handshake timer can run on different CPUs at once, and
// mbedtls's context must be used by one of them at a time. A lock held across our call-outs would
// deadlock: direct calls our input handler with 0 from inside out(0), and the application writes
// and closes from inside our calls to its handlers, on the same CPU. So:
// 1. Every entry point (tcpConnected, tcpInput, appWrite, the timer) takes `lock` only to record
//    its event in the session's shared fields (below `lock` in Session: ciphertext appended to rx,
//    the application's buffer linked to the tx queue, a flag) and to claim the `running` role if
//    nobody holds it. `lock` is held for a few loads and stores (and the append to rx), never
//    across a call that can come back into this file.
// 2. Only the runner uses mbedtls and the runner-only fields, and calls out: direct's output, the
//    application's handlers, register/remove_timer. It runs passes (runPass) without the lock, each
//    taking what was recorded, and gives up the role only under the lock when nothing new was
//    recorded meanwhile (`pending`), so no event is left without a runner.
// 3. A call that finds the role taken (a re-entrant one from inside our own call-out on this CPU,
//    or one from another CPU) records and returns at once; it never waits, except tcpInput(0)
//    below, and touches nothing of the session after its last lock section (appWrite's calls,
//    which allocate between two, are counted in `appCalls` and so keep the session, rule 5).
//    The application's writes are thus queued, in order, whenever the runner is busy (its own
//    buffers, no copy; bounded, TX_QUEUE_MAX); the caller gets STATUS_OK as from the stock klib.
// 4. direct frees its connection, our output with it, as soon as our input handler returns from
//    its 0 call. So the runner claims `sending` (under the lock, after checking that teardown has
//    not been recorded) for each out(b), and tcpInput(0) waits, lock released, until no out(b) is
//    under way. It cannot be that out(b)'s own caller: direct applies the input handler's 0 only
//    inside out(0) (a queued close reached), never inside out(b), and we call out(b) no more once
//    out(0) has been called.
// 5. The session is freed by the runner once direct's teardown was recorded, the application was
//    told, and the timer's handler has had its one call (`timerPending`): nothing can then call in.
//    If a call of the application's to appWrite is under way then (`appCalls`, on another CPU),
//    the last one to return frees it instead.
// 6. The application's input handler is never applied inside its own out(b), as with direct, so
//    that an application can hold a lock of its own across out(b) and take it in its handler.
//    A runner that is an application write (`mayTell` false) encrypts and sends, and may close,
//    but leaves received ciphertext unread and the end untold (`deferred`). When it has left
//    something it does not give the role up: it hands it to a zero-delay timer (`tellTimer`,
//    registered last, after which the write touches the session only through `appCalls`), whose
//    handler is then the runner and runs a full pass. Whatever is recorded meanwhile finds the
//    role taken and waits for that pass, so nothing is lost or reordered and nobody waits for a
//    wake-up that never comes. out(0) is not a write: it may tell, and may apply the 0 handler
//    inside (as direct does), never data once the application has closed.
// What no session state can cover (the kernel interface gives nothing to order against):
// a. the application calling out once its input handler has been told of the end (a call that
//    began before that is safe once it has taken `lock`, rule 5): an application that writes from
//    another context orders its writes before its handling of the end by holding a lock of its
//    own across each out(b) and taking it first in its handler's 0 call (rule 6 makes that safe),
//    and never holding it across out(0), inside which the end may be reported; an out(0) racing
//    an end from the other side is its own to avoid (as with direct);
// b. direct running its teardown twice when our out(0) races a reset on another CPU, or freeing its
//    connection under its receive service when our out(0), on another CPU, tears down while that
//    service is inside our input handler (out(0) is made only when no teardown was recorded).
import { bytes, oneShot, closure, s32, u8, u16, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, BytePtr, bufferClear, bufferLength, ClockId, deallocate, deallocateBuffer, Heap,
    INVALID_ADDRESS, initTimer, isOk, kernelTimers, registerTimer, removeTimer, rprintf, seconds, spinLockInit,
    spinLockIrq, Spinlock, spinUnlockIrq, SString, Status, STATUS_OK, Timer, TIMER_DISABLED, TimerHandler, timmDealloc,
    VoidPtr,
} from '../nanos';
import {
    BADCERT_CN_MISMATCH, BADCERT_EXPIRED, BADCERT_FUTURE, BADCERT_NOT_TRUSTED, BytePtrOut, CharPtr, ConstBytePtr,
    ConstCharPtr, SizeT, SSL_CONN_EOF, SSL_OUT_CONTENT_LEN, SSL_PEER_CLOSE_NOTIFY, SSL_WANT_READ, SSL_WANT_WRITE,
    SslContext, sslFree, sslGetVerifyResult, sslHandshake, sslInit, sslRead, sslSetBio,
    sslSetHostname, sslSetup, sslWrite, strerror, X509_CERT_VERIFY_FAILED,
} from '../nanos/mbedtls';
import { BufferHandler, ConnectionHandler, directConnect, InputBufferHandler, IpAddr } from '../nanos/net';
import { bufferData, deallocateClosure } from '../nanos/buffers';
import { bufferConsume, bufferWrite } from '../nanos/values';
import {
    ipaddrToText, runtimeMemcpy, sstringBytes, sstringLength, sstringOfBytes, stackWrapBuffer,
} from '../nanos/tls';
import { TlsTrust } from './trust_store';
import { TlsFailure, tlsFailureIsNew, tlsHandshakeWorks } from './failure_memory';

const enum Phase { Connecting, Handshaking, Open, Closed }

// The TLS record content type of alerts (RFC 5246, 6.2.1).
const CONTENT_TYPE_ALERT: u8 = 21;

// Host names longer than DNS allows are refused.
export const HOST_NAME_BYTES: bytes = 254;
// Plaintext is handed to the application in pieces of at most this many bytes.
const PLAIN_CHUNK: bytes = 16384;
const ERROR_TEXT_MAX: bytes = 120;
// Ciphertext received while the runner is busy elsewhere waits in rx up to this many bytes; more
// closes the connection (a runner takes rx between its call-outs, or, if it is a write, hands it
// to the tell timer's at once, rule 6: only a runner stuck in the application's handler or in one
// huge write lets this much pile up).
const RX_QUEUE_MAX: bytes = 4 * 1024 * 1024;
// Plaintext the application wrote while the runner was busy (its own buffers, not copied) waits up
// to this many bytes, each buffer counted with TX_ITEM_COST more for its bookkeeping; a write
// beyond closes the connection rather than leaving a hole in the stream.
const TX_QUEUE_MAX: bytes = 64 * 1024 * 1024;
const TX_ITEM_COST: bytes = 64;

// One application buffer waiting for the runner.
interface TxItem {
    b: Buffer;
    next: TxItem | null;
}

interface Session {
    h: Heap;
    // ---- the runner's: used only by the one that holds `running` (and before the start) ----
    ssl: SslContext;
    phase: Phase;
    // direct's output while TCP is up
    out: BufferHandler | null;
    // out(0) has been applied (or, inside the connection handler, is due)
    closing: boolean;
    inConnectHandler: boolean;
    app: ConnectionHandler;
    appCalled: boolean;
    appInput: InputBufferHandler | null;
    appOut: BufferHandler | null;
    input: InputBufferHandler | null;
    plain: Buffer;
    // NUL-terminated: the host name, or the address as text, for messages
    name: Buffer;
    handshakeTimeout: u64;
    timer: Timer;
    // registered and not removed by us
    timerArmed: boolean;
    // the runner may apply the application's handlers: it is not an application write (rule 6)
    mayTell: boolean;
    // a write's pass left received data or the end untold: the role goes to tellTimer (rule 6)
    deferred: boolean;
    tellTimer: Timer;
    tell: TimerHandler | null;
    // ---- shared: read and changed only with `lock` held ----
    lock: Spinlock;
    running: boolean;
    // something was recorded since the runner last looked
    pending: boolean;
    // ciphertext received and not yet taken by mbedtls
    rx: Buffer;
    // received data could not be kept: the connection must close
    rxLost: boolean;
    txHead: TxItem | null;
    txTail: TxItem | null;
    txQueued: bytes;
    // a write could not be queued: nothing after it may be sent, the connection must close
    txLost: boolean;
    // the application called out(0): later writes are dropped
    appClosed: boolean;
    // direct has torn the connection down (its input handler got 0, or it refused/failed it)
    tcpGone: boolean;
    // the runner is inside out(b) (rule 4)
    sending: boolean;
    timedOut: boolean;
    // the timer handler has yet to have its one call (firing, or disabled by remove_timer)
    timerPending: boolean;
    // the application has been told of the end (set by the runner): only freeing is left
    ended: boolean;
    // calls of the application's to appWrite under way
    appCalls: u32;
}

/**
 * Starts a TLS connection to addr:port verified by trust; with a host name (not empty) it is sent
 * as SNI and the certificate must be for it. Returns 0 when the TCP connect started; then ch is
 * called once: with our plaintext output after a good handshake, or with 0 when the connection or
 * the handshake failed. A negative result means nothing started and ch will not be called.
 */
export function tlsStartSession(h: Heap, trusted: TlsTrust, host: SString, addr: IpAddr, port: u16,
                             ch: ConnectionHandler, handshakeTimeout: u64): s32 {
    if (!tlsHostNameFits(host)) return -1;
    const hostLength = sstringLength(host);
    const s = allocate<Session>(h);
    if (s === INVALID_ADDRESS) return -1;
    s.h = h;
    s.phase = Phase.Connecting;
    s.out = null;
    s.closing = false;
    s.inConnectHandler = false;
    s.ended = false;
    s.appCalls = 0;
    spinLockInit(s.lock);
    s.running = false;
    s.pending = false;
    s.rxLost = false;
    s.txHead = null;
    s.txTail = null;
    s.txQueued = 0;
    s.txLost = false;
    s.appClosed = false;
    s.tcpGone = false;
    s.sending = false;
    s.timedOut = false;
    s.timerPending = false;
    s.app = ch;
    s.appCalled = false;
    s.appInput = null;
    s.appOut = null;
    s.input = null;
    s.handshakeTimeout = handshakeTimeout;
    s.timerArmed = false;
    initTimer(s.timer);
    s.mayTell = true;
    s.deferred = false;
    initTimer(s.tellTimer);
    s.tell = null;
    sslInit(s.ssl);
    s.rx = allocateBuffer(h, 4096);
    s.plain = allocateBuffer(h, PLAIN_CHUNK);
    s.name = allocateBuffer(h, HOST_NAME_BYTES + 2);
    if (s.rx === INVALID_ADDRESS || s.plain === INVALID_ADDRESS || s.name === INVALID_ADDRESS) {
        return abandon(s);
    }
    if (hostLength > 0) {
        bufferWrite(s.name, sstringBytes(host) as BytePtr, hostLength);
    } else {
        ipaddrToText(addr, bufferData(s.name), (HOST_NAME_BYTES + 1) as s32);
    }
    bufferData(s.name)[hostLength > 0 ? hostLength : HOST_NAME_BYTES + 1] = 0;
    if (sslSetup(s.ssl, trusted.conf) !== 0) return abandon(s);
    if (hostLength > 0 && sslSetHostname(s.ssl, bufferData(s.name) as ConstCharPtr) !== 0) return abandon(s);
    sslSetBio(s.ssl, s, sendCiphertext, receiveCiphertext);
    s.appOut = closure(h, (b: Buffer | null) => appWrite(s, b));
    s.input = closure(h, (b: Buffer | null) => tcpInput(s, b));
    s.tell = closure(h, (expiry: u64, overruns: u64) => tellFired(s));
    if (s.appOut === INVALID_ADDRESS || s.input === INVALID_ADDRESS || s.tell === INVALID_ADDRESS) return abandon(s);
    const connected: ConnectionHandler = oneShot(h, (out: BufferHandler | null) => tcpConnected(s, out));
    if (connected === INVALID_ADDRESS) return abandon(s);
    const started = directConnect(h, addr, port, connected);
    if (!isOk(started)) {
        timmDealloc(started);
        deallocateClosure(connected);
        return abandon(s);
    }
    return 0;
}

/** False, with a console line, for a host name longer than DNS allows. */
export function tlsHostNameFits(host: SString): boolean {
    const hostLength = sstringLength(host);
    if (hostLength <= HOST_NAME_BYTES) return true;
    rprintf(`tls: host name too long (${hostLength} bytes)\n`);
    return false;
}

// Undoes a start that failed before anything was under way: ch is not called.
function abandon(s: Session): s32 {
    if (s.appOut === INVALID_ADDRESS) s.appOut = null;
    if (s.input === INVALID_ADDRESS) s.input = null;
    if (s.tell === INVALID_ADDRESS) s.tell = null;
    destroy(s);
    return -1;
}

function destroy(s: Session): void {
    sslFree(s.ssl);
    dropWrites(s, s.txHead);
    if (s.rx !== INVALID_ADDRESS) deallocateBuffer(s.rx);
    if (s.plain !== INVALID_ADDRESS) deallocateBuffer(s.plain);
    if (s.name !== INVALID_ADDRESS) deallocateBuffer(s.name);
    if (s.appOut !== null) deallocateClosure(s.appOut);
    if (s.input !== null) deallocateClosure(s.input);
    if (s.tell !== null) deallocateClosure(s.tell);
    deallocate<Session>(s.h, s);
}

function nameOf(s: Session): SString {
    return sstringOfBytes(bufferData(s.name), HOST_NAME_BYTES + 1);
}

// ---- the runner (rules 1, 2, 5 at the top) ----

// Claims the runner role if it is free; mayTell is false for an application write (rule 6).
// Lock held.
function claimRunner(s: Session, mayTell: boolean): boolean {
    if (s.running) return false;
    s.running = true;
    s.mayTell = mayTell;
    return true;
}

// Runs passes until nothing new was recorded, then gives up the role, hands it to tellTimer
// (rule 6) or, once the session is over, frees it. Returns true when direct's teardown has been
// recorded (so direct's connection is gone); s may be freed then, or, after a hand-off, at any time
// by the timer's runner unless the caller is counted in appCalls.
function runSession(s: Session): boolean {
    while (true) {
        const flags = spinLockIrq(s.lock);
        if (s.pending) {
            s.pending = false;
            spinUnlockIrq(s.lock, flags);
            runPass(s);
            continue;
        }
        const gone = s.tcpGone;
        // Left untold by a write: the role stays taken, and passes to the timer's handler.
        const handOff = s.deferred && !s.mayTell;
        const finished = !handOff && sessionOver(s);
        // Once finished nothing can call in any more (rule 5): the role is kept to the end.
        if (!finished && !handOff) s.running = false;
        spinUnlockIrq(s.lock, flags);
        if (handOff) {
            s.deferred = false;
            // The last touch of s: the handler may run (and free s) before this returns.
            registerTimer(kernelTimers, s.tellTimer, ClockId.Monotonic, 0, false, 0, s.tell!);
        } else if (finished) {
            destroy(s);
        }
        return gone;
    }
}

// tellTimer's handler: the runner role was handed to it (rule 6), to tell what a write left.
function tellFired(s: Session): void {
    s.mayTell = true;
    const flags = spinLockIrq(s.lock);
    s.pending = true;
    spinUnlockIrq(s.lock, flags);
    runSession(s);
}

// Nothing can call in any more (rule 5), and no call of the application's is under way. Lock held.
function sessionOver(s: Session): boolean {
    return s.ended && !s.timerPending && s.appCalls === 0;
}

// One pass over what was recorded. Runner only; lock not held.
function runPass(s: Session): void {
    const flags = spinLockIrq(s.lock);
    const writes = s.txHead;
    s.txHead = null;
    s.txTail = null;
    s.txQueued = 0;
    const gone = s.tcpGone;
    const timedOut = s.timedOut;
    s.timedOut = false;
    const rxLost = s.rxLost;
    const txLost = s.txLost;
    const appClosed = s.appClosed;
    if (s.closing || gone) bufferClear(s.rx);
    const received = bufferLength(s.rx) > 0;
    spinUnlockIrq(s.lock, flags);
    if (gone) {
        dropWrites(s, writes);
        if (s.ended) return;
        // Told by a runner that is not an application write (rule 6).
        if (s.mayTell) {
            endSession(s);
        } else {
            s.deferred = true;
        }
        return;
    }
    if (timedOut && s.phase === Phase.Handshaking && !s.closing) {
        if (isNew(s, TlsFailure.TimedOut, 0)) rprintf(`tls: ${nameOf(s)}: handshake timed out after ${s.handshakeTimeout} s\n`);
        closeTcp(s);
    }
    if (rxLost && !s.closing) {
        rprintf(`tls: ${nameOf(s)}: received data could not be kept (more than ${RX_QUEUE_MAX} bytes waiting, or out of memory)\n`);
        closeTcp(s);
    }
    // What the application wrote before what it sees in this pass goes first, in order.
    sendWrites(s, writes);
    if (txLost && !s.closing) {
        // A hole in the stream: closed rather than sending what follows the lost write.
        rprintf(`tls: ${nameOf(s)}: data written could not be queued (more than ${TX_QUEUE_MAX} bytes waiting, or out of memory)\n`);
        closeTcp(s);
    }
    if (appClosed && s.phase === Phase.Open) closeTcp(s);
    // Reading may hand plaintext to the application: not inside its out(b) (rule 6).
    if (s.mayTell) {
        advance(s);
    } else if (received && !s.closing) {
        s.deferred = true;
    }
}

// direct's teardown has been recorded: tell the application (only now: never while one of its
// handlers is running, since we are the runner), and let the timer have its last call.
function endSession(s: Session): void {
    if (s.phase === Phase.Handshaking && !s.closing && isNew(s, TlsFailure.LostInHandshake, 0)) {
        rprintf(`tls: ${nameOf(s)}: connection lost during the handshake\n`);
    }
    const flags = spinLockIrq(s.lock);
    s.ended = true;
    spinUnlockIrq(s.lock, flags);
    s.phase = Phase.Closed;
    s.out = null;
    disarmTimer(s);
    if (s.appCalled) {
        const appInput = s.appInput;
        s.appInput = null;
        if (appInput !== null) appInput(null);
    } else {
        s.appCalled = true;
        s.app(null);
    }
}

// Records direct's teardown: nothing may use its output any more. Lock held.
function recordTcpGone(s: Session): void {
    s.tcpGone = true;
    s.pending = true;
}

// Closes TCP (after what is queued). direct may tear down at once and call tcpInput(0) inside.
function closeTcp(s: Session): void {
    if (s.closing) return;
    s.closing = true;
    disarmTimer(s);
    // Inside the connection handler, the refusal is our answer to direct instead of out(0).
    if (s.inConnectHandler) return;
    const out = s.out;
    if (out === null) return;
    // A teardown recorded meanwhile (a reset, on another CPU) has freed direct's connection. One
    // that comes during out(0) is either direct's own, inside the call, or a reset racing our
    // close, which direct cannot survive whatever we do (the header's last paragraph).
    const flags = spinLockIrq(s.lock);
    const gone = s.tcpGone;
    spinUnlockIrq(s.lock, flags);
    if (!gone) out(null);
}

// ---- TCP events ----

function tcpConnected(s: Session, out: BufferHandler | null): InputBufferHandler {
    // direct calls this once, never from inside a call of ours, before anything else can call in
    // (the timer is armed below): the role is free.
    let flags = spinLockIrq(s.lock);
    claimRunner(s, true);
    spinUnlockIrq(s.lock, flags);
    if (out === null) {
        if (isNew(s, TlsFailure.ConnectFailed, 0)) rprintf(`tls: ${nameOf(s)}: connection failed\n`);
        flags = spinLockIrq(s.lock);
        recordTcpGone(s);
        spinUnlockIrq(s.lock, flags);
        runSession(s);
        return INVALID_ADDRESS;
    }
    s.out = out;
    s.phase = Phase.Handshaking;
    armTimer(s);
    s.inConnectHandler = true;
    advance(s);
    s.inConnectHandler = false;
    let input: InputBufferHandler = s.input!;
    if (s.closing) {
        // Refused: direct closes without calling the input handler.
        s.out = null;
        flags = spinLockIrq(s.lock);
        recordTcpGone(s);
        spinUnlockIrq(s.lock, flags);
        input = INVALID_ADDRESS;
    }
    runSession(s);
    return input;
}

// direct's input: ciphertext (valid during the call), or 0 once at teardown. Returns true when
// direct's connection is gone (torn down inside this call): direct must not touch it again.
function tcpInput(s: Session, b: Buffer | null): boolean {
    let flags = spinLockIrq(s.lock);
    if (b === null) {
        // Rule 4: an out(b) under way on another CPU ends before direct frees its connection.
        while (s.sending) {
            spinUnlockIrq(s.lock, flags);
            flags = spinLockIrq(s.lock);
        }
        recordTcpGone(s);
        const run = claimRunner(s, true);
        spinUnlockIrq(s.lock, flags);
        if (run) runSession(s);
        return false;
    }
    if (!s.rxLost) {
        const length = bufferLength(b);
        if (bufferLength(s.rx) + length > RX_QUEUE_MAX || !bufferWrite(s.rx, bufferData(b), length)) s.rxLost = true;
    }
    s.pending = true;
    const run = claimRunner(s, true);
    const goneAlready = s.tcpGone;
    spinUnlockIrq(s.lock, flags);
    if (!run) return goneAlready;
    return runSession(s);
}

// ---- mbedtls's transport (runner only) ----

// Each record is copied into a buffer of its own that direct takes: nothing refers to mbedtls's
// record buffer after this returns, however long the data waits in direct's queue.
function sendCiphertext(ctx: VoidPtr, buf: ConstBytePtr, len: SizeT): s32 {
    const s = ctx as Session;
    const out = s.out;
    if (out === null || s.closing) return SSL_CONN_EOF;
    // An alert (a fatal one, or a warning such as no_renegotiation) is dropped as if sent (see the
    // top). mbedtls hands over one whole record a call: its first byte is the content type.
    if (len > 0 && (buf as BytePtr)[0] === CONTENT_TYPE_ALERT) return len as s32;
    const b = allocateBuffer(s.h, len);
    if (b === INVALID_ADDRESS) return SSL_CONN_EOF;
    bufferWrite(b, buf as BytePtr, len);
    let flags = spinLockIrq(s.lock);
    const gone = s.tcpGone;
    if (!gone) s.sending = true;
    spinUnlockIrq(s.lock, flags);
    if (gone) {
        deallocateBuffer(b);
        return SSL_CONN_EOF;
    }
    const sent: Status = out(b);
    flags = spinLockIrq(s.lock);
    s.sending = false;
    spinUnlockIrq(s.lock, flags);
    if (!isOk(sent)) {
        timmDealloc(sent);
        deallocateBuffer(b);
        return SSL_CONN_EOF;
    }
    return len as s32;
}

function receiveCiphertext(ctx: VoidPtr, buf: BytePtrOut, len: SizeT): s32 {
    const s = ctx as Session;
    const flags = spinLockIrq(s.lock);
    const available = bufferLength(s.rx);
    const n = available < len ? available : len;
    if (n > 0) {
        runtimeMemcpy(buf, bufferData(s.rx), n);
        bufferConsume(s.rx, n);
    }
    spinUnlockIrq(s.lock, flags);
    if (n === 0) return SSL_WANT_READ;
    return n as s32;
}

// ---- the protocol (runner only) ----

// Moves the connection on with what has been received.
function advance(s: Session): void {
    if (s.closing) return;
    if (s.phase === Phase.Handshaking) {
        const r = sslHandshake(s.ssl);
        if (r === SSL_WANT_READ || r === SSL_WANT_WRITE) return;
        if (r !== 0) {
            reportHandshakeFailure(s, r);
            closeTcp(s);
            return;
        }
        handshakeDone(s);
    }
    if (s.phase === Phase.Open) readPlaintext(s);
}

function handshakeDone(s: Session): void {
    s.phase = Phase.Open;
    disarmTimer(s);
    tlsHandshakeWorks(bufferData(s.name), HOST_NAME_BYTES + 1);
    s.appCalled = true;
    const appInput = s.app(s.appOut);
    if (appInput === INVALID_ADDRESS) {
        // The application refused the connection: never call what it returned.
        s.appInput = null;
        closeTcp(s);
        return;
    }
    s.appInput = appInput;
}

function readPlaintext(s: Session): void {
    while (s.phase === Phase.Open && !s.closing) {
        // Once it has closed (its out(0) was recorded, maybe with us as its runner), the
        // application gets no more data: only the end.
        if (appHasClosed(s)) return;
        const r = sslRead(s.ssl, bufferData(s.plain), PLAIN_CHUNK);
        if (r > 0) {
            const appInput = s.appInput;
            if (appInput !== null && appInput(stackWrapBuffer(bufferData(s.plain), r as bytes))) return;
            continue;
        }
        if (r === SSL_WANT_READ || r === SSL_WANT_WRITE) return;
        if (r === SSL_PEER_CLOSE_NOTIFY || r === 0) {
            closeTcp(s);
            return;
        }
        reportError(s, `read failed`, r);
        closeTcp(s);
        return;
    }
}

function appHasClosed(s: Session): boolean {
    const flags = spinLockIrq(s.lock);
    const closed = s.appClosed;
    spinUnlockIrq(s.lock, flags);
    return closed;
}

// ---- the application's output ----

// The application's output: plaintext of any size, cut into records; 0 closes after what was
// written before. The caller gets STATUS_OK and b is ours from here in every case, as with the
// stock klib: data queued for the runner is sent in order (or, if the connection ends first,
// dropped with the rest of it); the application hears of an end through its input handler only,
// never inside out(b) (rule 6), possibly inside out(0).
function appWrite(s: Session, b: Buffer | null): Status {
    let flags = spinLockIrq(s.lock);
    s.appCalls++;
    let run = claimRunner(s, b === null);
    spinUnlockIrq(s.lock, flags);
    if (!run) {
        // The runner is busy (on another CPU, or it is our caller): queue for it.
        let item: TxItem | null = null;
        if (b !== null) {
            const made = allocate<TxItem>(s.h);
            if (made !== INVALID_ADDRESS) item = made;
        }
        flags = spinLockIrq(s.lock);
        run = claimRunner(s, b === null);
        let keep = false;
        if (!run) {
            keep = recordWrite(s, b, item);
            s.pending = true;
        }
        spinUnlockIrq(s.lock, flags);
        if (!run) {
            if (!keep) dropWrite(s, b, item);
            leaveAppCall(s);
            return STATUS_OK;
        }
        // The runner left meanwhile, with nothing queued (rule 2): write directly.
        if (item !== null) deallocate<TxItem>(s.h, item);
    }
    writeAsRunner(s, b);
    runSession(s);
    leaveAppCall(s);
    return STATUS_OK;
}

// A call of the application's ends. If the session ended meanwhile (on another CPU, while this
// call was under way), the last such call frees it, so that a write racing the end is harmless.
function leaveAppCall(s: Session): void {
    const flags = spinLockIrq(s.lock);
    s.appCalls--;
    const last = !s.running && sessionOver(s);
    if (last) s.running = true;
    spinUnlockIrq(s.lock, flags);
    if (last) destroy(s);
}

// Queues the application's write or close for the runner; false when b (and item) must be
// dropped by the caller. Lock held.
function recordWrite(s: Session, b: Buffer | null, item: TxItem | null): boolean {
    if (b === null) {
        s.appClosed = true;
        return false;
    }
    if (s.appClosed || s.txLost) return false;
    const cost = bufferLength(b) + TX_ITEM_COST;
    if (item === null || s.txQueued + cost > TX_QUEUE_MAX) {
        s.txLost = true;
        return false;
    }
    item.b = b;
    item.next = null;
    if (s.txTail !== null) {
        s.txTail!.next = item;
    } else {
        s.txHead = item;
    }
    s.txTail = item;
    s.txQueued += cost;
    return true;
}

function dropWrite(s: Session, b: Buffer | null, item: TxItem | null): void {
    if (b !== null) deallocateBuffer(b);
    if (item !== null) deallocate<TxItem>(s.h, item);
}

// The write (or close) of an application that got the runner role: nothing is queued before it.
function writeAsRunner(s: Session, b: Buffer | null): void {
    const flags = spinLockIrq(s.lock);
    const closedBefore = s.appClosed || s.txLost;
    if (b === null) s.appClosed = true;
    s.pending = true;
    spinUnlockIrq(s.lock, flags);
    if (b === null) return;     // the pass that follows closes
    if (closedBefore) {
        deallocateBuffer(b);
        return;
    }
    encrypt(s, b);
}

// Sends queued writes in order and frees them (and their buffers).
function sendWrites(s: Session, first: TxItem | null): void {
    let item = first;
    while (item !== null) {
        const next: TxItem | null = item.next;
        encrypt(s, item.b);
        deallocate<TxItem>(s.h, item);
        item = next;
    }
}

function dropWrites(s: Session, first: TxItem | null): void {
    let item = first;
    while (item !== null) {
        const next: TxItem | null = item.next;
        dropWrite(s, item.b, item);
        item = next;
    }
}

// Cuts b into records and sends them if the connection is open; frees b in every case.
function encrypt(s: Session, b: Buffer): void {
    if (s.phase === Phase.Open && !s.closing) {
        const total = bufferLength(b);
        let done: bytes = 0;
        while (done < total && !s.closing) {
            const left = total - done;
            const r = sslWrite(s.ssl, bufferData(b) as ConstBytePtr,
                               (left < SSL_OUT_CONTENT_LEN ? left : SSL_OUT_CONTENT_LEN) as SizeT);
            // mbedtls reads from the start of what it is given: move past what it took
            if (r > 0) {
                done += r as bytes;
                bufferConsume(b, r as bytes);
                continue;
            }
            reportError(s, `write failed`, r);
            closeTcp(s);
        }
    }
    deallocateBuffer(b);
}

// ---- the handshake timeout ----

// Runner only.
function armTimer(s: Session): void {
    if (s.handshakeTimeout === 0) return;
    const fire: TimerHandler = oneShot(s.h, (expiry: u64, overruns: u64) => handshakeTimerFired(s, overruns));
    if (fire === INVALID_ADDRESS) return;
    s.timerArmed = true;
    const flags = spinLockIrq(s.lock);
    s.timerPending = true;
    spinUnlockIrq(s.lock, flags);
    registerTimer(kernelTimers, s.timer, ClockId.Monotonic, seconds(s.handshakeTimeout), false, 0, fire);
}

// Runner only. remove_timer calls the handler with TIMER_DISABLED inside, unless it is firing
// (then that call is its one call): either way timerPending tells when it is over.
function disarmTimer(s: Session): void {
    if (!s.timerArmed) return;
    s.timerArmed = false;
    removeTimer(kernelTimers, s.timer);
}

// The one call of the timer's handler: on expiry (any CPU), or TIMER_DISABLED from remove_timer.
function handshakeTimerFired(s: Session, overruns: u64): void {
    const flags = spinLockIrq(s.lock);
    s.timerPending = false;
    if (overruns !== TIMER_DISABLED) s.timedOut = true;
    s.pending = true;
    const run = claimRunner(s, true);
    spinUnlockIrq(s.lock, flags);
    if (run) runSession(s);
}

// ---- messages ----

// Whether a failure of `kind` (and `detail`: mbedtls's flags or error code) is the first of its kind
// in the current run of failures to this server: only that one is printed (failure_memory.ts).
function isNew(s: Session, kind: TlsFailure, detail: u32): boolean {
    return tlsFailureIsNew(bufferData(s.name), HOST_NAME_BYTES + 1, ((kind as u64) << 32) | detail);
}

function reportHandshakeFailure(s: Session, r: s32): void {
    if (r !== X509_CERT_VERIFY_FAILED) {
        if (isNew(s, TlsFailure.HandshakeFailed, r as u32)) reportError(s, `handshake failed`, r);
        return;
    }
    const flags = sslGetVerifyResult(s.ssl);
    if (!isNew(s, TlsFailure.CertificateRejected, flags)) return;
    rprintf(`tls: ${nameOf(s)}: certificate rejected: ${verifyProblem(flags)} (flags ${flags})\n`);
}

// The first problem that explains a rejection, most fundamental first.
function verifyProblem(flags: u32): SString {
    if ((flags & BADCERT_NOT_TRUSTED) !== 0) return 'not issued by a trusted CA (unknown CA, or self-signed)';
    if ((flags & BADCERT_EXPIRED) !== 0) return 'expired';
    if ((flags & BADCERT_FUTURE) !== 0) return 'not valid yet';
    if ((flags & BADCERT_CN_MISMATCH) !== 0) return 'issued for another host name';
    return 'not acceptable';
}

function reportError(s: Session, what: SString, r: s32): void {
    const text = allocateBuffer(s.h, ERROR_TEXT_MAX);
    if (text === INVALID_ADDRESS) {
        rprintf(`tls: ${nameOf(s)}: ${what} (mbedtls error ${r})\n`);
        return;
    }
    strerror(r, bufferData(text) as CharPtr, ERROR_TEXT_MAX);
    rprintf(`tls: ${nameOf(s)}: ${what}: ${sstringOfBytes(bufferData(text), ERROR_TEXT_MAX)}\n`);
    deallocateBuffer(text);
}
