// One TLS connection over `direct`: the handshake, then plaintext both ways, then close_notify.
//
// Life cycle. direct_connect() calls tcpConnected() with its output (or 0 when the connect failed);
// the handshake runs as ciphertext arrives; when it succeeds the application's connection handler
// gets our plaintext output (appWrite), and decrypted data goes to the input handler it returned.
// Whatever ends the connection (close_notify from either side, a fatal error, a failed
// verification, the handshake timeout), we close TCP with out(0); direct then calls our input
// handler with 0, and only then is the session freed. direct may make that call re-entrantly,
// inside out(0), and the application may close from inside our calls to it: `busy` counts our
// frames on the stack, and the end (telling the application, freeing) waits until the outermost
// one returns.
import { bytes, oneShot, closure, s32, u16, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, BytePtr, bufferLength, ClockId, deallocate, deallocateBuffer, Heap, INVALID_ADDRESS,
    initTimer, isOk, kernelTimers, registerTimer, removeTimer, rprintf, seconds, SString, Status, STATUS_OK, Timer,
    TIMER_DISABLED, TimerHandler, timmDealloc, VoidPtr,
} from '../nanos';
import {
    BADCERT_CN_MISMATCH, BADCERT_EXPIRED, BADCERT_FUTURE, BADCERT_NOT_TRUSTED, BytePtrOut, CharPtr, ConstBytePtr,
    ConstCharPtr, SizeT, SSL_CONN_EOF, SSL_OUT_CONTENT_LEN, SSL_PEER_CLOSE_NOTIFY, SSL_WANT_READ, SSL_WANT_WRITE,
    SslContext, sslCloseNotify, sslFree, sslGetVerifyResult, sslHandshake, sslInit, sslRead, sslSetBio,
    sslSetHostname, sslSetup, sslWrite, strerror, X509_CERT_VERIFY_FAILED,
} from '../nanos/mbedtls';
import { BufferHandler, ConnectionHandler, directConnect, InputBufferHandler, IpAddr } from '../nanos/net';
import { bufferData, deallocateClosure } from '../nanos/buffers';
import { bufferConsume, bufferWrite } from '../nanos/values';
import {
    ipaddrToText, runtimeMemcpy, sstringBytes, sstringLength, sstringOfBytes, stackWrapBuffer,
} from '../nanos/tls';
import { TlsTrust } from './trust_store';

const enum Phase { Connecting, Handshaking, Open, Closed }

// Host names longer than DNS allows are refused.
const HOST_NAME_BYTES: bytes = 254;
// Plaintext is handed to the application in pieces of at most this many bytes.
const PLAIN_CHUNK: bytes = 16384;
const ERROR_TEXT_MAX: bytes = 120;

interface Session {
    h: Heap;
    ssl: SslContext;
    phase: Phase;
    // direct's output while TCP is up; 0 once direct has torn the connection down
    out: BufferHandler | null;
    tcpGone: boolean;
    // out(0) has been applied (or, inside the connection handler, is due)
    closing: boolean;
    inConnectHandler: boolean;
    busy: u32;
    app: ConnectionHandler;
    appCalled: boolean;
    appInput: InputBufferHandler | null;
    appOut: BufferHandler | null;
    input: InputBufferHandler | null;
    // ciphertext received and not yet taken by mbedtls
    rx: Buffer;
    plain: Buffer;
    // NUL-terminated: the host name, or the address as text, for messages
    name: Buffer;
    handshakeTimeout: u64;
    timer: Timer;
    timerArmed: boolean;
}

/**
 * Starts a TLS connection to addr:port verified by trust; with a host name (not empty) it is sent
 * as SNI and the certificate must be for it. Returns 0 when the TCP connect started; then ch is
 * called once: with our plaintext output after a good handshake, or with 0 when the connection or
 * the handshake failed. A negative result means nothing started and ch will not be called.
 */
