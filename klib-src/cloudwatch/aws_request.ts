// One signed request to an AWS JSON API (awsJson 1.0 / 1.1: POST /, X-Amz-Target, a JSON body),
// and the classification of its answer into what the caller does next.
import { bytes, timestamp } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferFind, bufferLength, bufferReset, bufferToSString, ClockId,
    deallocate, Heap, INVALID_ADDRESS, isOk, kernNow, Status, StatusHandler, SString, bufferProduce, bufferExtend,
    bufferWriteText, CString, bufferEnd, BytePtr,
} from '../nanos';
import { secFromTimestamp } from '../nanos/tls';
import {
    HttpBodyParts, httpRequestBegin, httpRequestHeader, httpRequestSend, httpRequestSendParts, httpResponseBody,
} from '../lib/http_client';
import { JsonKind, JsonReader, jsonDecodeString, jsonFind, jsonReaderInit, JsonValue } from '../lib/json_reader';
import { formatAmzDate } from '../lib/time_format';
import { Credentials } from './credentials';
import { Endpoint, endpointHost } from './endpoint';
import { sha256Of } from './bindings';
import {
    SigV4, sigv4Begin, sigv4HeaderBuffer, sigv4HeaderText, sigv4New, sigv4PayloadHash, sigv4SignHashed,
} from './sigv4';

/** What an answer means for the request that got it. */
export const enum AwsOutcome {
    Ok,
    /** ResourceAlreadyExistsException: what a Create call wanted is there. */
    Exists,
    /** ResourceNotFoundException: the log group or stream is gone. */
    NotFound,
    /** Expired or unknown credentials: renew them, then repeat. */
    Renew,
    /** Throttling, 5xx, a network error or a timeout: repeat later, data kept. */
    Retry,
    /** Any other refusal: repeating would not help. */
    Refused,
}

export interface AwsApi {
    h: Heap;
    endpoint: Endpoint;
    sig: SigV4;
    date: Buffer;
    auth: Buffer;
    reader: JsonReader;
    value: JsonValue;
    /** The last error's text (type: message), for console messages. */
    error: Buffer;
}

export function awsApiNew(h: Heap, e: Endpoint): AwsApi | null {
    const a: AwsApi = allocate<AwsApi>(h);
    if (a === INVALID_ADDRESS) return null;
    a.h = h;
    a.endpoint = e;
    const sig = sigv4New(h);
    a.date = allocateBuffer(h, 32);
    a.auth = allocateBuffer(h, 512);
    a.error = allocateBuffer(h, 256);
    a.reader = allocate<JsonReader>(h);
    a.value = allocate<JsonValue>(h);
    if (sig === null || a.date === INVALID_ADDRESS || a.auth === INVALID_ADDRESS || a.error === INVALID_ADDRESS ||
        a.reader === INVALID_ADDRESS || a.value === INVALID_ADDRESS) {
        deallocate(h, a);
        return null;
    }
    a.sig = sig;
    return a;
}

/**
 * POSTs `body` with `target` to the endpoint, signed for `service` in `region` with `creds`;
 * `done` gets the transport's status (the answer is then read with awsOutcome). False when the
 * request could not be made (`done` is then not called).
 */
export function awsPost(a: AwsApi, creds: Credentials, region: Buffer, service: SString, target: SString,
                        contentType: SString, body: Buffer, timeout: timestamp, done: StatusHandler): boolean {
    if (sha256Of(bufferData(body), bufferLength(body), sigv4PayloadHash(a.sig)) !== 0) return false;
    if (!beginSigned(a, creds, region, service, target, contentType)) return false;
    return httpRequestSend(a.endpoint.client, body, timeout, done);
}

/**
 * awsPost for a body of `length` bytes that `parts` makes while it is sent (httpRequestSendParts),
 * whose SHA-256 the caller has put at awsPayloadHash(a).
 */
export function awsPostParts(a: AwsApi, creds: Credentials, region: Buffer, service: SString, target: SString,
                             contentType: SString, length: bytes, parts: HttpBodyParts, timeout: timestamp,
                             done: StatusHandler): boolean {
    if (!beginSigned(a, creds, region, service, target, contentType)) return false;
    return httpRequestSendParts(a.endpoint.client, length, parts, timeout, done);
}

