// TCP transport with octet-counting framing (RFC 6587): "LENGTH SP MESSAGE", many per segment.
// One connection at a time; a failed connect backs off, a connection that goes away is replaced
// after a fresh lookup of the server, and a connection to an address that a later lookup replaced
// is closed (after what it was given) and made again to the new address. Records leave the ring
// only when handed to a live connection, so lines written while the server is away wait in the
// ring (bounded; the ring counts what it cannot keep).
//
// Locking. On SMP the flush timer, the shutdown completion, the shutdown deadline timer and the
// connection callbacks (onConnected, onInput: direct's receive service, lwIP's context, or the tls
// klib) can run on different CPUs at the same time. So:
// 1. Every module variable below `lock` is read and changed only with `lock` held, and the lock is
//    held only for that: a few loads and stores, no call that can come back into this file, and
//    no other lock taken inside it but resolve.ts's (which takes none and calls nothing);
//    network.ts's guard and `sendLock` may be held around it.
// 2. `lock` is never held while calling out: the connection's output out(b) and out(0),
//    direct_connect or the TLS connector, the shutdown completion, register_timer. Those can call
//    back into this file before they return (out(0) tears the connection down and applies
//    onInput(0) inside; the tls klib may do the same inside out(b); a connect may fail at once),
//    and a spinlock taken twice on one CPU never comes free.
// 3. So every path decides under the lock, claims what it is about to do in the state (link
//    becomes Connecting before a connect starts and Closing before out(0); the shutdown completion
//    is taken out of `closing` before it is applied, so it is applied once), copies what it needs
//    into locals, drops the lock, calls out, and takes the lock again to look at the state afresh:
//    the connection may have gone meanwhile.
// 4. Framing the ring's records happens without the lock: the ring has its own, and its network
//    reader (the flush and the shutdown path) runs one at a time under network.ts's guard. That
//    guard also makes every out(b) and out(0) of ours come from one CPU at a time, in order.
// 5. `sendLock` is held across each out(b), and onInput(0) takes it before anything else. direct
//    (src/net/direct.c) frees the connection, with nothing to hold it by, as soon as onInput(0)
//    returns, and its teardown takes no lock that its send path takes; the tls klib's session
//    (klib-src/tls/session.ts) is likewise freed once onInput(0) was applied. So a send on another
//    CPU must be over before onInput(0) returns, and a send that starts later must see `link` no
//    longer Connected (it looks under sendLock). Neither direct's out(b) nor the tls session's
//    ever applies onInput itself (direct's only inside out(0), and out(0) comes after every
//    out(b), rule 4; the tls session hands what it has to tell during a write to another context,
//    its rule 6), so sendLock is never taken twice on a CPU; out(0) is called without it, since
//    both may apply onInput(0) inside out(0).
// What no lock here can cover (the kernel interface gives nothing to order against):
// a. our out(0) racing the server's reset on another CPU: direct may run its teardown twice
//    (inside out(0), and in its receive service). out(0) is only used at shutdown and when the
//    server's address changed (a move).
// b. out(0) between onConnected returning on one CPU and direct storing the input handler it
//    returned (the next few instructions of direct's receive service): direct would free the
//    connection without applying onInput(0) and then store into freed memory. So we close a
//    connection only once a flush has seen it connected and a later flush comes (`settled`): at
//    least one flush interval (200 ms) after onConnected returned. Only a CPU stalled that long
//    inside those instructions (a preempted vCPU) still meets the window.
// c. with TLS, item a is the tls session's (its header, item a): our out(0) racing an end from the
//    server (a reset or its close_notify) on another CPU may reach the session after it told
//    onInput(0) and was freed, and beneath it direct's own out(0) may race the reset as in item a.
//    Item b does not arise with TLS: an out(0) while the session is still storing what onConnected
//    returned finds the session's runner busy and is only recorded (`settled` waits all the same).
import { bytes, embedded, timestamp, u16, u32, u64 } from '../dialect';
import {
    allocateBuffer, Buffer, BufferHandler, bufferClear, bufferLength, bufferWriteByte, ClockId, ConnectionHandler,
    deallocateBuffer, directConnect, Heap, InputBufferHandler, INVALID_ADDRESS, IpAddr, isOk, kernNow, pushBuffer,
    kernelTimers, registerTimer, seconds, spinLock, spinLockIrq, Spinlock, spinUnlock, spinUnlockIrq, STATUS_OK,
    StatusHandler, Timer, TIMER_DISABLED, TimerHandler, timmDealloc,
} from '../nanos';
import { backoffDelay } from './backoff';
import { Config, Protocol } from './config';
import { isEmptyRecord, writeMessage } from './message';
import { READER_NET, recordNext, ringHead, ringRelease, ringTail } from './ring';
import { resolveCopyAddress, resolveGeneration, resolveInFlight, resolveStale, serverKnown } from './resolve';
import { writeDecimal } from './text';
import { tlsConnectStart } from './tls_bridge';

