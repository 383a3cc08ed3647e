// CloudWatch Logs as a sink of the shipper (logpipe/shipper.ts): the setup requests
// (CreateLogGroup, PutRetentionPolicy, CreateLogStream; ResourceAlreadyExists is success), the
// PutLogEvents request (its body hashed for SigV4 in a first pass over the same parts), and what
// the answers mean: rejectedLogEventsInfo counted per event, DataAlreadyAccepted as delivered,
// InvalidSequenceToken resent with the expected token, ResourceNotFound setting up again, expired
// credentials renewed. Timers, pacing, retries, failure lines and counters are the shipper's.
import { bytes, s64, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, allocateBytes, bprintf, Buffer, bufferCompare, bufferData, bufferLength, bufferReset, bufferToSString,
    bufferWriteFrom, bufferWriteText, BytePtr, Heap, INVALID_ADDRESS, seconds, SString, StatusHandler, VoidPtr,
} from '../nanos';
import { bufferIs } from '../nanos/tls';
import { HttpBodyParts, HttpClient } from '../lib/http_client';
import { LogEvent } from '../logpipe/ring';
import { BodyCursor, SinkAnswer, sinkApiNew, SinkApi, SinkOutcome, SinkSetupStep } from '../logpipe/sink';
import { AwsAnswer, awsAnswerOf, AwsApi, awsInteger, awsPayloadHash, awsPost, awsPostParts, awsString } from './aws_request';
import { sha256Finish, sha256Start, sha256Update } from './bindings';
import { TOKEN_CAP } from './credentials';
import { EventOpening, eventOpeningNew, logBodyEvent, logBodyHead, logBodyTail, writeEscaped } from './log_body';
import { Imds, imdsRenewCredentials } from './metadata';

export const enum LogsStep { CreateGroup, Retention, CreateStream, Ready }

/** A server that closes mid-request (FIN is not reported to klibs) is noticed through this. */
const REQUEST_TIMEOUT_SECONDS: u64 = 10;
const CONTENT_TYPE: SString = 'application/x-amz-json-1.1';
/** An mbedtls_sha256_context is 108 bytes in mbedtls 2.28. */
const SHA256_CONTEXT_BYTES: bytes = 128;
/** A part, and some room for a piece of JSON that does not fit whole. */
const PART_BUFFER_BYTES: bytes = 20 * 1024;

export interface CloudwatchLogs {
    /** Signed requests to the logs endpoint, and the metadata that renews their credentials: null until known. */
    aws: AwsApi | null;
    imds: Imds | null;
    group: Buffer;
    /** The stream: configured, or the instance id once known. */
    stream: Buffer | null;
    /** Days for PutRetentionPolicy; 0: leave the group's retention alone. */
    retentionDays: u32;
    step: LogsStep;
    /** The body of a setup request (small: names and a number). */
    body: Buffer;
    /** Where the hashing pass makes each part of a PutLogEvents body, and its SHA-256 context. */
    part: Buffer;
    hash: BytePtr;
    /** The last event opening written (both passes write the same events). */
    opening: EventOpening;
    /** The sequence token to send (InvalidSequenceToken's expected one, or the last nextSequenceToken); empty: none. */
    token: Buffer;
    sentToken: Buffer;
    /** Credentials were refused: wait for ones newer than those the refused request was signed with. */
    renewing: boolean;
    generationSent: u32;
}

function setupDone(lg: CloudwatchLogs): void {
    if (lg.step === LogsStep.CreateGroup) lg.step = lg.retentionDays !== 0 ? LogsStep.Retention : LogsStep.CreateStream;
    else if (lg.step === LogsStep.Retention) lg.step = LogsStep.CreateStream;
    else lg.step = LogsStep.Ready;
}

function ready(sink: VoidPtr): boolean {
    const lg = sink as CloudwatchLogs;
    const a = lg.aws;
    if (a === null || lg.stream === null || !a.creds.valid) return false;
    if (lg.renewing && a.creds.generation === lg.generationSent) return false;
    lg.renewing = false;
    return true;
}

function post(lg: CloudwatchLogs, target: SString, done: StatusHandler): SinkSetupStep {
    const a = lg.aws!;
    lg.generationSent = a.creds.generation;
    return awsPost(a, target, CONTENT_TYPE, lg.body, seconds(REQUEST_TIMEOUT_SECONDS), done)
        ? SinkSetupStep.Sent : SinkSetupStep.NotSent;
}

