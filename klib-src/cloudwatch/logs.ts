// Log shipping to CloudWatch Logs: CreateLogGroup / PutRetentionPolicy / CreateLogStream at start
// and again after ResourceNotFound (ResourceAlreadyExists is success), then PutLogEvents batches
// taken from the log pipe, one request in flight on the endpoint's kept-alive TLS connection.
// Throttling, 5xx and network errors back off (full jitter, capped) and resend the same batch;
// expired credentials are renewed and the batch resent; other refusals drop that batch with one
// console line. rejectedLogEventsInfo is counted. No sequence tokens.
import { bytes, embedded, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce,
    bufferReset, bufferWriteByte, bufferWriteFrom, bufferWriteText, ClockId, Heap, INVALID_ADDRESS, kernelTimers,
    milliseconds, registerTimer, rprintf, seconds, SString, Status, StatusHandler, STATUS_OK, Timer, TIMER_DISABLED,
    TimerHandler, timerIsActive, removeTimer, BytePtr, allocateBytes,
} from '../nanos';
import { jsonEscape, JSON_ESCAPE_MAX_EXPANSION } from '../lib/json_escape';
import { jsonFind, jsonInteger, jsonReaderInit } from '../lib/json_reader';
import { HTTP_BODY_PART, HttpBodyParts, httpResponseBody } from '../lib/http_client';
import { LogPipe } from '../logpipe/ring';
import { logpipeFlushTick, logpipeRelease, logpipeTakeBatch, logpipeUsed } from '../logpipe/batch';
import { LogpipeRetry, logpipeRetryCreate, logpipeRetryDelay, logpipeRetryReset } from '../logpipe/retry';
import { AwsApi, awsOutcome, AwsOutcome, awsPayloadHash, awsPost, awsPostParts } from './aws_request';
import { sha256Finish, sha256Start, sha256Update } from './bindings';
import { logBodyBegin, logBodyPart, logBodyRewind } from './log_body';
import { Config } from './config';
import { Credentials } from './credentials';
import { metadataRenewCredentials } from './metadata';

export const enum LogsStep { CreateGroup, Retention, CreateStream, Ready }

/** A server that closes mid-request (FIN is not reported to klibs) is noticed through this. */
const REQUEST_TIMEOUT_SECONDS: u64 = 10;
const RETRY_BASE_MS: u64 = 500;
const RETRY_CAP_SECONDS: u64 = 60;
/** While waiting for renewed credentials, look again this often. */
const CREDENTIALS_WAIT_MS: u64 = 200;
const CONTENT_TYPE: SString = 'application/x-amz-json-1.1';
/** An mbedtls_sha256_context is 108 bytes in mbedtls 2.28. */
const SHA256_CONTEXT_BYTES: bytes = 128;
/** A part, and some room for a piece of JSON that does not fit whole. */
const PART_BUFFER_BYTES: bytes = 20 * 1024;

export interface LogsStats {
    batches: u64;
    events: u64;
    /** Events CloudWatch refused in rejectedLogEventsInfo (too old, too new, expired). */
    rejected: u64;
    /** Events dropped with a batch CloudWatch refused for good. */
    dropped: u64;
    retries: u64;
}

let h: Heap;
let config: Config | null = null;
let pipe: LogPipe | null = null;
let api: AwsApi | null = null;
let creds: Credentials | null = null;
let region: Buffer | null = null;
let group: Buffer | null = null;
let stream: Buffer | null = null;
/** The body of the setup requests (small: names and a number). */
let body: Buffer | null = null;
/** Where the hashing pass makes each part of a PutLogEvents body. */
let part: Buffer | null = null;
/** The SHA-256 of a body being hashed in parts (an mbedtls_sha256_context). */
let hashContext: BytePtr | null = null;
let retry: LogpipeRetry | null = null;
let step: LogsStep = LogsStep.CreateGroup;
let started: boolean = false;
let inFlight: boolean = false;
let batchEvents: u32 = 0;
let retryTimer: Timer;
let generationSent: u32 = 0;
let shutdownDone: StatusHandler | null = null;
/** After one refusal message, later refusals are only counted until a batch is accepted: the
 * message is shipped too, and were it refused as well, messages would feed on themselves. */
