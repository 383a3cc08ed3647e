// The EC2 instance metadata service (IMDS, 169.254.169.254:80): IMDSv2 session tokens (PUT with a
// TTL, the token on every GET, renewed before it expires or when a GET answers 401), IMDSv1 only
// when the token endpoint is absent (404/405); then the region, instance id, host name, role and
// the role's credentials. A failed step is retried by the shared retry policy
// (logpipe/retry.ts), with console lines by the failure rule (lib/failures.ts). Credentials are
// renewed before their Expiration, and on demand (imdsRenewCredentials) after ExpiredToken-like
// answers; `changed` runs after each fetch of them.
import { bytes, closure, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, deallocateBuffer, Buffer, bufferAt, bufferData, bufferExtend, bufferLength, bufferProduce,
    bufferReset, bufferToSString, bufferWriteFrom, ClockId, CString, Heap, INVALID_ADDRESS, initTimer, isOk,
    kernelTimers, kernNow, milliseconds, registerTimer, removeTimer, seconds, SString, Status, StatusHandler,
    Thunk, Timer, TIMER_DISABLED, TimerHandler, timerIsActive,
} from '../nanos';
import { secFromTimestamp } from '../nanos/tls';
import { httpRequestBegin, httpRequestHeader, httpRequestSend, httpResponseBody } from '../lib/http_client';
import { Endpoint, endpointFailure, endpointNew, endpointWriteReason } from '../lib/endpoint';
import { failureKindHttp, failureRecovered, FailureRun, failureRunNew } from '../lib/failures';
import { JsonKind, JsonReader, jsonDecodeString, jsonFind, jsonReaderInit, JsonValue } from '../lib/json_reader';
import { LogpipeRetry, logpipeRetryCreate, logpipeRetryDelay, logpipeRetryReset } from '../logpipe/retry';
import { RETRY_BASE_MS, RETRY_CAP_SECONDS } from '../logpipe/shipper';
import { Credentials } from './credentials';
import { parseRfc3339Seconds } from './rfc3339';

export const enum MetadataStep { Token, Region, InstanceId, Hostname, Role, Credentials, Done }

const IMDS_ADDRESS: SString = '169.254.169.254';
const TOKEN_TTL_SECONDS: u64 = 21600;
/** A token is renewed this long before it expires. */
const TOKEN_MARGIN_SECONDS: u64 = 300;
const REQUEST_TIMEOUT_SECONDS: u64 = 5;
/** Credentials are renewed this long before they expire (IMDS hands out new ones 5 min before). */
const RENEW_MARGIN_SECONDS: u64 = 300;
const MIN_RENEW_SECONDS: u64 = 5;

export interface Imds {
    endpoint: Endpoint;
    creds: Credentials;
    /** The configured region; null: the instance's. */
    configuredRegion: Buffer | null;
    step: MetadataStep;
    /** The step to return to after renewing the session token. */
    resume: MetadataStep;
    useToken: boolean;
    token: Buffer;
    tokenExpiry: timestamp;
    region: Buffer;
    instanceId: Buffer;
    hostname: Buffer;
    role: Buffer;
    path: Buffer;
    reader: JsonReader;
    found: JsonValue;
    retry: LogpipeRetry;
    failures: FailureRun;
    reason: Buffer;
    retryTimer: Timer;
    renewTimer: Timer;
    onRetry: TimerHandler;
    onRenew: TimerHandler;
    onResponse: StatusHandler;
    running: boolean;
    ready: boolean;
    /** Runs after each fetch of the credentials (the first: everything is known). */
    changed: Thunk;
}

/** The region: configured, or the instance's. Valid once ready. */
export function imdsRegion(m: Imds): Buffer {
    return m.region;
}
export function imdsInstanceId(m: Imds): Buffer {
    return m.instanceId;
}
/** The instance's host name (the metrics' `host` dimension, as the stock klib sends). */
export function imdsHostname(m: Imds): Buffer {
    return m.hostname;
}

/**
 * Starts fetching into `creds`; `changed` runs once the region, instance id, host name and
 * credentials are known, and after each renewal of the credentials. Null when out of memory.
 */
