// The sink runtime: ships a log pipe's lines to an API, the API known only through a SinkApi
// record (sink.ts). It owns the console driver (copy into the ring, and a kick when the ring fills
// up), the flush timer, the setup requests before the first batch, taking a batch and making its
// body in parts as it is sent, the answer's outcome (release, retry or drop), pacing, the retry
// policy (retry.ts), failure lines (lib/failures.ts), counters (stats.ts) and the drain at
// shutdown (lib/shutdown_deadline.ts holds the VM's halt; lines after its release are flushed from
// a zero-delay timer). README.md describes the policy; docs/adding-a-sink.md how a sink uses it.
//
// One request in flight at a time, on the endpoint's kept-alive connection. Everything here runs
// on the flush path (timers, the HTTP client's completion), one call at a time; the console
// driver's write runs anywhere and only copies (logpipe/writer.ts) and arms the kick timer.
import { bytes, closure, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, attachConsoleDriver, bprintf, Buffer, bufferData, bufferLength, bufferReset,
    bufferWriteFrom, ClockId, ConsoleDriver, CString, Heap, INVALID_ADDRESS, initTimer, isOk, kernelTimers, kernNow,
    milliseconds, registerTimer, removeTimer, rprintf, seconds, SString, Status, StatusHandler, statusResultText, STATUS_OK,
    Thunk, Timer, TIMER_DISABLED, TimerHandler, timerIsActive, timmDealloc, VoidPtr,
} from '../nanos';
import { HTTP_BODY_PART, HttpBodyParts } from '../lib/http_client';
import { Endpoint, endpointFailure, endpointUnresolved, endpointWriteReason } from '../lib/endpoint';
import {
    failureCounted, failureKindHttp, failureNoted, failureRecovered, FailureRun, failureRunNew,
} from '../lib/failures';
import { shutdownConsoleWritten, shutdownReleased, shutdownSetLateFlush } from '../lib/shutdown_deadline';
import { logpipeBatchBytes, logpipeFirstEvent, logpipeFlushTick, logpipeNextEvent, logpipeRelease, logpipeTakeBatch,
    logpipeUsed } from './batch';
import { KeptBody, keptBodyNew, keptBodyRenew } from './kept_body';
import { LogEvent, LogPipe } from './ring';
import { logpipeRetryCreate, logpipeRetryDelay, logpipeRetryReset, LogpipeRetry } from './retry';
import { BodyCursor, SinkAnswer, sinkAnswerNew, SinkApi, SinkOutcome, SinkSetupStep } from './sink';
import { ShipperStats, shipperStatsNew, shipperStatsPrint } from './stats';
import { logpipeWrite } from './writer';

/** The retry policy's numbers (README.md): the first delays are below half a second, none above a minute. */
export const RETRY_BASE_MS: u64 = 500;
export const RETRY_CAP_SECONDS: u64 = 60;

/** Spare room asked for beyond twice the batch's bytes: the body's head and tail, a part's worth. */
const KEPT_BODY_SLACK: u64 = 32 * 1024;

export const enum BodyPhase { Head, Events, Tail, Done }

