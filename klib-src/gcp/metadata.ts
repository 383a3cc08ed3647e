// The GCE metadata server (169.254.169.254:80, plain HTTP, `Host: metadata.google.internal`,
// `Metadata-Flavor: Google` on every request): project id, zone (the last segment of
// projects/N/zones/Z), instance id (kept as text: it is a uint64), host name (the default log id),
// and the access token, renewed before it expires and whenever an API answers 401. Fetches run one
// at a time on one kept-alive connection, and only for what is still missing (the token every
// time). A failed fetch is retried by the shared retry policy (logpipe/retry.ts), with console
// lines by the failure rule (lib/failures.ts).
import { bytes, closure, s64, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, deallocateBuffer, Buffer, bufferData, bufferFind, bufferLength, bufferReset, bufferWriteFrom,
    ClockId, Heap, INVALID_ADDRESS, initTimer, isOk, kernelTimers, kernNow, milliseconds, registerTimer, removeTimer,
    seconds, SString, Status, StatusHandler, Thunk, Timer, TIMER_DISABLED, TimerHandler, timerIsActive,
} from '../nanos';
import { httpRequestBegin, httpRequestHeader, httpRequestSend, httpResponseBody } from '../lib/http_client';
import { Endpoint, endpointFailure, endpointNew, endpointWriteReason } from '../lib/endpoint';
import { failureKindHttp, failureRecovered, FailureRun, failureRunNew } from '../lib/failures';
import { JsonKind, JsonReader, jsonFind, jsonInteger, jsonReaderInit, JsonValue } from '../lib/json_reader';
import { LogpipeRetry, logpipeRetryCreate, logpipeRetryDelay, logpipeRetryReset } from '../logpipe/retry';
import { RETRY_BASE_MS, RETRY_CAP_SECONDS } from '../logpipe/shipper';

const REQUEST_TIMEOUT_SECONDS: u64 = 5;
/** Renew this long before the token expires (or at half its life when that is shorter). */
const RENEW_MARGIN_SECONDS: u64 = 300;
const TOKEN_MAX: bytes = 4096;
/** A token served with less life than this is about to expire: the server is asked again after. */
const MIN_TOKEN_SECONDS: s64 = 2;

export const enum MetaStep { Project, Hostname, Zone, Id, Token, Done }

export interface GcpMetadata {
    endpoint: Endpoint;
    wantHostname: boolean;
    step: MetaStep;
    running: boolean;
    ready: boolean;
    tokenValid: boolean;
    tokenExpiry: timestamp;
    /** The last token served was about to expire: not taken, asked for again once it has. */
    expiring: boolean;
    reader: JsonReader;
    value: JsonValue;
    projectId: Buffer;
    hostname: Buffer;
    zone: Buffer;
    instanceId: Buffer;
    /** `Bearer <token>`. */
    authorization: Buffer;
    retry: LogpipeRetry;
    failures: FailureRun;
    reason: Buffer;
    retryTimer: Timer;
    renewTimer: Timer;
    onTimer: TimerHandler;
    onAnswer: StatusHandler;
    /** Runs after each successful setup (a new token). */
    changed: Thunk;
}

/** Everything known and a token that has not expired. */
export function metadataReady(m: GcpMetadata): boolean {
    return m.ready && m.tokenValid && kernNow(ClockId.Monotonic) < m.tokenExpiry;
}

function pathOf(s: MetaStep): SString {
    switch (s) {
        case MetaStep.Project: return '/computeMetadata/v1/project/project-id';
        case MetaStep.Hostname: return '/computeMetadata/v1/instance/hostname';
        case MetaStep.Zone: return '/computeMetadata/v1/instance/zone';
        case MetaStep.Id: return '/computeMetadata/v1/instance/id';
        default: return '/computeMetadata/v1/instance/service-accounts/default/token';
    }
}

/** The next step from `s` on that still has something to fetch. */
function nextStep(m: GcpMetadata, s: MetaStep): MetaStep {
    if (s === MetaStep.Project && bufferLength(m.projectId) > 0) s = MetaStep.Hostname;
    if (s === MetaStep.Hostname && (!m.wantHostname || bufferLength(m.hostname) > 0)) s = MetaStep.Zone;
    if (s === MetaStep.Zone && bufferLength(m.zone) > 0) s = MetaStep.Id;
    if (s === MetaStep.Id && bufferLength(m.instanceId) > 0) s = MetaStep.Token;
    return s;
}

