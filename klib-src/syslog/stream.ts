// TCP transport with octet-counting framing (RFC 6587): "LENGTH SP MESSAGE", many per segment.
// One connection at a time; a failed connect backs off, a connection that goes away is replaced
// after a fresh lookup of the server. Records leave the ring only when handed to a live
// connection, so lines written while the server is away wait in the ring (bounded; the ring
// counts what it cannot keep).
//
// Locking. On SMP the flush timer, the shutdown completion, the shutdown deadline timer and the
// connection callbacks (onConnected, onInput: lwIP or direct's receive service, or the tls klib)
// can run on different CPUs at the same time. So:
// 1. Every module variable below `lock` is read and changed only with `lock` held, and the lock is
//    held only for that: a few loads and stores, no call that can come back into this file and
//    no other lock taken inside it (network.ts's guard may be held around it, never inside).
// 2. The lock is never held while calling out: the connection's output out(b) and out(0),
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
//    reader (the flush and the shutdown path) runs one at a time under network.ts's guard.
// What no lock here can cover: direct frees a connection as soon as onInput(0) returns and gives
// nothing to hold it by, so a send already past its last look at `out` when the server hangs up
// on another CPU still reaches that connection. sendBatch keeps that window to the call itself.
import { bytes, embedded, timestamp, u16, u32, u64 } from '../dialect';
import {
    allocateBuffer, Buffer, BufferHandler, bufferClear, bufferLength, bufferWriteByte, ClockId, ConnectionHandler,
    deallocateBuffer, directConnect, Heap, InputBufferHandler, INVALID_ADDRESS, isOk, kernNow, pushBuffer,
    kernelTimers, registerTimer, seconds, spinLockIrq, Spinlock, spinUnlockIrq, STATUS_OK, StatusHandler, Timer,
    TIMER_DISABLED, TimerHandler, timmDealloc,
} from '../nanos';
import { backoffDelay } from './backoff';
import { Config, Protocol } from './config';
import { isEmptyRecord, writeMessage } from './message';
import { READER_NET, recordNext, ringHead, ringRelease, ringTail } from './ring';
import { resolveStale, serverAddress, serverKnown } from './resolve';
import { writeDecimal } from './text';
import { tlsConnectStart } from './tls_bridge';

// Closing: out(0) has been applied (or is being applied); nothing more is sent, onInput(0) is due.
const enum LinkState { Idle, Connecting, Connected, Closing }

const BATCH_BYTES: bytes = 64 * 1024;
/** How long shutdown waits for the server before giving up on what is left. */
const SHUTDOWN_WAIT_SECONDS: u64 = 5;

let heap: Heap;
let deadline: Timer;
let lock: Spinlock;
let link: LinkState = LinkState.Idle;
let out: BufferHandler | null = null;
let failures: u32 = 0;
let nextTry: timestamp = 0;
/** The shutdown completion waiting for the connection to close after the last data. */
let closing: StatusHandler | null = null;
let closeAfterSending: boolean = false;
let shutdownConfig: Config | null = null;
let shutdownHost: Buffer | null = null;
let shutdownScratch: Buffer | null = null;

export function streamInit(h: Heap): void {
    heap = h;
}

// The connection is gone or never came: back off. Lock held.
function failed(): void {
    link = LinkState.Idle;
    out = null;
    nextTry = kernNow(ClockId.Monotonic) + backoffDelay(failures);
    failures++;
    resolveStale();
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
    // is why that call is made without the lock). Reconnect after a fresh lookup.
    const flags = spinLockIrq(lock);
    failed();
    const done = takeShutdown();
    spinUnlockIrq(lock, flags);
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
    // Shutdown started while connecting: the next flush sends everything and closes (not here:
    // the connection is not usable until this returns).
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

// Starts a connection; true when onConnected will be called. Lock not held.
function startConnection(c: Config): boolean {
    if (c.protocol === Protocol.Tls) return tlsConnectStart(c, onConnected);
    const s = directConnect(heap, serverAddress(), c.port as u16, onConnected);
    if (isOk(s)) return true;
    timmDealloc(s);
    return false;
}

// The caller has made link Connecting (under the lock), so no other connect can start meanwhile.
function connect(c: Config): void {
    if (startConnection(c)) return;
    // onConnected will not be called, so the Connecting state is still ours to end.
    const flags = spinLockIrq(lock);
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

// Frames the ring's records into one buffer and hands it to the connection; false when there was
// nothing to send (or the connection could not take it).
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
            bufferWriteByte(b, 32);
            pushBuffer(b, scratch);
        }
        pos = recordNext(pos);
    }
    if (bufferLength(b) === 0) {
        deallocateBuffer(b);
        ringRelease(READER_NET, pos);
        return true;
    }
    // Looked at again: the connection may have gone (or begun closing) while the batch was built.
    const o = liveOutput();
    if (o === null) {
        deallocateBuffer(b);
        return false;
    }
    const s = o(b);
    if (!isOk(s)) {
        // Only an allocation failure inside the kernel: keep the records for the next flush.
        timmDealloc(s);
        return false;
    }
    ringRelease(READER_NET, pos);
    return true;
}

/** Connects when due, or sends what the ring holds. */
export function streamFlush(c: Config, host: Buffer, scratch: Buffer): void {
    const flags = spinLockIrq(lock);
    const connectNow = link === LinkState.Idle && kernNow(ClockId.Monotonic) >= nextTry;
    if (connectNow) link = LinkState.Connecting;
    const closeNow = link === LinkState.Connected && closeAfterSending;
    if (closeNow) closeAfterSending = false;
    const sendNow = link === LinkState.Connected && !closeNow;
    spinUnlockIrq(lock, flags);
    if (connectNow) connect(c);
    else if (closeNow) sendAllAndClose();
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
    const sendNow = link === LinkState.Connected;
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
    // direct may tear down inside this call and apply onInput(0), which takes the lock: hence
    // the lock is free here.
    if (o !== null) o(null);
}