export function tlsStartSession(h: Heap, trusted: TlsTrust, host: SString, addr: IpAddr, port: u16,
                             ch: ConnectionHandler, handshakeTimeout: u64): s32 {
    const hostLength = sstringLength(host);
    if (hostLength > HOST_NAME_BYTES) {
        rprintf(`tls: host name too long (${hostLength} bytes)\n`);
        return -1;
    }
    const s = allocate<Session>(h);
    if (s === INVALID_ADDRESS) return -1;
    s.h = h;
    s.phase = Phase.Connecting;
    s.out = null;
    s.tcpGone = false;
    s.closing = false;
    s.inConnectHandler = false;
    s.busy = 0;
    s.app = ch;
    s.appCalled = false;
    s.appInput = null;
    s.appOut = null;
    s.input = null;
    s.handshakeTimeout = handshakeTimeout;
    s.timerArmed = false;
    initTimer(s.timer);
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
    if (s.appOut === INVALID_ADDRESS || s.input === INVALID_ADDRESS) return abandon(s);
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

// Undoes a start that failed before anything was under way: ch is not called.
function abandon(s: Session): s32 {
    if (s.appOut === INVALID_ADDRESS) s.appOut = null;
    if (s.input === INVALID_ADDRESS) s.input = null;
    destroy(s);
    return -1;
}

function destroy(s: Session): void {
    sslFree(s.ssl);
    if (s.rx !== INVALID_ADDRESS) deallocateBuffer(s.rx);
    if (s.plain !== INVALID_ADDRESS) deallocateBuffer(s.plain);
    if (s.name !== INVALID_ADDRESS) deallocateBuffer(s.name);
    if (s.appOut !== null) deallocateClosure(s.appOut);
    if (s.input !== null) deallocateClosure(s.input);
    deallocate<Session>(s.h, s);
}

function nameOf(s: Session): SString {
    return sstringOfBytes(bufferData(s.name), HOST_NAME_BYTES + 1);
}

// ---- the stack discipline: the end of a session waits for its outermost frame ----

function enter(s: Session): void {
    s.busy++;
}

// Returns true when the session ended (and is gone).
function leave(s: Session): boolean {
    s.busy--;
    if (s.busy > 0 || !s.tcpGone) return false;
    s.busy++;   // calls to the application below may call us back
    s.phase = Phase.Closed;
    if (s.appCalled) {
        const appInput = s.appInput;
        s.appInput = null;
        if (appInput !== null) appInput(null);
    } else {
        s.appCalled = true;
        s.app(null);
    }
    destroy(s);
    return true;
}

// Closes TCP (after what is queued). direct may tear down at once and call tcpInput(0) inside.
function closeTcp(s: Session): void {
    if (s.closing) return;
    s.closing = true;
    disarmTimer(s);
    // Inside the connection handler, the refusal is our answer to direct instead of out(0).
    if (s.inConnectHandler) return;
    const out = s.out;
    if (out !== null) out(null);
}

// ---- TCP events ----

function tcpConnected(s: Session, out: BufferHandler | null): InputBufferHandler {
    enter(s);
    if (out === null) {
        rprintf(`tls: ${nameOf(s)}: connection failed\n`);
        s.tcpGone = true;
        leave(s);
        return INVALID_ADDRESS;
    }
    s.out = out;
    s.phase = Phase.Handshaking;
    armTimer(s);
    s.inConnectHandler = true;
    advance(s);
    s.inConnectHandler = false;
    if (s.closing) {
        // Refused: direct closes without calling the input handler.
        s.out = null;
        s.tcpGone = true;
        leave(s);
        return INVALID_ADDRESS;
    }
    const input = s.input!;
    leave(s);
    return input;
}

function tcpInput(s: Session, b: Buffer | null): boolean {
    enter(s);
    if (b === null) {
        if (s.phase === Phase.Handshaking && !s.closing) rprintf(`tls: ${nameOf(s)}: connection lost during the handshake\n`);
        s.out = null;
        s.tcpGone = true;
        disarmTimer(s);
        leave(s);
        return false;
    }
    if (!s.closing) {
        if (bufferWrite(s.rx, bufferData(b), bufferLength(b))) {
            advance(s);
        } else {
            rprintf(`tls: ${nameOf(s)}: out of memory for received data\n`);
            closeTcp(s);
        }
    }
    const closed = s.closing;
    leave(s);
    return closed;
}

// ---- mbedtls's transport ----

// Each record is copied into a buffer of its own that direct takes: nothing refers to mbedtls's
// record buffer after this returns, however long the data waits in direct's queue.
function sendCiphertext(ctx: VoidPtr, buf: ConstBytePtr, len: SizeT): s32 {
    const s = ctx as Session;
    const out = s.out;
    if (out === null || s.closing) return SSL_CONN_EOF;
    const b = allocateBuffer(s.h, len);
    if (b === INVALID_ADDRESS) return SSL_CONN_EOF;
    bufferWrite(b, buf as BytePtr, len);
    const sent: Status = out(b);
    if (!isOk(sent)) {
        timmDealloc(sent);
        deallocateBuffer(b);
        return SSL_CONN_EOF;
    }
    return len as s32;
}

function receiveCiphertext(ctx: VoidPtr, buf: BytePtrOut, len: SizeT): s32 {
    const s = ctx as Session;
    const available = bufferLength(s.rx);
    if (available === 0) return SSL_WANT_READ;
    const n = available < len ? available : len;
    runtimeMemcpy(buf, bufferData(s.rx), n);
    bufferConsume(s.rx, n);
    return n as s32;
}

// ---- the protocol ----

// Moves the connection on with what has been received.
function advance(s: Session): void {
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
    s.appCalled = true;
    const appInput = s.app(s.appOut);
    if (appInput === INVALID_ADDRESS) {
        // The application refused the connection: never call what it returned.
        s.appInput = null;
        closeNotify(s);
        return;
    }
    s.appInput = appInput;
}

function readPlaintext(s: Session): void {
    while (s.phase === Phase.Open && !s.closing) {
        const r = sslRead(s.ssl, bufferData(s.plain), PLAIN_CHUNK);
        if (r > 0) {
            const appInput = s.appInput;
            if (appInput !== null && appInput(stackWrapBuffer(bufferData(s.plain), r as bytes))) return;
            continue;
        }
        if (r === SSL_WANT_READ || r === SSL_WANT_WRITE) return;
        if (r === SSL_PEER_CLOSE_NOTIFY || r === 0) {
            closeNotify(s);
            return;
        }
        reportError(s, `read failed`, r);
        closeTcp(s);
        return;
    }
}

// Our close_notify, then the TCP close.
function closeNotify(s: Session): void {
    if (s.closing) return;
    sslCloseNotify(s.ssl);
    closeTcp(s);
}

// The application's output: plaintext of any size, cut into records; 0 closes.
function appWrite(s: Session, b: Buffer | null): Status {
    enter(s);
    if (b === null) {
        if (s.phase === Phase.Open) closeNotify(s);
        leave(s);
        return STATUS_OK;
    }
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
    // The stock interface owns b from here, whatever happened: callers do not free it again.
    deallocateBuffer(b);
    leave(s);
    return STATUS_OK;
}

// ---- the handshake timeout ----

function armTimer(s: Session): void {
    if (s.handshakeTimeout === 0) return;
    const fire: TimerHandler = oneShot(s.h, (expiry: u64, overruns: u64) => handshakeTimerFired(s, overruns));
    if (fire === INVALID_ADDRESS) return;
    s.timerArmed = true;
    registerTimer(kernelTimers, s.timer, ClockId.Monotonic, seconds(s.handshakeTimeout), false, 0, fire);
}

function disarmTimer(s: Session): void {
    if (!s.timerArmed) return;
    s.timerArmed = false;
    removeTimer(kernelTimers, s.timer);
}

function handshakeTimerFired(s: Session, overruns: u64): void {
    if (overruns === TIMER_DISABLED) return;
    s.timerArmed = false;
    if (s.phase !== Phase.Handshaking || s.closing) return;
    enter(s);
    rprintf(`tls: ${nameOf(s)}: handshake timed out after ${s.handshakeTimeout} s\n`);
    closeTcp(s);
    leave(s);
}

// ---- messages ----

function reportHandshakeFailure(s: Session, r: s32): void {
    if (r !== X509_CERT_VERIFY_FAILED) {
        reportError(s, `handshake failed`, r);
        return;
    }
    const flags = sslGetVerifyResult(s.ssl);
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