export interface Shipper {
    /**
     * The console driver, first: the kernel calls its write with the driver's address, which is
     * then the shipper's (shipperConsoleWrite).
     */
    driver: ConsoleDriver;
    h: Heap;
    /** The klib's name, at the start of its console lines. */
    klib: SString;
    pipe: LogPipe;
    api: SinkApi;
    /** Where the requests go: null until the sink's endpoint is known (shipperConnect). */
    endpoint: Endpoint | null;
    flushInterval: timestamp;
    statsInterval: timestamp;
    /** Ring bytes in use from which a batch is full: it goes at once, and the console path kicks the flush path. */
    fullBytes: u64;
    retry: LogpipeRetry;
    /** Failure runs (from shipperConnect): batch requests that failed, lines the service refused, setup requests. */
    sending: FailureRun | null;
    refusing: FailureRun | null;
    setting: FailureRun | null;
    answer: SinkAnswer;
    reason: Buffer;
    stats: ShipperStats;
    /** The setup requests are done (until an answer asks for them again). */
    setupDone: boolean;
    /** A request is in flight; it carries the batch (not a setup request). */
    inFlight: boolean;
    batchInFlight: boolean;
    /** The batch taken has been sent before: sending it again is a retry. */
    sentBefore: boolean;
    /**
     * When the last batch request was sent (monotonic; 0: none yet), for pacing: counted from the
     * send, not the answer, so that a line waits at most a flush interval and one request.
     */
    lastSent: timestamp;
    /** The body being made: phase, event, cursor. */
    phase: BodyPhase;
    event: LogEvent | null;
    cursor: BodyCursor;
    shutdownDone: StatusHandler | null;
    flushTimer: Timer;
    kickTimer: Timer;
    retryTimer: Timer;
    paceTimer: Timer;
    statsTimer: Timer;
    onFlush: TimerHandler;
    onKick: TimerHandler;
    onWake: TimerHandler;
    onStats: TimerHandler;
    onAnswer: StatusHandler;
    bodyParts: HttpBodyParts;
    /** The body made once and read twice, when the sink reads it twice (SinkApi.bodyReadTwice); else null. */
    kept: KeptBody | null;
    onLateLine: Thunk;
}

/**
 * A shipper for `pipe` (its limits set) to the API `api`, a batch every `flushInterval` at most
 * while batches are not full, a stats line every `statsInterval` (0: only at shutdown). Lines are
 * kept from shipperStart on, and sent once the endpoint is known (shipperConnect) and the sink is
 * ready. Null when out of memory.
 */
export function shipperNew(h: Heap, klib: SString, pipe: LogPipe, api: SinkApi, flushInterval: timestamp,
                           statsInterval: timestamp): Shipper | null {
    const s: Shipper = allocate<Shipper>(h);
    if (s === INVALID_ADDRESS) return null;
    const retry = logpipeRetryCreate(h, milliseconds(RETRY_BASE_MS), seconds(RETRY_CAP_SECONDS));
    const answer = sinkAnswerNew(h);
    const stats = shipperStatsNew(h);
    s.cursor = allocate<BodyCursor>(h);
    s.reason = allocateBuffer(h, 160);
    if (retry === null || answer === null || stats === null || s.cursor === INVALID_ADDRESS ||
        s.reason === INVALID_ADDRESS) return null;
    s.h = h;
    s.klib = klib;
    s.pipe = pipe;
    s.api = api;
    s.endpoint = null;
    s.sending = null;
    s.refusing = null;
    s.setting = null;
    s.flushInterval = flushInterval;
    s.statsInterval = statsInterval;
    // An eighth of the ring (a burst: waiting would lose lines), or one request's worth.
    const eighth: u64 = pipe.size >> 3;
    s.fullBytes = eighth < pipe.maxBytes ? eighth : pipe.maxBytes;
    s.retry = retry;
    s.answer = answer;
    s.stats = stats;
    s.setupDone = false;
    s.inFlight = false;
    s.batchInFlight = false;
    s.sentBefore = false;
    s.lastSent = 0;
    s.phase = BodyPhase.Done;
    s.event = null;
    s.shutdownDone = null;
    initTimer(s.flushTimer);
    initTimer(s.kickTimer);
    initTimer(s.retryTimer);
    initTimer(s.paceTimer);
    initTimer(s.statsTimer);
    s.onFlush = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        if (logpipeFlushTick(s.pipe, false)) pump(s);
    });
    s.onKick = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        pump(s);
    });
    s.onWake = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        pump(s);
        checkDrained(s);
    });
    s.onStats = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        shipperStatsPrint(s.klib, s.stats, s.pipe);
    });
    s.onAnswer = closure(h, (st: Status) => {
        answered(s, st);
    });
    s.bodyParts = closure(h, (b: Buffer | null): boolean => {
        if (b === null) {
            s.phase = BodyPhase.Head;
            return false;
        }
        return writePart(s, b);
    });
    // A console line after the VM's halt was released (the kernel's last lines): sent at once.
    s.onLateLine = closure(h, () => {
        if (logpipeFlushTick(s.pipe, true)) pump(s);
    });
    if (s.onFlush === INVALID_ADDRESS || s.onKick === INVALID_ADDRESS || s.onWake === INVALID_ADDRESS ||
        s.onStats === INVALID_ADDRESS || s.onAnswer === INVALID_ADDRESS || s.bodyParts === INVALID_ADDRESS ||
        s.onLateLine === INVALID_ADDRESS) return null;
    s.kept = null;
    if (api.bodyReadTwice) {
        s.kept = keptBodyNew(h, pipe, s.bodyParts);
        if (s.kept === null) return null;
    }
    return s;
}