// Closing: out(0) has been applied (or is being applied); nothing more is sent, onInput(0) is due.
const enum LinkState { Idle, Connecting, Connected, Closing }

const BATCH_BYTES: bytes = 64 * 1024;
/** How long shutdown waits for the server before giving up on what is left. */
const SHUTDOWN_WAIT_SECONDS: u64 = 5;

// Set at init, then only read.
let heap: Heap;
// Used by the network path only (one at a time, under network.ts's guard).
let deadline: Timer;
let target: IpAddr;
/** Held across out(b) to direct (rule 5). */
let sendLock: Spinlock;

let lock: Spinlock;
let link: LinkState = LinkState.Idle;
let out: BufferHandler | null = null;
/** The generation (resolve.ts) of the address the connection was made to. */
let linkGeneration: u32 = 0;
/** The connection is being closed because the server's address changed: reconnect at once. */
let moving: boolean = false;
let failures: u32 = 0;
let nextTry: timestamp = 0;
/** The shutdown completion waiting for the connection to close after the last data. */
let closing: StatusHandler | null = null;
let closeAfterSending: boolean = false;
/** A flush has seen the connection up: the next one may close it (window b above). */
let settled: boolean = false;
let shutdownConfig: Config | null = null;
let shutdownHost: Buffer | null = null;
let shutdownScratch: Buffer | null = null;

export function streamInit(h: Heap, c: Config): void {
    heap = h;
}

// The connection is gone or never came: back off. Lock held.
function failed(): void {
    link = LinkState.Idle;
    out = null;
    moving = false;
    nextTry = kernNow(ClockId.Monotonic) + backoffDelay(failures);
    failures++;
    resolveStale();     // resolve.ts's lock inside ours: it takes no other lock and never calls out
}

// Takes the shutdown completion, if one is due, so that only its taker applies it. Lock held.
function takeShutdown(): StatusHandler | null {
    const done = closing;
    closing = null;
    return done;
}

// Applies what takeShutdown took. Lock not held: the completion may lead anywhere.
function finishShutdown(done: StatusHandler | null): void {
    if (done !== null) done(STATUS_OK);
}

const onInput: InputBufferHandler = embedded((b) => {
    if (b !== null) return false;           // a syslog server has nothing to say
    // Teardown: the server went away, or we closed (then we may be inside our own out(0), which
    // is why that call is made without either lock). direct frees the connection when this
    // returns: a send under way on another CPU finishes first (rule 5).
    spinLock(sendLock);
    const flags = spinLockIrq(lock);
    let done: StatusHandler | null = null;
    if (moving) {
        // Closed by us for a new address: connect again at once (a shutdown that began meanwhile
        // goes on with the new connection, see onConnected).
        link = LinkState.Idle;
        out = null;
        moving = false;
        nextTry = 0;
    } else {
        // Reconnect after a fresh lookup.
        failed();
        done = takeShutdown();
    }
    spinUnlockIrq(lock, flags);
    spinUnlock(sendLock);
    finishShutdown(done);
    return false;
});

const onConnected: ConnectionHandler = embedded((o) => {
    const flags = spinLockIrq(lock);
    if (o === null) {
        failed();
        const done = takeShutdown();
        spinUnlockIrq(lock, flags);
        finishShutdown(done);
        return INVALID_ADDRESS;
    }
    link = LinkState.Connected;
    out = o;
    failures = 0;
    settled = false;
    // Shutdown started while connecting: a flush sends everything and closes (not here: the
    // connection is not usable until this returns, nor closable until it has settled).
    if (closing !== null) closeAfterSending = true;
    spinUnlockIrq(lock, flags);
    return onInput;
});

const onShutdownDeadline: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    const flags = spinLockIrq(lock);
    const done = takeShutdown();
    spinUnlockIrq(lock, flags);
    finishShutdown(done);
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
    const generation = resolveCopyAddress(target);
    let flags = spinLockIrq(lock);
    linkGeneration = generation;
    spinUnlockIrq(lock, flags);
    if (startConnection(c)) return;
    // onConnected will not be called, so the Connecting state is still ours to end.
    flags = spinLockIrq(lock);
    failed();
    const done = takeShutdown();
    spinUnlockIrq(lock, flags);
    finishShutdown(done);
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

