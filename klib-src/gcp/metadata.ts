// The GCE metadata server (169.254.169.254:80, plain HTTP, `Metadata-Flavor: Google` on every
// request): project id, zone (the last segment of projects/N/zones/Z), instance id (kept as text:
// it is a uint64), host name (the default log id), and the access token, renewed before it
// expires and whenever an API answers 401. Fetches run one at a time on one kept-alive
// connection, and only for what is still missing (the token every time). While the server cannot
// be reached the whole setup is retried after 1, 2, 4 ... s up to 1 h; failures are silent while
// the delay is at most 1 s (transient errors right after boot are normal), then one line each.
import { bytes, embedded, oneShot, s64, timestamp, u64 } from '../dialect';
import {
    allocateBuffer, bprintf, Buffer, bufferData, bufferFind, bufferLength, bufferReset, bufferWriteFrom, ClockId, Heap,
    INVALID_ADDRESS, isOk, kernelTimers, kernNow, registerTimer, removeTimer, rprintf, seconds, SString, Status,
    statusResultText, Thunk, Timer, TIMER_DISABLED, TimerHandler, timmDealloc, allocate, timerIsActive,
} from '../nanos';
import {
    HttpClient, httpClientNew, httpRequestBegin, httpRequestHeader, httpRequestSend, httpResponseBody,
} from '../lib/http_client';
import { JsonKind, JsonReader, jsonFind, jsonInteger, jsonReaderInit, JsonValue } from '../lib/json_reader';

const METADATA_ADDRESS: SString = '169.254.169.254';
const REQUEST_TIMEOUT_SECONDS: u64 = 5;
const MAX_DELAY_SECONDS: u64 = 3600;
/** Renew this long before the token expires (or at half its life when that is shorter). */
const RENEW_MARGIN_SECONDS: u64 = 300;
const TOKEN_MAX: bytes = 4096;

export const enum MetaStep { Project, Hostname, Zone, Id, Token, Done }

let h: Heap;
let client: HttpClient | null = null;
let wantHostname: boolean = false;
let step: MetaStep = MetaStep.Project;
let running: boolean = false;
let ready: boolean = false;
let tokenValid: boolean = false;
let delaySeconds: u64 = 1;
let reader: JsonReader | null = null;
let value: JsonValue | null = null;
let projectId: Buffer | null = null;
let hostname: Buffer | null = null;
let zone: Buffer | null = null;
let instanceId: Buffer | null = null;
let authorization: Buffer | null = null;
let tokenExpiry: timestamp = 0;
let onReady: Thunk | null = null;
let retryTimer: Timer;
let renewTimer: Timer;
/** Setups run, and tokens fetched: for the tests' and the bench's reports. */
let tokensFetched: u64 = 0;

export function metadataProjectId(): Buffer {
    return projectId!;
}
export function metadataZone(): Buffer {
    return zone!;
}
export function metadataInstanceId(): Buffer {
    return instanceId!;
}
export function metadataHostname(): Buffer {
    return hostname!;
}
/** `Bearer <token>`. */
export function metadataAuthorization(): Buffer {
    return authorization!;
}
/** Everything known and a token that has not expired. */
export function metadataReady(): boolean {
    return ready && tokenValid && kernNow(ClockId.Monotonic) < tokenExpiry;
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
function nextStep(s: MetaStep): MetaStep {
    if (s === MetaStep.Project && bufferLength(projectId!) > 0) s = MetaStep.Hostname;
    if (s === MetaStep.Hostname && (!wantHostname || bufferLength(hostname!) > 0)) s = MetaStep.Zone;
    if (s === MetaStep.Zone && bufferLength(zone!) > 0) s = MetaStep.Id;
    if (s === MetaStep.Id && bufferLength(instanceId!) > 0) s = MetaStep.Token;
    return s;
}

const onRetry: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    metadataSetup();
});

const onRenew: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    metadataSetup();
});