/**
 * The console driver's write (any context, console lock held): copy into the ring and, when the
 * ring fills up, arm the timer that runs the flush path at once. No allocation, no printing.
 */
function shipperConsoleWrite(d: VoidPtr, text: CString, count: bytes): void {
    // The driver is the shipper's first field: its address is the shipper's.
    const s = d as Shipper;
    const p = s.pipe;
    logpipeWrite(p, text, count);
    if (p.head - p.tail > s.fullBytes && !timerIsActive(s.kickTimer)) {
        registerTimer(kernelTimers, s.kickTimer, ClockId.Monotonic, 0, false, 0, s.onKick);
    }
    shutdownConsoleWritten();
}

/** Attaches the console driver and starts the timers: lines are kept from now on, sent once api.ready(). */
export function shipperStart(s: Shipper): void {
    // The record comes from a heap, not zeroed: every field the kernel reads is set.
    s.driver.write = shipperConsoleWrite;
    s.driver.config = null;
    s.driver.name = s.klib;
    s.driver.disabled = false;
    attachConsoleDriver(s.driver);
    registerTimer(kernelTimers, s.flushTimer, ClockId.Monotonic, s.flushInterval, false, s.flushInterval, s.onFlush);
    if (s.statsInterval > 0) {
        registerTimer(kernelTimers, s.statsTimer, ClockId.Monotonic, s.statsInterval, false, s.statsInterval, s.onStats);
    }
    shutdownSetLateFlush(s.onLateLine);
}

/** The requests go to `to` from now on (once the sink is ready). False when out of memory. */
export function shipperConnect(s: Shipper, to: Endpoint): boolean {
    const sending = failureRunNew(s.h, s.klib, s.api.operation, to.name);
    const refusing = failureRunNew(s.h, s.klib, s.api.operation, to.name);
    const setting = failureRunNew(s.h, s.klib, s.api.setupOperation, to.name);
    if (sending === null || refusing === null || setting === null) return false;
    s.sending = sending;
    s.refusing = refusing;
    s.setting = setting;
    s.endpoint = to;
    shipperKick(s);
    return true;
}

/** Something the sink waited for is there (metadata, credentials, a token): send what waits. */
export function shipperKick(s: Shipper): void {
    pump(s);
    checkDrained(s);
}

// Whether a batch goes without waiting for the pace: the ring holds a full one, or the VM stops.
function urgent(s: Shipper): boolean {
    return s.shutdownDone !== null || shutdownReleased() || logpipeUsed(s.pipe) >= s.fullBytes;
}