export function imdsStart(h: Heap, region: Buffer | null, creds: Credentials, changed: Thunk): Imds | null {
    const m: Imds = allocate<Imds>(h);
    if (m === INVALID_ADDRESS) return null;
    const address = allocateBuffer(h, 16);
    if (address === INVALID_ADDRESS) return null;
    bprintf(address, `${IMDS_ADDRESS}`);
    const e = endpointNew(h, 'cloudwatch', address, 80, '', false, null, 4096, 16384);
    deallocateBuffer(address);
    const retry = logpipeRetryCreate(h, milliseconds(RETRY_BASE_MS), seconds(RETRY_CAP_SECONDS));
    const failures = e !== null ? failureRunNew(h, 'cloudwatch', 'instance metadata', e.name) : null;
    m.token = allocateBuffer(h, 128);
    m.region = allocateBuffer(h, 32);
    m.instanceId = allocateBuffer(h, 64);
    m.hostname = allocateBuffer(h, 256);
    m.role = allocateBuffer(h, 256);
    m.path = allocateBuffer(h, 384);
    m.reason = allocateBuffer(h, 160);
    m.reader = allocate<JsonReader>(h);
    m.found = allocate<JsonValue>(h);
    m.onRetry = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        request(m);
    });
    m.onRenew = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED || m.running) return;
        m.step = MetadataStep.Credentials;
        m.running = true;
        request(m);
    });
    m.onResponse = closure(h, (s: Status) => {
        answered(m, s);
    });
    if (e === null || retry === null || failures === null || m.token === INVALID_ADDRESS ||
        m.region === INVALID_ADDRESS || m.instanceId === INVALID_ADDRESS || m.hostname === INVALID_ADDRESS ||
        m.role === INVALID_ADDRESS || m.path === INVALID_ADDRESS || m.reason === INVALID_ADDRESS ||
        m.reader === INVALID_ADDRESS || m.found === INVALID_ADDRESS || m.onRetry === INVALID_ADDRESS ||
        m.onRenew === INVALID_ADDRESS || m.onResponse === INVALID_ADDRESS) return null;
    m.endpoint = e;
    m.retry = retry;
    m.failures = failures;
    m.creds = creds;
    m.configuredRegion = region;
    if (region !== null) bufferWriteFrom(m.region, bufferData(region), 0, bufferLength(region));
    m.step = MetadataStep.Token;
    m.resume = MetadataStep.Region;
    m.useToken = true;
    m.tokenExpiry = 0;
    m.running = true;
    m.ready = false;
    m.changed = changed;
    initTimer(m.retryTimer);
    initTimer(m.renewTimer);
    request(m);
    return m;
}

/** Asks for fresh credentials (after ExpiredToken / UnrecognizedClient); no-op while fetching. */
export function imdsRenewCredentials(m: Imds): void {
    if (m.running || !m.ready) return;
    if (timerIsActive(m.renewTimer)) removeTimer(kernelTimers, m.renewTimer);
    m.step = MetadataStep.Credentials;
    m.running = true;
    request(m);
}

// The path of the current step's GET.
function writePath(m: Imds): void {
    const p = m.path;
    bufferReset(p);
    switch (m.step) {
        case MetadataStep.Region: bprintf(p, '/latest/meta-data/placement/region'); break;
        case MetadataStep.InstanceId: bprintf(p, '/latest/meta-data/instance-id'); break;
        case MetadataStep.Hostname: bprintf(p, '/latest/meta-data/hostname'); break;
        case MetadataStep.Role: bprintf(p, '/latest/meta-data/iam/security-credentials/'); break;
        case MetadataStep.Token: bprintf(p, '/latest/api/token'); break;
        default: bprintf(p, `/latest/meta-data/iam/security-credentials/${m.role}`); break;
    }
}

// Sends the request of the current step (or skips a step that has nothing to fetch).
function request(m: Imds): void {
    const c = m.endpoint.client;
    if (m.step === MetadataStep.Region && m.configuredRegion !== null) m.step = MetadataStep.InstanceId;
    if (m.step !== MetadataStep.Token && m.useToken && kernNow(ClockId.Monotonic) >= m.tokenExpiry) {
        m.resume = m.step;
        m.step = MetadataStep.Token;
    }
    writePath(m);
    if (m.step === MetadataStep.Token) {
        httpRequestBegin(c, 'PUT', '/latest/api/token', false);
        httpRequestHeader(c, 'X-aws-ec2-metadata-token-ttl-seconds', '21600');
    } else {
        httpRequestBegin(c, 'GET', bufferToSString(m.path), false);
        if (m.useToken) httpRequestHeader(c, 'X-aws-ec2-metadata-token', bufferToSString(m.token));
    }
    if (!httpRequestSend(c, null, seconds(REQUEST_TIMEOUT_SECONDS), m.onResponse)) failed(m, 0, 'the request could not be made');
}

// A failed step: one line by the failure rule (a status and the path, or the network's reason),
// and the step again after the retry policy's delay.
function failed(m: Imds, status: u32, why: SString): void {
    const r = m.reason;
    bufferReset(r);
    if (status !== 0) bprintf(r, `HTTP ${status} for ${m.path}${why}; retrying`);
    else bprintf(r, `${why}; retrying`);
    endpointFailure(m.failures, failureKindHttp(status, bufferData(m.path), bufferLength(m.path)), r);
    registerTimer(kernelTimers, m.retryTimer, ClockId.Monotonic, logpipeRetryDelay(m.retry), false, 0, m.onRetry);
}

