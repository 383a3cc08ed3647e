// One signed request to an AWS JSON API (awsJson 1.0 / 1.1: POST /, X-Amz-Target, a JSON body) on
// an endpoint, and what every such API's answers share: the error's code (`__type`) and whether it
// means throttling, a server error or credentials to renew.
import { bytes, s64, timestamp, u32 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce, bufferReset,
    bufferToSString, BytePtr, ClockId, CString, Heap, INVALID_ADDRESS, kernNow, SString, StatusHandler,
} from '../nanos';
import { bufferIs, secFromTimestamp } from '../nanos/tls';
import {
    HttpBodyParts, HttpClient, httpRequestBegin, httpRequestHeader, httpRequestSend, httpRequestSendParts,
    httpResponseBody,
} from '../lib/http_client';
import { Endpoint, endpointHost } from '../lib/endpoint';
import { JsonKind, JsonReader, jsonDecodeString, jsonFind, jsonInteger, jsonReaderInit, JsonValue } from '../lib/json_reader';
import { formatAmzDate } from '../lib/time_format';
import { Credentials } from './credentials';
import { sha256Of } from './bindings';
import { SigV4, sigv4Begin, sigv4HeaderBuffer, sigv4HeaderText, sigv4New, sigv4PayloadHash, sigv4SignHashed } from './sigv4';

/** What an answer means, as every AWS JSON API says it. */
export const enum AwsAnswer {
    Ok,
    /** Throttling, 429 or 5xx: repeat later, data kept. */
    Retry,
    /** Expired or unknown credentials, or a signature refused: renew them, then repeat. */
    Renew,
    /** Anything else: the API's own error (its code is known). */
    Other,
}

export interface AwsApi {
    endpoint: Endpoint;
    creds: Credentials;
    region: Buffer;
    /** The service's name in the signature's scope (logs, monitoring). */
    service: SString;
    sig: SigV4;
    date: Buffer;
    auth: Buffer;
    reader: JsonReader;
    value: JsonValue;
}

/** Requests to `e` signed for `service` in `region` with `creds`; null when out of memory. */
export function awsApiNew(h: Heap, e: Endpoint, creds: Credentials, region: Buffer, service: SString): AwsApi | null {
    const a: AwsApi = allocate<AwsApi>(h);
    if (a === INVALID_ADDRESS) return null;
    const sig = sigv4New(h);
    a.endpoint = e;
    a.creds = creds;
    a.region = region;
    a.service = service;
    a.date = allocateBuffer(h, 32);
    a.auth = allocateBuffer(h, 512);
    a.reader = allocate<JsonReader>(h);
    a.value = allocate<JsonValue>(h);
    if (sig === null || a.date === INVALID_ADDRESS || a.auth === INVALID_ADDRESS || a.reader === INVALID_ADDRESS ||
        a.value === INVALID_ADDRESS) return null;
    a.sig = sig;
    return a;
}

/**
 * POSTs `body` with `target` and `done` as its completion; false when the request could not be
 * made (`done` is then not called).
 */
export function awsPost(a: AwsApi, target: SString, contentType: SString, body: Buffer, timeout: timestamp,
                        done: StatusHandler): boolean {
    if (sha256Of(bufferData(body), bufferLength(body), sigv4PayloadHash(a.sig)) !== 0) return false;
    if (!beginSigned(a, target, contentType)) return false;
    return httpRequestSend(a.endpoint.client, body, timeout, done);
}

/**
 * awsPost for a body of `length` bytes that `parts` makes while it is sent (httpRequestSendParts),
 * whose SHA-256 the caller has put at awsPayloadHash(a).
 */
export function awsPostParts(a: AwsApi, target: SString, contentType: SString, length: bytes, parts: HttpBodyParts,
                             timeout: timestamp, done: StatusHandler): boolean {
    if (!beginSigned(a, target, contentType)) return false;
    return httpRequestSendParts(a.endpoint.client, length, parts, timeout, done);
}

/** Where awsPostParts reads the payload's SHA-256 (32 bytes). */
export function awsPayloadHash(a: AwsApi): BytePtr {
    return sigv4PayloadHash(a.sig);
}