// Sends the next request, unless one is in flight, a backoff or the pace says wait, or the sink is
// not ready (it kicks the shipper when it is).
function pump(s: Shipper): void {
    const api = s.api;
    if (s.endpoint === null || s.inFlight || timerIsActive(s.retryTimer) || !api.ready(api.sink)) return;
    if (!s.setupDone) {
        const step: SinkSetupStep = api.setup(api.sink, s.onAnswer);
        if (step === SinkSetupStep.Sent) {
            s.inFlight = true;
            s.batchInFlight = false;
            return;
        }
        if (step === SinkSetupStep.NotSent) {
            notMade(s, s.setting!);
            return;
        }
        s.setupDone = true;
    }
    const p = s.pipe;
    if (!p.inFlight && s.lastSent !== 0 && !urgent(s)) {
        // Pacing: a batch that is not full waits until a flush interval has passed since the last
        // request was sent, so lines that come meanwhile go with it (one request per interval).
        const due: timestamp = s.lastSent + s.flushInterval;
        const now: timestamp = kernNow(ClockId.Monotonic);
        if (now < due) {
            if (!timerIsActive(s.paceTimer)) registerTimer(kernelTimers, s.paceTimer, ClockId.Monotonic, due - now, false, 0, s.onWake);
            return;
        }
    }
    let n: u32 = logpipeTakeBatch(p);
    // At shutdown no flush tick may come again: close any open line, write a pending loss report.
    if (n === 0 && s.shutdownDone !== null && logpipeFlushTick(p, true)) n = logpipeTakeBatch(p);
    if (n === 0) return;
    s.answer.lines = n;
    if (s.sentBefore) s.stats.linesRetried += n;
    s.sentBefore = true;
    s.stats.requests++;
    s.inFlight = true;
    s.batchInFlight = true;
    s.lastSent = kernNow(ClockId.Monotonic);
    let parts: HttpBodyParts = s.bodyParts;
    const kept = s.kept;
    if (kept !== null) {
        // Room for the body: its events, escaping, and each event's JSON around them.
        keptBodyRenew(kept, 2 * logpipeBatchBytes(p) + KEPT_BODY_SLACK);
        parts = kept.parts;
    }
    if (!api.send(api.sink, parts, s.onAnswer)) {
        s.inFlight = false;
        notMade(s, s.sending!);
    }
}

// A request could not be made (out of memory): one line, and a retry after a backoff.
function notMade(s: Shipper, run: FailureRun): void {
    bufferReset(s.reason);
    bprintf(s.reason, 'the request could not be made (out of memory); retrying');
    failureNoted(run, failureKindHttp(0, null, 0), s.reason);
    backOff(s);
}

// The body of the batch in flight: the sink's head, its events, its tail, about HTTP_BODY_PART
// bytes per call; true after the last part.
function writePart(s: Shipper, b: Buffer): boolean {
    const api = s.api;
    const c = s.cursor;
    const limit: bytes = bufferLength(b) + HTTP_BODY_PART;
    while (bufferLength(b) < limit) {
        switch (s.phase) {
            case BodyPhase.Head:
                api.writeHead(api.sink, b);
                s.event = logpipeFirstEvent(s.pipe);
                c.index = 0;
                c.offset = 0;
                c.begun = false;
                s.phase = s.event === null ? BodyPhase.Tail : BodyPhase.Events;
                break;
            case BodyPhase.Events: {
                const before: bytes = bufferLength(b);
                if (api.writeEvent(api.sink, b, s.event!, c, limit - before)) {
                    s.event = logpipeNextEvent(s.pipe);
                    c.index++;
                    c.offset = 0;
                    c.begun = false;
                    if (s.event === null) s.phase = BodyPhase.Tail;
                } else if (bufferLength(b) === before) {
                    // No progress (out of memory): end here; the request fails and is retried.
                    s.phase = BodyPhase.Done;
                    return true;
                }
                break;
            }
            case BodyPhase.Tail:
                api.writeTail(api.sink, b);
                s.phase = BodyPhase.Done;
                return true;
            default:
                return true;
        }
    }
    return s.phase === BodyPhase.Done;
}

// "HTTP 400 InvalidParameterException" (the code when the service gave one).
function writeStatus(s: Shipper): void {
    const code = s.answer.code;
    const status: u32 = s.endpoint!.client.response.status;
    if (bufferLength(code) > 0) bprintf(s.reason, `HTTP ${status} ${code}`);
    else bprintf(s.reason, `HTTP ${status}`);
}