// A failed fetch: one line by the failure rule, and the setup again after the retry policy's delay.
function failed(m: GcpMetadata, kind: u64): void {
    m.running = false;
    bprintf(m.reason, '; retrying');
    endpointFailure(m.failures, kind, m.reason);
    if (!timerIsActive(m.retryTimer)) {
        registerTimer(kernelTimers, m.retryTimer, ClockId.Monotonic, logpipeRetryDelay(m.retry), false, 0, m.onTimer);
    }
}

// The answer's status: "HTTP 503 for /computeMetadata/v1/..." (or what made the answer unusable).
function failedAnswer(m: GcpMetadata, status: u32, why: SString): void {
    const path = pathOf(m.step);
    bufferReset(m.reason);
    bprintf(m.reason, `HTTP ${status} for ${path}${why}`);
    failed(m, failureKindHttp(status, bufferData(m.reason), bufferLength(m.reason)));
}

/** Copies a plain-text answer (trimmed of white space at its end); false when it is empty. */
function keepText(into: Buffer, body: Buffer): boolean {
    let n: bytes = bufferLength(body);
    const p = bufferData(body);
    while (n > 0 && (p[n - 1] === '\n'.charCodeAt(0) || p[n - 1] === '\r'.charCodeAt(0) ||
        p[n - 1] === ' '.charCodeAt(0))) n--;
    bufferReset(into);
    bufferWriteFrom(into, p, 0, n);
    return n > 0;
}

/** The zone answer is projects/<number>/zones/<zone>: keeps what follows the last slash. */
function keepZone(zone: Buffer, body: Buffer): boolean {
    if (bufferFind(body, '/zones/') < 0) return false;
    const p = bufferData(body);
    let n: bytes = bufferLength(body);
    while (n > 0 && (p[n - 1] === '\n'.charCodeAt(0) || p[n - 1] === '\r'.charCodeAt(0))) n--;
    let start: bytes = n;
    while (start > 0 && p[start - 1] !== '/'.charCodeAt(0)) start--;
    bufferReset(zone);
    bufferWriteFrom(zone, p, start, n - start);
    return n > start;
}

// jsonFind changes v.kind: read it through a call so that each test reads it afresh.
function kindOf(v: JsonValue): JsonKind {
    return v.kind;
}

/**
 * {"access_token": ..., "expires_in": ...}: keeps `Bearer <token>` and when to renew it. A token
 * about to expire (the server hands out the one it has until it expires) is not taken: the
 * server is asked again once it has expired, which is no failure.
 */
function keepToken(m: GcpMetadata, body: Buffer): boolean {
    const r = m.reader;
    const v = m.value;
    jsonReaderInit(r, bufferData(body), bufferLength(body), 8, 65536);
    if (!jsonFind(r, 'expires_in', 10, v) || kindOf(v) !== JsonKind.Number) return false;
    const lifetime: s64 = jsonInteger(r, v);
    if (!jsonFind(r, 'access_token', 12, v) || kindOf(v) !== JsonKind.String || v.length === 0 || v.length > TOKEN_MAX) return false;
    if (lifetime < 0) return false;
    if (lifetime < MIN_TOKEN_SECONDS) {
        m.expiring = true;
        if (timerIsActive(m.renewTimer)) removeTimer(kernelTimers, m.renewTimer);
        registerTimer(kernelTimers, m.renewTimer, ClockId.Monotonic, seconds((lifetime as u64) + 1), false, 0, m.onTimer);
        return true;
    }
    // A token is a base64url-ish string: no escapes to decode. One with a backslash is refused.
    for (let i: bytes = 0; i < v.length; i++) if (bufferData(body)[v.start + i] === '\\'.charCodeAt(0)) return false;
    bufferReset(m.authorization);
    bprintf(m.authorization, 'Bearer ');
    bufferWriteFrom(m.authorization, bufferData(body), v.start, v.length);
    const life: u64 = lifetime as u64;
    m.tokenExpiry = kernNow(ClockId.Monotonic) + seconds(life);
    const renewIn: u64 = life > 2 * RENEW_MARGIN_SECONDS ? life - RENEW_MARGIN_SECONDS : Math.trunc(life / 2);
    if (timerIsActive(m.renewTimer)) removeTimer(kernelTimers, m.renewTimer);
    registerTimer(kernelTimers, m.renewTimer, ClockId.Monotonic, seconds(renewIn > 0 ? renewIn : 1), false, 0, m.onTimer);
    return true;
}