let refusalsQuiet: boolean = false;
let setupRefusalReported: boolean = false;
let quietBatches: u64 = 0;
let quietEvents: u64 = 0;
let stats: LogsStats | null = null;

/** Prepares shipping; nothing is sent before logsStart. False when out of memory. */
export function logsInit(fromHeap: Heap, c: Config, p: LogPipe, k: Credentials): boolean {
    h = fromHeap;
    config = c;
    pipe = p;
    creds = k;
    body = allocateBuffer(h, 1024);
    part = allocateBuffer(h, PART_BUFFER_BYTES);
    hashContext = allocateBytes(h, SHA256_CONTEXT_BYTES);
    retry = logpipeRetryCreate(h, milliseconds(RETRY_BASE_MS), seconds(RETRY_CAP_SECONDS));
    stats = allocate<LogsStats>(h);
    if (body === INVALID_ADDRESS || part === INVALID_ADDRESS || hashContext === INVALID_ADDRESS || retry === null ||
        stats === INVALID_ADDRESS) return false;
    stats!.batches = 0;
    stats!.events = 0;
    stats!.rejected = 0;
    stats!.dropped = 0;
    stats!.retries = 0;
    return true;
}

/** Starts shipping once the group, stream and region are known. */
export function logsStart(a: AwsApi, logGroup: Buffer, logStream: Buffer, awsRegion: Buffer): void {
    api = a;
    group = logGroup;
    stream = logStream;
    region = awsRegion;
    step = LogsStep.CreateGroup;
    started = true;
    logsPump();
}

/**
 * At shutdown: send what is left, then apply `done`. Nothing here gives up: the klib's own deadline
 * (lib/shutdown_deadline.ts) releases the VM's halt if this never ends.
 */
export function logsShutdown(done: StatusHandler): void {
    shutdownDone = done;
    if (started && timerIsActive(retryTimer)) {
        // Waiting out a backoff would miss the deadline: try once more now.
        removeTimer(kernelTimers, retryTimer);
    }
    logsPump();
    finishShutdownIfIdle();
}

/**
 * One console line saying what the shutdown deadline leaves unshipped, and why it was not shipped.
 * Printed before the halt is released: the klib's console driver copies it into the ring too.
 */
export function logsReportUnshipped(limitSeconds: u64): void {
    const left: bytes = pipe !== null ? logpipeUsed(pipe!) : 0;
    let why: SString = 'nothing was left';
    if (left > 0) {
        if (!started) why = 'CloudWatch Logs was never reached: no instance metadata or credentials yet';
        else if (inFlight) why = 'a request to CloudWatch Logs is still unanswered';
        else if (timerIsActive(retryTimer)) why = 'CloudWatch Logs kept failing';
        else if (step !== LogsStep.Ready) why = 'the log group and stream were still being set up';
        else why = 'there was no time left to send it';
    }
    rprintf(`cloudwatch: shutdown_timeout (${limitSeconds} s) passed: ${left} bytes of console output not shipped (${why}); letting the VM halt\n`);
}

// Completes the shutdown once everything written has been delivered (or refused for good).
function finishShutdownIfIdle(): void {
    const done = shutdownDone;
    if (done === null || inFlight) return;
    if (!started) {
        if (logpipeUsed(pipe!) > 0) return;
    } else if (step !== LogsStep.Ready || timerIsActive(retryTimer) || logpipeTakeBatch(pipe!) > 0) {
        return;
    }
    shutdownDone = null;
    done(STATUS_OK);
}

// Writes "name":"<escaped buffer>" into the body.
function writeNameMember(name: SString, value: Buffer): void {
    const b = body!;
    bprintf(b, `"${name}":"`);
    writeEscaped(bufferData(value), bufferLength(value));
    bufferWriteByte(b, '"'.charCodeAt(0));
}

function writeEscaped(p: BytePtr, n: bytes): void {
    const b = body!;
    const room: bytes = n * JSON_ESCAPE_MAX_EXPANSION;
    bufferExtend(b, room);
    const written = jsonEscape(p, 0, n, bufferEnd(b), room);
    if (written > 0) bufferProduce(b, written as bytes);
}