function answerKind(s: Shipper): u64 {
    const code = s.answer.code;
    return failureKindHttp(s.endpoint!.client.response.status, bufferData(code), bufferLength(code));
}

// The batch in flight is done with: stored (but for `refused` lines) or dropped.
function releaseBatch(s: Shipper, stored: u32, refused: u32): void {
    const p = s.pipe;
    const st = s.stats;
    st.linesShipped += stored;
    if (stored > 0) st.bytesShipped += logpipeBatchBytes(p) - (p.eventOverhead as u64) * s.answer.lines;
    st.linesRefused += refused;
    logpipeRelease(p);
    s.sentBefore = false;
}

function answered(s: Shipper, st: Status): void {
    s.inFlight = false;
    const batch: boolean = s.batchInFlight;
    const run: FailureRun = batch ? s.sending! : s.setting!;
    const r = s.reason;
    bufferReset(r);
    if (!isOk(st)) {
        endpointWriteReason(r, st);
        const kind = failureKindHttp(0, bufferData(r), bufferLength(r));
        bprintf(r, '; retrying');
        // A name that cannot be resolved has had its line from the endpoint.
        if (endpointUnresolved(s.endpoint!)) failureCounted(run);
        else endpointFailure(run, kind, r);
        backOff(s);
        after(s);
        return;
    }
    const a = s.answer;
    a.refused = 0;
    bufferReset(a.code);
    const api = s.api;
    const outcome: SinkOutcome = api.classify(api.sink, s.endpoint!.client, a);
    const lines: u32 = batch ? a.lines : 0;
    switch (outcome) {
        case SinkOutcome.Delivered:
        case SinkOutcome.Partial: {
            logpipeRetryReset(s.retry);
            failureRecovered(run);
            if (!batch) break;
            const refused: u32 = outcome === SinkOutcome.Partial ? (a.refused < lines ? a.refused : lines) : 0;
            releaseBatch(s, lines - refused, refused);
            if (refused === 0) {
                failureRecovered(s.refusing!);
            } else {
                writeStatus(s);
                bprintf(r, `: ${refused} of ${lines} lines refused by the service, the rest stored`);
                failureNoted(s.refusing!, answerKind(s), r);
            }
            break;
        }
        case SinkOutcome.Retry:
            writeStatus(s);
            bprintf(r, '; retrying');
            failureNoted(run, answerKind(s), r);
            backOff(s);
            break;
        case SinkOutcome.Renew:
            // Expired credentials or token: normal, and the sink is renewing them; no line.
            failureCounted(run);
            backOff(s);
            break;
        case SinkOutcome.Resend:
            // The sink took what the answer asked for (an expected sequence token): again, now.
            failureCounted(run);
            break;
        case SinkOutcome.Setup:
            writeStatus(s);
            bprintf(r, '; setting up again');
            failureNoted(run, answerKind(s), r);
            s.setupDone = false;
            backOff(s);
            break;
        default: {
            failureRecovered(run);
            writeStatus(s);
            if (!batch) {
                // A setup request refused (e.g. a role that may write to a group but not create
                // one): the sink goes on with the next; a missing group shows up later.
                bprintf(r, '; going on without it');
                failureNoted(run, answerKind(s), r);
                break;
            }
            const refused: u32 = a.refused > 0 && a.refused < lines ? a.refused : lines;
            releaseBatch(s, lines - refused, refused);
            bprintf(r, `: ${refused} of ${lines} lines refused by the service and dropped`);
            failureNoted(s.refusing!, answerKind(s), r);
            break;
        }
    }
    after(s);
}

function after(s: Shipper): void {
    pump(s);
    checkDrained(s);
}