// Frames the ring's records into one buffer and hands it to the connection; false when there was
// nothing to send (or the connection could not take it: the records stay for the next flush).
function sendBatch(c: Config, host: Buffer, scratch: Buffer, limit: bytes): boolean {
    if (liveOutput() === null) return false;
    const end = ringHead();
    let pos = ringTail(READER_NET);
    if (pos === end) return false;
    const b = allocateBuffer(heap, limit + c.maxMessage + 512);
    if (b === INVALID_ADDRESS) return false;
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
    if (bufferLength(b) === 0) {
        deallocateBuffer(b);
        ringRelease(READER_NET, pos);
        return true;
    }
    // Looked at again (under sendLock): the connection may have gone while the batch was built.
    if (!handOver(b)) return false;
    ringRelease(READER_NET, pos);
    return true;
}

// Closes the connection because the server's address changed; the next flush connects to the new one.
function move(): void {
    const flags = spinLockIrq(lock);
    const o = link === LinkState.Connected ? out : null;
    if (o !== null) {
        link = LinkState.Closing;
        moving = true;
    }
    spinUnlockIrq(lock, flags);
    // direct closes after what it was given, and applies onInput(0) then (maybe inside this call).
    if (o !== null) o(null);
}

/** Connects when due, or sends what the ring holds. */
export function streamFlush(c: Config, host: Buffer, scratch: Buffer): void {
    const generation = resolveGeneration();
    // A connection waits for a lookup under way: the address may be about to change.
    const answerDue = resolveInFlight();
    const flags = spinLockIrq(lock);
    const connectNow = link === LinkState.Idle && !answerDue && kernNow(ClockId.Monotonic) >= nextTry;
    if (connectNow) link = LinkState.Connecting;
    const up = link === LinkState.Connected;
    const closable = up && settled;
    if (up) settled = true;
    const closeNow = closable && closeAfterSending;
    if (closeNow) closeAfterSending = false;
    const moveNow = closable && !closeNow && closing === null && generation !== linkGeneration;
    const sendNow = up && !closeNow && !moveNow;
    spinUnlockIrq(lock, flags);
    if (connectNow) connect(c);
    else if (closeNow) sendAllAndClose();
    else if (moveNow) move();
    else if (sendNow) sendBatch(c, host, scratch, BATCH_BYTES);
}

/**
 * At shutdown: connects if need be (without waiting for the backoff), sends everything, closes,
 * and applies `done` once the connection is gone, or after SHUTDOWN_WAIT at the latest.
 */
export function streamShutdown(c: Config, host: Buffer | null, scratch: Buffer, done: StatusHandler): void {
    if (host === null || !serverKnown()) {
        done(STATUS_OK);
        return;
    }
    const flags = spinLockIrq(lock);
    closing = done;
    shutdownConfig = c;
    shutdownHost = host;
    shutdownScratch = scratch;
    const connectNow = link === LinkState.Idle;
    if (connectNow) link = LinkState.Connecting;
    // A connection not settled yet is closed by a later flush (window b above).
    const sendNow = link === LinkState.Connected && settled;
    if (link === LinkState.Connected && !settled) closeAfterSending = true;
    spinUnlockIrq(lock, flags);
    // Armed before anything can apply `done`; once `done` is taken the deadline finds nothing.
    registerTimer(kernelTimers, deadline, ClockId.Monotonic, seconds(SHUTDOWN_WAIT_SECONDS), false, 0,
                  onShutdownDeadline);
    if (connectNow) connect(c);
    else if (sendNow) sendAllAndClose();
}

function sendAllAndClose(): void {
    let flags = spinLockIrq(lock);
    const c = shutdownConfig;
    const host = shutdownHost;
    const scratch = shutdownScratch;
    spinUnlockIrq(lock, flags);
    if (c === null || host === null || scratch === null) return;
    while (sendBatch(c, host, scratch, BATCH_BYTES)) {}
    flags = spinLockIrq(lock);
    const o = link === LinkState.Connected ? out : null;
    if (o !== null) link = LinkState.Closing;
    spinUnlockIrq(lock, flags);
    // direct may tear down inside this call and apply onInput(0), which takes both locks: hence
    // neither is held here.
    if (o !== null) o(null);
}