function send(target: SString): void {
    inFlight = true;
    generationSent = creds!.generation;
    if (!awsPost(api!, creds!, region!, 'logs', target, CONTENT_TYPE, body!, seconds(REQUEST_TIMEOUT_SECONDS), onResponse)) {
        inFlight = false;
        rprintf('cloudwatch: could not build a request; retrying\n');
        backOff();
    }
}

/** Sends the next request if none is in flight and none is waiting for its backoff. */
export function logsPump(): void {
    if (!started || inFlight || timerIsActive(retryTimer)) return;
    const k = creds!;
    if (!k.valid) return;
    if (k.generation === generationSent && renewing) {
        registerTimer(kernelTimers, retryTimer, ClockId.Monotonic, milliseconds(CREDENTIALS_WAIT_MS), false, 0, onRetry);
        return;
    }
    renewing = false;
    const b = body!;
    bufferReset(b);
    bufferWriteByte(b, '{'.charCodeAt(0));
    writeNameMember('logGroupName', group!);
    switch (step) {
        case LogsStep.CreateGroup:
            bufferWriteByte(b, '}'.charCodeAt(0));
            send('Logs_20140328.CreateLogGroup');
            return;
        case LogsStep.Retention:
            bprintf(b, `,"retentionInDays":${config!.retentionDays}}`);
            send('Logs_20140328.PutRetentionPolicy');
            return;
        case LogsStep.CreateStream:
            bufferWriteByte(b, ','.charCodeAt(0));
            writeNameMember('logStreamName', stream!);
            bufferWriteByte(b, '}'.charCodeAt(0));
            send('Logs_20140328.CreateLogStream');
            return;
        default:
            break;
    }
    const p = pipe!;
    let n = logpipeTakeBatch(p);
    // At shutdown no flush tick may come again: close any open line and write a pending loss
    // report (the ring may have had no room for it before this batch was released).
    if (n === 0 && shutdownDone !== null && logpipeFlushTick(p, true)) n = logpipeTakeBatch(p);
    if (n === 0) {
        finishShutdownIfIdle();
        return;
    }
    batchEvents = n;
    sendBatch(p);
}

// Hashes the batch's body (made in parts into `part`, the same parts the request will send), then
// sends it in parts: the body is never held whole.
function sendBatch(p: LogPipe): void {
    const a = api!;
    const ctx = hashContext!;
    const b = part!;
    logBodyBegin(p, group!, stream!);
    let length: bytes = 0;
    let last: boolean = false;
    let hashed: boolean = sha256Start(ctx) === 0;
    while (hashed && !last) {
        bufferReset(b);
        last = logBodyPart(b, HTTP_BODY_PART);
        length += bufferLength(b);
        hashed = sha256Update(ctx, bufferData(b), bufferLength(b)) === 0;
    }
    hashed = hashed && sha256Finish(ctx, awsPayloadHash(a)) === 0;
    inFlight = true;
    generationSent = creds!.generation;
    if (!hashed || !awsPostParts(a, creds!, region!, 'logs', 'Logs_20140328.PutLogEvents', CONTENT_TYPE, length, bodyParts,
                                 seconds(REQUEST_TIMEOUT_SECONDS), onResponse)) {
        inFlight = false;
        rprintf('cloudwatch: could not build a request; retrying\n');
        backOff();
    }
}

/** The request's body, made in parts as the HTTP client sends it. */
const bodyParts: HttpBodyParts = embedded((b: Buffer | null): boolean => {
    if (b === null) {
        logBodyRewind();
        return false;
    }
    return logBodyPart(b, HTTP_BODY_PART);
});

let renewing: boolean = false;

const onRetry: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    logsPump();
});

function backOff(): void {
    stats!.retries++;
    const wait = shutdownDone !== null ? milliseconds(RETRY_BASE_MS) : logpipeRetryDelay(retry!);
    registerTimer(kernelTimers, retryTimer, ClockId.Monotonic, wait, false, 0, onRetry);
}