function answered(m: GcpMetadata, s: Status): void {
    const c = m.endpoint.client;
    if (!isOk(s)) {
        bufferReset(m.reason);
        endpointWriteReason(m.reason, s);
        failed(m, failureKindHttp(0, bufferData(m.reason), bufferLength(m.reason)));
        return;
    }
    const status: u32 = c.response.status;
    const body = httpResponseBody(c);
    if (status !== 200) {
        failedAnswer(m, status, '');
        return;
    }
    let ok = false;
    switch (m.step) {
        case MetaStep.Project: ok = keepText(m.projectId, body); break;
        case MetaStep.Hostname: ok = keepText(m.hostname, body); break;
        case MetaStep.Zone: ok = keepZone(m.zone, body); break;
        case MetaStep.Id: ok = keepText(m.instanceId, body); break;
        default: ok = keepToken(m, body); break;
    }
    if (!ok) {
        failedAnswer(m, status, ': an answer that could not be read');
        return;
    }
    logpipeRetryReset(m.retry);
    failureRecovered(m.failures);
    if (m.expiring) {
        // Asked again once the token served has expired (keepToken).
        m.expiring = false;
        m.running = false;
        return;
    }
    if (m.step === MetaStep.Token) {
        m.running = false;
        m.ready = true;
        m.tokenValid = true;
        m.changed();
        return;
    }
    m.step = nextStep(m, (m.step + 1) as MetaStep);
    fetch(m);
}

function fetch(m: GcpMetadata): void {
    const c = m.endpoint.client;
    if (!httpRequestBegin(c, 'GET', pathOf(m.step), false) || !httpRequestHeader(c, 'Metadata-Flavor', 'Google') ||
        !httpRequestSend(c, null, seconds(REQUEST_TIMEOUT_SECONDS), m.onAnswer)) {
        bufferReset(m.reason);
        bprintf(m.reason, 'the request could not be made (out of memory)');
        failed(m, failureKindHttp(0, bufferData(m.reason), bufferLength(m.reason)));
    }
}

/**
 * Fetches what is missing and a new token; `changed` runs after each success. A setup already
 * running (or waiting for its retry) is not started twice.
 */
export function metadataSetup(m: GcpMetadata): void {
    if (m.running) return;
    if (timerIsActive(m.retryTimer)) removeTimer(kernelTimers, m.retryTimer);
    m.running = true;
    m.step = nextStep(m, MetaStep.Project);
    fetch(m);
}

/** An API refused the token (401): it is not used again, and a new one is fetched. */
export function metadataTokenRefused(m: GcpMetadata): void {
    m.tokenValid = false;
    metadataSetup(m);
}

/**
 * The metadata client (the host name fetched only when `needHostname`); `changed` runs after each
 * successful setup. Null when out of memory.
 */
export function metadataNew(h: Heap, needHostname: boolean, changed: Thunk): GcpMetadata | null {
    const m: GcpMetadata = allocate<GcpMetadata>(h);
    const name = allocateBuffer(h, 32);
    if (m === INVALID_ADDRESS || name === INVALID_ADDRESS) return null;
    bprintf(name, 'metadata.google.internal');
    const e = endpointNew(h, 'gcp', name, 80, '169.254.169.254', false, null, 4096, 65536);
    deallocateBuffer(name);
    const retry = logpipeRetryCreate(h, milliseconds(RETRY_BASE_MS), seconds(RETRY_CAP_SECONDS));
    const failures = e !== null ? failureRunNew(h, 'gcp', 'metadata server', e.name) : null;
    m.projectId = allocateBuffer(h, 64);
    m.hostname = allocateBuffer(h, 128);
    m.zone = allocateBuffer(h, 64);
    m.instanceId = allocateBuffer(h, 32);
    m.authorization = allocateBuffer(h, 512);
    m.reason = allocateBuffer(h, 160);
    m.reader = allocate<JsonReader>(h);
    m.value = allocate<JsonValue>(h);
    m.onTimer = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        metadataSetup(m);
    });
    m.onAnswer = closure(h, (s: Status) => {
        answered(m, s);
    });
    if (e === null || retry === null || failures === null || m.projectId === INVALID_ADDRESS ||
        m.hostname === INVALID_ADDRESS || m.zone === INVALID_ADDRESS || m.instanceId === INVALID_ADDRESS ||
        m.authorization === INVALID_ADDRESS || m.reason === INVALID_ADDRESS || m.reader === INVALID_ADDRESS ||
        m.value === INVALID_ADDRESS || m.onTimer === INVALID_ADDRESS || m.onAnswer === INVALID_ADDRESS) return null;
    m.endpoint = e;
    m.retry = retry;
    m.failures = failures;
    m.wantHostname = needHostname;
    m.step = MetaStep.Project;
    m.running = false;
    m.ready = false;
    m.tokenValid = false;
    m.tokenExpiry = 0;
    m.expiring = false;
    m.changed = changed;
    initTimer(m.retryTimer);
    initTimer(m.renewTimer);
    return m;
}