// Signs the request whose payload hash is at sigv4PayloadHash(a.sig) and writes its request line
// and headers; the body follows.
function beginSigned(a: AwsApi, target: SString, contentType: SString): boolean {
    const c = a.endpoint.client;
    const creds = a.creds;
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
    if (!sigv4SignHashed(s, 'POST', '/', bufferData(a.date), a.region, a.service, creds.accessKey, creds.secret,
                         a.auth)) return false;
    if (!httpRequestBegin(c, 'POST', '/', false)) return false;
    let ok = httpRequestHeader(c, 'X-Amz-Date', bufferToSString(a.date)) &&
        httpRequestHeader(c, 'X-Amz-Target', target) &&
        httpRequestHeader(c, 'Content-Type', contentType);
    if (ok && hasToken) ok = httpRequestHeader(c, 'X-Amz-Security-Token', bufferToSString(creds.token));
    return ok && httpRequestHeader(c, 'Authorization', bufferToSString(a.auth));
}

/**
 * Finds the member at `path` of the answer's JSON body (the reader and value of `a` then hold it);
 * false when the body is not JSON or has no such member.
 */
export function awsFind(a: AwsApi, c: HttpClient, path: CString, pathLength: bytes): boolean {
    const body = httpResponseBody(c);
    jsonReaderInit(a.reader, bufferData(body), bufferLength(body), 8, bufferLength(body));
    return jsonFind(a.reader, path, pathLength, a.value);
}

/** The string member at `path` of the answer, decoded into `into` (emptied first; at most `cap` bytes). */
export function awsString(a: AwsApi, c: HttpClient, path: CString, pathLength: bytes, into: Buffer, cap: bytes): boolean {
    bufferReset(into);
    if (!awsFind(a, c, path, pathLength) || a.value.kind !== JsonKind.String || !bufferExtend(into, cap)) return false;
    const n = jsonDecodeString(a.reader, a.value, bufferEnd(into), cap);
    if (n <= 0) return false;
    bufferProduce(into, n as bytes);
    return true;
}

/** The integer member at `path` of the answer; -1 when there is none. */
export function awsInteger(a: AwsApi, c: HttpClient, path: CString, pathLength: bytes): s64 {
    if (!awsFind(a, c, path, pathLength) || a.value.kind !== JsonKind.Number) return -1;
    return jsonInteger(a.reader, a.value);
}


/**
 * Reads the answer in `c`: its error code (`__type`, without the namespace some services put before
 * a `#`) into `code`, and what it means for any AWS JSON API.
 */
export function awsAnswerOf(a: AwsApi, c: HttpClient, code: Buffer): AwsAnswer {
    const status: u32 = c.response.status;
    bufferReset(code);
    if (status >= 200 && status < 300) return AwsAnswer.Ok;
    if (awsString(a, c, '__type', 6, code, 60)) {
        const p = bufferData(code);
        let hash: bytes = bufferLength(code);
        while (hash > 0 && p[hash - 1] !== '#'.charCodeAt(0)) hash--;
        if (hash > 0) {
            const rest = bufferLength(code) - hash;
            for (let i: bytes = 0; i < rest; i++) p[i] = p[hash + i];
            bufferReset(code);
            bufferProduce(code, rest);
        }
    }
    if (bufferIs(code, 'ExpiredTokenException') || bufferIs(code, 'ExpiredToken') ||
        bufferIs(code, 'UnrecognizedClientException') || bufferIs(code, 'InvalidClientTokenId') ||
        bufferIs(code, 'InvalidSignatureException') || bufferIs(code, 'IncompleteSignature') ||
        bufferIs(code, 'IncompleteSignatureException')) return AwsAnswer.Renew;
    if (status === 429 || status >= 500 || bufferIs(code, 'ThrottlingException') || bufferIs(code, 'Throttling') ||
        bufferIs(code, 'ServiceUnavailableException') || bufferIs(code, 'RequestLimitExceeded') ||
        bufferIs(code, 'TooManyRequestsException')) return AwsAnswer.Retry;
    // An error we cannot read (not JSON: a proxy's page) is not worth dropping data for.
    if (bufferLength(code) === 0) return AwsAnswer.Retry;
    return AwsAnswer.Other;
}