/** Where awsPostParts reads the payload's SHA-256 (32 bytes). */
export function awsPayloadHash(a: AwsApi): BytePtr {
    return sigv4PayloadHash(a.sig);
}

// Signs the request whose payload hash is at sigv4PayloadHash(a.sig) and writes its request line
// and headers; the body follows.
function beginSigned(a: AwsApi, creds: Credentials, region: Buffer, service: SString, target: SString,
                     contentType: SString): boolean {
    const c = a.endpoint.client;
    bufferReset(a.date);
    bufferExtend(a.date, 16);
    const n = formatAmzDate(secFromTimestamp(kernNow(ClockId.Realtime)), bufferData(a.date));
    if (n === 0) return false;
    bufferProduce(a.date, n);
    const s = a.sig;
    sigv4Begin(s);
    sigv4HeaderBuffer(s, 'host', endpointHost(a.endpoint));
    sigv4HeaderBuffer(s, 'x-amz-date', a.date);
    sigv4HeaderText(s, 'x-amz-target', target);
    sigv4HeaderText(s, 'content-type', contentType);
    const hasToken = bufferLength(creds.token) > 0;
    if (hasToken) sigv4HeaderBuffer(s, 'x-amz-security-token', creds.token);
    if (!sigv4SignHashed(s, 'POST', '/', bufferData(a.date), region, service, creds.accessKey, creds.secret,
                         a.auth)) return false;
    if (!httpRequestBegin(c, 'POST', '/', false)) return false;
    let ok = httpRequestHeader(c, 'X-Amz-Date', bufferToSString(a.date)) &&
        httpRequestHeader(c, 'X-Amz-Target', target) &&
        httpRequestHeader(c, 'Content-Type', contentType);
    if (ok && hasToken) ok = httpRequestHeader(c, 'X-Amz-Security-Token', bufferToSString(creds.token));
    return ok && httpRequestHeader(c, 'Authorization', bufferToSString(a.auth));
}

function bodyHas(body: Buffer, text: SString): boolean {
    return bufferFind(body, text) >= 0;
}

// Copies a string member of the error document into a.error (up to its capacity).
function appendMember(a: AwsApi, name: CString, nameLength: bytes): void {
    const body = httpResponseBody(a.endpoint.client);
    jsonReaderInit(a.reader, bufferData(body), bufferLength(body), 8, bufferLength(body));
    const v = a.value;
    if (!jsonFind(a.reader, name, nameLength, v) || v.kind !== JsonKind.String) return;
    const room: bytes = 200 - bufferLength(a.error);
    bufferExtend(a.error, room);
    const n = jsonDecodeString(a.reader, v, bufferEnd(a.error), room);
    if (n > 0) bufferProduce(a.error, n as bytes);
}

/** Classifies the answer to the last request; for errors, a.error says what it was. */
export function awsOutcome(a: AwsApi, s: Status): AwsOutcome {
    bufferReset(a.error);
    if (!isOk(s)) return AwsOutcome.Retry;
    const c = a.endpoint.client;
    const status = c.response.status;
    if (status >= 200 && status < 300) return AwsOutcome.Ok;
    const body = httpResponseBody(c);
    appendMember(a, '__type', 6);
    bufferWriteText(a.error, ': ');
    appendMember(a, 'message', 7);
    if (bufferLength(a.error) === 2) appendMember(a, 'Message', 7);
    if (bodyHas(body, 'ResourceAlreadyExistsException')) return AwsOutcome.Exists;
    if (bodyHas(body, 'ResourceNotFoundException')) return AwsOutcome.NotFound;
    if (bodyHas(body, 'ExpiredToken') || bodyHas(body, 'UnrecognizedClient') || bodyHas(body, 'InvalidClientTokenId') ||
        bodyHas(body, 'InvalidSignatureException') || bodyHas(body, 'IncompleteSignature')) return AwsOutcome.Renew;
    if (status === 429 || status >= 500 || bodyHas(body, 'Throttling') || bodyHas(body, 'ServiceUnavailable') ||
        bodyHas(body, 'RequestLimitExceeded') || bodyHas(body, 'TooManyRequests')) return AwsOutcome.Retry;
    return AwsOutcome.Refused;
}