// Waits before the next try: the retry policy's delay (the base only once the VM is stopping: a
// long wait would outlast the shutdown deadline), and for a batch that is not full no less than
// the pace.
function backOff(s: Shipper): void {
    const urgently: boolean = urgent(s);
    let wait: timestamp = s.shutdownDone !== null || shutdownReleased() ? milliseconds(RETRY_BASE_MS)
        : logpipeRetryDelay(s.retry);
    if (!urgently && s.lastSent !== 0) {
        const now: timestamp = kernNow(ClockId.Monotonic);
        const due: timestamp = s.lastSent + s.flushInterval;
        if (now + wait < due) wait = due - now;
    }
    if (timerIsActive(s.retryTimer)) removeTimer(kernelTimers, s.retryTimer);
    registerTimer(kernelTimers, s.retryTimer, ClockId.Monotonic, wait, false, 0, s.onWake);
}

// At shutdown: once nothing is in flight or waiting and everything written has gone (or was
// dropped for good), the summary line, then the shutdown part is done.
function checkDrained(s: Shipper): void {
    const done = s.shutdownDone;
    if (done === null || s.inFlight || timerIsActive(s.retryTimer)) return;
    if (logpipeFlushTick(s.pipe, true)) return;
    s.shutdownDone = null;
    shipperStatsPrint(s.klib, s.stats, s.pipe);
    done(STATUS_OK);
}

/**
 * The VM is stopping: send everything buffered (no pacing, no long backoff), then print the
 * summary line and apply `done`. Nothing here gives up: the klib's deadline
 * (lib/shutdown_deadline.ts) releases the VM's halt if this never ends (shipperDeadlinePassed).
 */
export function shipperShutdown(s: Shipper, done: StatusHandler): void {
    s.shutdownDone = done;
    if (timerIsActive(s.retryTimer)) removeTimer(kernelTimers, s.retryTimer);
    if (timerIsActive(s.paceTimer)) removeTimer(kernelTimers, s.paceTimer);
    logpipeFlushTick(s.pipe, true);
    pump(s);
    checkDrained(s);
}

/** Bytes of console output not shipped yet (the ring's entries, headers included). */
export function shipperUnshipped(s: Shipper): bytes {
    return logpipeUsed(s.pipe);
}

/**
 * The shutdown deadline (the klib's shutdown_timeout, `limitSeconds`) passed: one line saying what
 * was not shipped and why, when something was left, and the summary line.
 */
export function shipperDeadlinePassed(s: Shipper, limitSeconds: u64): void {
    const left: bytes = logpipeUsed(s.pipe);
    const api = s.api;
    const service = api.service;
    const start = s.klib;
    if (left === 0) {
        rprintf(`${start}: shutdown_timeout (${limitSeconds} s) passed; letting the VM halt\n`);
    } else if (s.endpoint === null || !api.ready(api.sink)) {
        rprintf(`${start}: shutdown_timeout (${limitSeconds} s) passed: ${left} bytes of console output not shipped (${service} was never reached: metadata, credentials or token missing); letting the VM halt\n`);
    } else if (s.inFlight) {
        rprintf(`${start}: shutdown_timeout (${limitSeconds} s) passed: ${left} bytes of console output not shipped (a request to ${service} is still unanswered); letting the VM halt\n`);
    } else if (timerIsActive(s.retryTimer)) {
        rprintf(`${start}: shutdown_timeout (${limitSeconds} s) passed: ${left} bytes of console output not shipped (${service} kept failing); letting the VM halt\n`);
    } else if (!s.setupDone) {
        rprintf(`${start}: shutdown_timeout (${limitSeconds} s) passed: ${left} bytes of console output not shipped (the setup requests to ${service} were still under way); letting the VM halt\n`);
    } else {
        rprintf(`${start}: shutdown_timeout (${limitSeconds} s) passed: ${left} bytes of console output not shipped (there was no time left to send it); letting the VM halt\n`);
    }
    shipperStatsPrint(s.klib, s.stats, s.pipe);
}