// Counts the events of rejectedLogEventsInfo: a refused prefix (too old, expired) and a refused
// suffix (too new).
function countRejected(): u64 {
    const a = api!;
    const answer = httpResponseBody(a.endpoint.client);
    const r = a.reader;
    const v = a.value;
    let prefix: u64 = 0;
    let suffix: u64 = 0;
    jsonReaderInit(r, bufferData(answer), bufferLength(answer), 8, bufferLength(answer));
    if (jsonFind(r, 'rejectedLogEventsInfo.tooOldLogEventEndIndex', 44, v)) {
        const n = jsonInteger(r, v);
        if (n > 0) prefix = n as u64;
    }
    if (jsonFind(r, 'rejectedLogEventsInfo.expiredLogEventEndIndex', 44, v)) {
        const n = jsonInteger(r, v);
        if (n > 0 && (n as u64) > prefix) prefix = n as u64;
    }
    if (jsonFind(r, 'rejectedLogEventsInfo.tooNewLogEventStartIndex', 45, v)) {
        const n = jsonInteger(r, v);
        if (n >= 0 && (n as u64) < batchEvents) suffix = batchEvents - (n as u64);
    }
    const total = prefix + suffix;
    return total > batchEvents ? batchEvents : total;
}

function operationName(): SString {
    switch (step) {
        case LogsStep.CreateGroup: return 'CreateLogGroup';
        case LogsStep.Retention: return 'PutRetentionPolicy';
        case LogsStep.CreateStream: return 'CreateLogStream';
        default: return 'PutLogEvents';
    }
}

function setupDone(): void {
    if (step === LogsStep.CreateGroup) step = config!.retentionDays !== 0 ? LogsStep.Retention : LogsStep.CreateStream;
    else if (step === LogsStep.Retention) step = LogsStep.CreateStream;
    else step = LogsStep.Ready;
}

const onResponse: StatusHandler = embedded((s: Status) => {
    inFlight = false;
    const a = api!;
    const outcome = awsOutcome(a, s);
    const st = stats!;
    switch (outcome) {
        case AwsOutcome.Ok:
        case AwsOutcome.Exists:
            logpipeRetryReset(retry!);
            if (step !== LogsStep.Ready) {
                setupDone();
            } else {
                const rejected = countRejected();
                if (rejected > 0) {
                    st.rejected += rejected;
                    rprintf(`cloudwatch: CloudWatch refused ${rejected} of ${batchEvents} events (too old or too new)\n`);
                }
                st.batches++;
                st.events += batchEvents;
                logpipeRelease(pipe!);
                if (quietBatches > 0) {
                    rprintf(`cloudwatch: ${quietBatches} more batches refused: ${quietEvents} events dropped\n`);
                }
                refusalsQuiet = false;
                quietBatches = 0;
                quietEvents = 0;
            }
            break;
        case AwsOutcome.NotFound:
            // The group or stream was deleted: create them again, then resend the batch.
            step = LogsStep.CreateGroup;
            backOff();
            break;
        case AwsOutcome.Renew:
            renewing = true;
            metadataRenewCredentials();
            backOff();
            break;
        case AwsOutcome.Retry:
            backOff();
            break;
        default:
            if (step === LogsStep.Ready) {
                if (!refusalsQuiet) {
                    rprintf(`cloudwatch: ${operationName()} refused (HTTP ${a.endpoint.client.response.status} ${a.error}): ${batchEvents} events dropped\n`);
                } else {
                    quietBatches++;
                    quietEvents += batchEvents;
                }
                refusalsQuiet = true;
                st.dropped += batchEvents;
                logpipeRelease(pipe!);
            } else {
                // E.g. a role allowed to write to an existing group but not to create one: say so
                // once and go on; a missing group or stream shows up as ResourceNotFound later.
                if (!setupRefusalReported) {
                    rprintf(`cloudwatch: ${operationName()} refused (HTTP ${a.endpoint.client.response.status} ${a.error}); going on\n`);
                }
                setupRefusalReported = true;
                setupDone();
            }
            break;
    }
    logsPump();
    finishShutdownIfIdle();
});

export function logsStatistics(): LogsStats {
    return stats!;
}