function setup(sink: VoidPtr, done: StatusHandler): SinkSetupStep {
    const lg = sink as CloudwatchLogs;
    const b = lg.body;
    bufferReset(b);
    bufferWriteText(b, '{"logGroupName":"');
    writeEscaped(b, lg.group);
    switch (lg.step) {
        case LogsStep.CreateGroup:
            bufferWriteText(b, '"}');
            return post(lg, 'Logs_20140328.CreateLogGroup', done);
        case LogsStep.Retention:
            bprintf(b, `","retentionInDays":${lg.retentionDays}}`);
            return post(lg, 'Logs_20140328.PutRetentionPolicy', done);
        case LogsStep.CreateStream:
            bufferWriteText(b, '","logStreamName":"');
            writeEscaped(b, lg.stream!);
            bufferWriteText(b, '"}');
            return post(lg, 'Logs_20140328.CreateLogStream', done);
        default:
            return SinkSetupStep.Done;
    }
}

function writeHead(sink: VoidPtr, b: Buffer): void {
    const lg = sink as CloudwatchLogs;
    logBodyHead(b, lg.group, lg.stream!, lg.token);
}

function writeEvent(sink: VoidPtr, b: Buffer, e: LogEvent, at: BodyCursor, room: bytes): boolean {
    return logBodyEvent(b, e, at, room, (sink as CloudwatchLogs).opening);
}

function writeTail(sink: VoidPtr, b: Buffer): void {
    logBodyTail(b);
}

// Hashes the body (made in parts into `part`, the same parts the request will send), then sends
// it in parts: the body is never held whole. The shipper keeps the parts the hashing makes in the
// ring's spare room (bodyReadTwice), so sending copies them rather than making them again.
function send(sink: VoidPtr, parts: HttpBodyParts, done: StatusHandler): boolean {
    const lg = sink as CloudwatchLogs;
    const a = lg.aws!;
    const ctx = lg.hash;
    const b = lg.part;
    bufferReset(lg.sentToken);
    bufferWriteFrom(lg.sentToken, bufferData(lg.token), 0, bufferLength(lg.token));
    parts(null);
    let length: bytes = 0;
    let last: boolean = false;
    let hashed: boolean = sha256Start(ctx) === 0;
    while (hashed && !last) {
        bufferReset(b);
        last = parts(b);
        length += bufferLength(b);
        hashed = sha256Update(ctx, bufferData(b), bufferLength(b)) === 0;
    }
    if (!hashed || sha256Finish(ctx, awsPayloadHash(a)) !== 0) return false;
    lg.generationSent = a.creds.generation;
    return awsPostParts(a, 'Logs_20140328.PutLogEvents', CONTENT_TYPE, length, parts, seconds(REQUEST_TIMEOUT_SECONDS), done);
}

// The events rejectedLogEventsInfo names: a refused prefix (too old, expired) and a refused suffix
// (too new), of the batch's `lines` events.
function countRejected(a: AwsApi, c: HttpClient, lines: u32): u32 {
    let prefix: s64 = awsInteger(a, c, 'rejectedLogEventsInfo.tooOldLogEventEndIndex', 44);
    const expired: s64 = awsInteger(a, c, 'rejectedLogEventsInfo.expiredLogEventEndIndex', 44);
    if (expired > prefix) prefix = expired;
    if (prefix < 0) prefix = 0;
    const newFrom: s64 = awsInteger(a, c, 'rejectedLogEventsInfo.tooNewLogEventStartIndex', 45);
    const suffix: s64 = newFrom >= 0 && newFrom < lines ? lines - newFrom : 0;
    const total: s64 = prefix + suffix;
    return total > lines ? lines : total as u32;
}

function renew(lg: CloudwatchLogs): SinkOutcome {
    lg.renewing = true;
    imdsRenewCredentials(lg.imds!);
    return SinkOutcome.Renew;
}

