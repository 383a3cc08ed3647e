// TCP transport with octet-counting framing (RFC 6587): "LENGTH SP MESSAGE", many per segment.
// One connection at a time; a failed connect backs off, a connection that goes away is replaced
// after a fresh lookup of the server. Records leave the ring only when handed to a live
// connection, so lines written while the server is away wait in the ring (bounded; the ring
// counts what it cannot keep).
import { bytes, embedded, timestamp, u16, u32, u64 } from '../dialect';
import {
    allocateBuffer, Buffer, BufferHandler, bufferClear, bufferLength, bufferWriteByte, ClockId, ConnectionHandler,
    deallocateBuffer, directConnect, Heap, InputBufferHandler, INVALID_ADDRESS, isOk, kernNow, pushBuffer,
    kernelTimers, registerTimer, seconds, STATUS_OK, StatusHandler, Timer, TIMER_DISABLED, TimerHandler,
    timmDealloc,
} from '../nanos';
import { backoffDelay } from './backoff';
import { Config, Protocol } from './config';
import { isEmptyRecord, writeMessage } from './message';
import { READER_NET, recordNext, ringHead, ringRelease, ringTail } from './ring';
import { resolveStale, serverAddress, serverKnown } from './resolve';
import { writeDecimal } from './text';
import { tlsConnectStart } from './tls_bridge';

const enum LinkState { Idle, Connecting, Connected }

const BATCH_BYTES: bytes = 64 * 1024;
/** How long shutdown waits for the server before giving up on what is left. */
const SHUTDOWN_WAIT_SECONDS: u64 = 5;

let heap: Heap;
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
let deadline: Timer;

export function streamInit(h: Heap): void {
    heap = h;
}

function failed(): void {
    link = LinkState.Idle;
    nextTry = kernNow(ClockId.Monotonic) + backoffDelay(failures);
    failures++;
    resolveStale();
}

const onInput: InputBufferHandler = embedded((b) => {
    if (b !== null) return false;           // a syslog server has nothing to say
    // Teardown: the server went away (or we closed). Reconnect after a fresh lookup.
    out = null;
    failed();
    finishShutdown();
    return false;
});

const onConnected: ConnectionHandler = embedded((o) => {
    if (o === null) {
        failed();
        finishShutdown();
        return INVALID_ADDRESS;
    }
    link = LinkState.Connected;
    out = o;
    failures = 0;
    if (closing !== null) {
        // Shutdown started while connecting: send everything and close once this returns.
        closeAfterSending = true;
    }
    return onInput;
});

// Applies the shutdown completion, once.
function finishShutdown(): void {
    const done = closing;
    if (done === null) return;
    closing = null;
    done(STATUS_OK);
}

const onShutdownDeadline: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    finishShutdown();
});

function connect(c: Config): void {
    link = LinkState.Connecting;
    if (c.protocol === Protocol.Tls) {
        if (!tlsConnectStart(c, onConnected)) {
            failed();
            finishShutdown();
        }
        return;
    }
    const s = directConnect(heap, serverAddress(), c.port as u16, onConnected);
    if (!isOk(s)) {
        timmDealloc(s);
        failed();
        finishShutdown();
    }
}

// Frames the ring's records into one buffer and hands it to the connection; false when there was
// nothing to send (or the connection could not take it).
function sendBatch(c: Config, host: Buffer, scratch: Buffer, limit: bytes): boolean {
    if (out === null) return false;
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
    const s = out(b);
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
    if (link === LinkState.Connecting) return;
    if (link === LinkState.Idle) {
        if (kernNow(ClockId.Monotonic) >= nextTry) connect(c);
        return;
    }
    if (closeAfterSending) {
        closeAfterSending = false;
        sendAllAndClose();
        return;
    }
    sendBatch(c, host, scratch, BATCH_BYTES);
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
    closing = done;
    shutdownConfig = c;
    shutdownHost = host;
    shutdownScratch = scratch;
    registerTimer(kernelTimers, deadline, ClockId.Monotonic, seconds(SHUTDOWN_WAIT_SECONDS), false, 0,
                  onShutdownDeadline);
    if (link === LinkState.Idle) connect(c);
    else if (link === LinkState.Connected) sendAllAndClose();
}

function sendAllAndClose(): void {
    const c = shutdownConfig;
    const host = shutdownHost;
    const scratch = shutdownScratch;
    if (c === null || host === null || scratch === null || out === null) return;
    while (sendBatch(c, host, scratch, BATCH_BYTES)) {}
    const o: BufferHandler = out;
    o(null);
}