function failed(what: SString, detail: Buffer | null): void {
    running = false;
    const delay = delaySeconds;
    if (delay > 1) {
        if (detail !== null) rprintf(`gcp: metadata server: ${what}: ${detail}; retrying in ${delay} s\n`);
        else rprintf(`gcp: metadata server: ${what}; retrying in ${delay} s\n`);
    }
    delaySeconds = delay * 2 > MAX_DELAY_SECONDS ? MAX_DELAY_SECONDS : delay * 2;
    if (!timerIsActive(retryTimer)) {
        registerTimer(kernelTimers, retryTimer, ClockId.Monotonic, seconds(delay), false, 0, onRetry);
    }
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
function keepZone(body: Buffer): boolean {
    if (bufferFind(body, '/zones/') < 0) return false;
    const p = bufferData(body);
    let n: bytes = bufferLength(body);
    while (n > 0 && (p[n - 1] === '\n'.charCodeAt(0) || p[n - 1] === '\r'.charCodeAt(0))) n--;
    let start: bytes = n;
    while (start > 0 && p[start - 1] !== '/'.charCodeAt(0)) start--;
    bufferReset(zone!);
    bufferWriteFrom(zone!, p, start, n - start);
    return n > start;
}

// jsonFind changes v.kind: read it through a call so that each test reads it afresh.
function kindOf(v: JsonValue): JsonKind {
    return v.kind;
}

/** {"access_token": ..., "expires_in": ...}: keeps `Bearer <token>` and when to renew it. */
function keepToken(body: Buffer): boolean {
    const r = reader!;
    const v = value!;
    jsonReaderInit(r, bufferData(body), bufferLength(body), 8, 65536);
    if (!jsonFind(r, 'expires_in', 10, v) || kindOf(v) !== JsonKind.Number) return false;
    const lifetime: s64 = jsonInteger(r, v);
    if (!jsonFind(r, 'access_token', 12, v) || kindOf(v) !== JsonKind.String || v.length === 0 || v.length > TOKEN_MAX) return false;
    if (lifetime <= 0) return false;
    // A token is a base64url-ish string: no escapes to decode. One with a backslash is refused.
    for (let i: bytes = 0; i < v.length; i++) if (bufferData(body)[v.start + i] === '\\'.charCodeAt(0)) return false;
    bufferReset(authorization!);
    bprintf(authorization!, 'Bearer ');
    bufferWriteFrom(authorization!, bufferData(body), v.start, v.length);
    const now = kernNow(ClockId.Monotonic);
    const life: u64 = lifetime as u64;
    tokenExpiry = now + seconds(life);
    const renewIn: u64 = life > 2 * RENEW_MARGIN_SECONDS ? life - RENEW_MARGIN_SECONDS : Math.trunc(life / 2);
    if (timerIsActive(renewTimer)) removeTimer(kernelTimers, renewTimer);
    registerTimer(kernelTimers, renewTimer, ClockId.Monotonic, seconds(renewIn > 0 ? renewIn : 1), false, 0, onRenew);
    tokensFetched++;
    return true;
}

function answered(s: Status): void {
    const c = client!;
    if (!isOk(s)) {
        const text = statusResultText(s);
        failed(pathOf(step), text);
        timmDealloc(s);
        return;
    }
    const status = c.response.status;
    const body = httpResponseBody(c);
    if (status !== 200) {
        failed(pathOf(step), null);
        return;
    }
    let ok = false;
    switch (step) {
        case MetaStep.Project: ok = keepText(projectId!, body); break;
        case MetaStep.Hostname: ok = keepText(hostname!, body); break;
        case MetaStep.Zone: ok = keepZone(body); break;
        case MetaStep.Id: ok = keepText(instanceId!, body); break;
        default: ok = keepToken(body); break;
    }
    if (!ok) {
        failed(pathOf(step), null);
        return;
    }
    if (step === MetaStep.Token) {
        running = false;
        ready = true;
        tokenValid = true;
        delaySeconds = 1;
        const then = onReady;
        if (then !== null) then();
        return;
    }
    step = nextStep((step + 1) as MetaStep);
    fetch();
}

function fetch(): void {
    const c = client!;
    if (!httpRequestBegin(c, 'GET', pathOf(step), false) || !httpRequestHeader(c, 'Metadata-Flavor', 'Google')) {
        failed(pathOf(step), null);
        return;
    }
    httpRequestSend(c, null, seconds(REQUEST_TIMEOUT_SECONDS), oneShot(h, (s: Status) => {
        answered(s);
    }));
}

/**
 * Fetches what is missing and a new token; `onReady` runs after each success. A setup already
 * running (or waiting for its retry) is not started twice.
 */
export function metadataSetup(): void {
    if (running) return;
    if (timerIsActive(retryTimer)) removeTimer(kernelTimers, retryTimer);
    running = true;
    step = nextStep(MetaStep.Project);
    fetch();
}

/** An API refused the token (401): it is not used again, and a new one is fetched. */
export function metadataTokenRefused(): void {
    tokenValid = false;
    metadataSetup();
}

/** Prepares the metadata client; `then` runs after each successful setup. False when out of memory. */
export function metadataInit(klibHeap: Heap, needHostname: boolean, then: Thunk): boolean {
    h = klibHeap;
    wantHostname = needHostname;
    onReady = then;
    client = httpClientNew(h, METADATA_ADDRESS, 80, 'metadata.google.internal', 4096, 65536);
    projectId = allocateBuffer(h, 64);
    hostname = allocateBuffer(h, 128);
    zone = allocateBuffer(h, 64);
    instanceId = allocateBuffer(h, 32);
    authorization = allocateBuffer(h, 512);
    reader = allocate<JsonReader>(h);
    value = allocate<JsonValue>(h);
    return client !== null && projectId !== INVALID_ADDRESS && hostname !== INVALID_ADDRESS && zone !== INVALID_ADDRESS &&
        instanceId !== INVALID_ADDRESS && authorization !== INVALID_ADDRESS && reader !== INVALID_ADDRESS &&
        value !== INVALID_ADDRESS;
}