function classify(sink: VoidPtr, c: HttpClient, answer: SinkAnswer): SinkOutcome {
    const lg = sink as CloudwatchLogs;
    const a = lg.aws!;
    const code = answer.code;
    const kind = awsAnswerOf(a, c, code);
    if (kind === AwsAnswer.Renew) return renew(lg);
    if (kind === AwsAnswer.Retry) return SinkOutcome.Retry;
    if (lg.step !== LogsStep.Ready) {
        // A setup request. A refused one (a role that may write to a group but not create one)
        // is passed over: a group or stream that is really missing shows up as ResourceNotFound.
        if (bufferIs(code, 'ResourceNotFoundException')) {
            lg.step = LogsStep.CreateGroup;
            return SinkOutcome.Setup;
        }
        setupDone(lg);
        return kind === AwsAnswer.Ok || bufferIs(code, 'ResourceAlreadyExistsException') ? SinkOutcome.Delivered : SinkOutcome.Refused;
    }
    if (kind === AwsAnswer.Ok) {
        // The deprecated nextSequenceToken, for servers that still want sequence tokens.
        awsString(a, c, 'nextSequenceToken', 17, lg.token, TOKEN_CAP);
        answer.refused = countRejected(a, c, answer.lines);
        if (answer.refused === 0) return SinkOutcome.Delivered;
        bufferWriteText(code, 'rejectedLogEventsInfo');
        return SinkOutcome.Partial;
    }
    if (bufferIs(code, 'DataAlreadyAcceptedException')) {
        // A resend of a batch the service had stored (its answer was lost): delivered.
        awsString(a, c, 'expectedSequenceToken', 21, lg.token, TOKEN_CAP);
        return SinkOutcome.Delivered;
    }
    if (bufferIs(code, 'InvalidSequenceTokenException')) {
        // Sent again at once with the token the service expects; the same token asked for twice
        // would loop: then it waits as a retry does.
        awsString(a, c, 'expectedSequenceToken', 21, lg.token, TOKEN_CAP);
        return bufferCompare(lg.token, bufferToSString(lg.sentToken)) === 0 ? SinkOutcome.Retry : SinkOutcome.Resend;
    }
    if (bufferIs(code, 'ResourceNotFoundException')) {
        // The group or stream was deleted: create them again, then send the batch again.
        lg.step = LogsStep.CreateGroup;
        return SinkOutcome.Setup;
    }
    return SinkOutcome.Refused;
}

/**
 * The sink for log group `group` (the stream, when not configured, and the endpoint come once the
 * metadata is known: logsConnect), and its SinkApi; null when out of memory.
 */
export function logsNew(h: Heap, group: Buffer, stream: Buffer | null, retentionDays: u32): SinkApi | null {
    const lg: CloudwatchLogs = allocate<CloudwatchLogs>(h);
    if (lg === INVALID_ADDRESS) return null;
    lg.aws = null;
    lg.imds = null;
    lg.group = group;
    lg.stream = stream;
    lg.retentionDays = retentionDays;
    lg.step = LogsStep.CreateGroup;
    lg.renewing = false;
    lg.generationSent = 0;
    lg.body = allocateBuffer(h, 1024);
    lg.part = allocateBuffer(h, PART_BUFFER_BYTES);
    lg.hash = allocateBytes(h, SHA256_CONTEXT_BYTES);
    lg.token = allocateBuffer(h, 128);
    lg.sentToken = allocateBuffer(h, 128);
    const opening = eventOpeningNew(h);
    const api = sinkApiNew(h, lg);
    if (lg.body === INVALID_ADDRESS || lg.part === INVALID_ADDRESS || lg.hash === INVALID_ADDRESS ||
        lg.token === INVALID_ADDRESS || lg.sentToken === INVALID_ADDRESS || opening === null || api === null) return null;
    lg.opening = opening;
    api.operation = 'PutLogEvents';
    api.setupOperation = 'CreateLogGroup/CreateLogStream';
    api.service = 'CloudWatch Logs';
    api.ready = ready;
    api.setup = setup;
    api.writeHead = writeHead;
    api.writeEvent = writeEvent;
    api.writeTail = writeTail;
    api.send = send;
    api.classify = classify;
    api.bodyReadTwice = true;
    return api;
}

/** The metadata is known: requests go to `a`, to `stream` when none was configured. */
export function logsConnect(api: SinkApi, a: AwsApi, metadata: Imds, stream: Buffer): void {
    const lg = api.sink as CloudwatchLogs;
    lg.aws = a;
    lg.imds = metadata;
    if (lg.stream === null) lg.stream = stream;
}