function answered(m: Imds, s: Status): void {
    if (!isOk(s)) {
        const r = m.reason;
        bufferReset(r);
        endpointWriteReason(r, s);
        const kind = failureKindHttp(0, bufferData(r), bufferLength(r));
        bprintf(r, '; retrying');
        endpointFailure(m.failures, kind, r);
        registerTimer(kernelTimers, m.retryTimer, ClockId.Monotonic, logpipeRetryDelay(m.retry), false, 0, m.onRetry);
        return;
    }
    const status: u32 = m.endpoint.client.response.status;
    if (m.step === MetadataStep.Token) {
        if (status === 200 && takeLine(m, m.token, 120)) {
            m.useToken = true;
            m.tokenExpiry = kernNow(ClockId.Monotonic) + seconds(TOKEN_TTL_SECONDS - TOKEN_MARGIN_SECONDS);
        } else if (status === 404 || status === 405) {
            // No token endpoint: an IMDSv1-only server.
            m.useToken = false;
        } else {
            failed(m, status, '');
            return;
        }
        m.step = m.resume;
        request(m);
        return;
    }
    if (status === 401 && m.useToken) {
        // The session token was refused (expired, or the server restarted): get a new one.
        m.tokenExpiry = 0;
        request(m);
        return;
    }
    if (status !== 200) {
        failed(m, status, m.step === MetadataStep.Role && status === 404 ? ': no IAM role is associated with the instance' : '');
        return;
    }
    let ok: boolean = true;
    switch (m.step) {
        case MetadataStep.Region: ok = takeLine(m, m.region, 32); break;
        case MetadataStep.InstanceId: ok = takeLine(m, m.instanceId, 64); break;
        case MetadataStep.Hostname: ok = takeLine(m, m.hostname, 255); break;
        case MetadataStep.Role: ok = takeLine(m, m.role, 128); break;
        default: ok = takeCredentials(m); break;
    }
    if (!ok) {
        failed(m, status, ': an answer that could not be read');
        return;
    }
    logpipeRetryReset(m.retry);
    failureRecovered(m.failures);
    if (m.step !== MetadataStep.Credentials) {
        m.step++;
        request(m);
        return;
    }
    m.running = false;
    m.step = MetadataStep.Done;
    m.ready = true;
    scheduleRenewal(m);
    m.changed();
}

// Copies the body (trimmed, first line only) into b; false when empty or too long.
function takeLine(m: Imds, b: Buffer, cap: bytes): boolean {
    const body = httpResponseBody(m.endpoint.client);
    const p = bufferData(body);
    const n = bufferLength(body);
    let end: bytes = 0;
    while (end < n && p[end] !== '\n'.charCodeAt(0) && p[end] !== '\r'.charCodeAt(0)) end++;
    let start: bytes = 0;
    while (start < end && (p[start] === ' '.charCodeAt(0) || p[start] === '\t'.charCodeAt(0))) start++;
    while (end > start && (p[end - 1] === ' '.charCodeAt(0) || p[end - 1] === '\t'.charCodeAt(0))) end--;
    if (end === start || end - start > cap) return false;
    bufferReset(b);
    bufferWriteFrom(b, p, start, end - start);
    return true;
}

// The JSON string member `name` of the credentials document into b (emptied first).
function takeMember(m: Imds, name: CString, nameLength: bytes, b: Buffer, cap: bytes): boolean {
    const body = httpResponseBody(m.endpoint.client);
    jsonReaderInit(m.reader, bufferData(body), bufferLength(body), 8, bufferLength(body));
    if (!jsonFind(m.reader, name, nameLength, m.found) || m.found.kind !== JsonKind.String) return false;
    bufferReset(b);
    if (!bufferExtend(b, cap)) return false;
    const n = jsonDecodeString(m.reader, m.found, bufferData(b), cap);
    if (n <= 0) return false;
    bufferProduce(b, n as bytes);
    return true;
}

function takeCredentials(m: Imds): boolean {
    const k = m.creds;
    if (!takeMember(m, 'AccessKeyId', 11, k.accessKey, 127) || !takeMember(m, 'SecretAccessKey', 15, k.secret, 127)) return false;
    if (!takeMember(m, 'Token', 5, k.token, 8000)) bufferReset(k.token);
    const body = httpResponseBody(m.endpoint.client);
    jsonReaderInit(m.reader, bufferData(body), bufferLength(body), 8, bufferLength(body));
    k.expiration = 0;
    if (jsonFind(m.reader, 'Expiration', 10, m.found) && m.found.kind === JsonKind.String) {
        k.expiration = parseRfc3339Seconds(bufferAt(body, m.found.start), m.found.length);
    }
    k.valid = true;
    k.generation++;
    k.renewedAt = kernNow(ClockId.Monotonic);
    return true;
}

// Renews the credentials before they expire (using the realtime clock, as Expiration is wall time).
function scheduleRenewal(m: Imds): void {
    const k = m.creds;
    if (k.expiration === 0) return;
    const now = secFromTimestamp(kernNow(ClockId.Realtime));
    const left: u64 = k.expiration > now ? k.expiration - now : 0;
    let wait: u64 = left > 2 * RENEW_MARGIN_SECONDS ? left - RENEW_MARGIN_SECONDS : left >> 1;
    if (wait < MIN_RENEW_SECONDS) wait = MIN_RENEW_SECONDS;
    if (timerIsActive(m.renewTimer)) removeTimer(kernelTimers, m.renewTimer);
    registerTimer(kernelTimers, m.renewTimer, ClockId.Monotonic, seconds(wait), false, 0, m.onRenew);
}
