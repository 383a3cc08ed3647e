// The EC2 instance metadata service (IMDS): IMDSv2 session tokens (PUT with a TTL, the token on
// every GET, renewed before it expires or when a GET answers 401), IMDSv1 only when the token
// endpoint is absent (404/405); then the region, instance id, host name, role and the role's
// credentials. While the service cannot be reached, every step is retried with exponential backoff
// from 1 s to 1 h, quietly while the delay is short. Credentials are renewed before their
// Expiration, and on demand (metadataRenewCredentials) after ExpiredToken-like answers.
import { bytes, embedded, timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferLength, bufferReset, bufferToSString, bufferWriteFrom,
    ClockId, Heap, INVALID_ADDRESS, isOk, kernelTimers, kernNow, registerTimer, removeTimer, rprintf, seconds,
    SString, Status, StatusHandler, statusResultText, Thunk, Timer, TIMER_DISABLED, TimerHandler, timerIsActive,
    timmDealloc, bprintf, CString, bufferExtend, bufferProduce, bufferAt,
} from '../nanos';
import { secFromTimestamp } from '../nanos/tls';
import {
    HttpClient, httpClientNew, httpRequestBegin, httpRequestHeader, httpRequestSend, httpResponseBody,
} from '../lib/http_client';
import { JsonKind, JsonReader, jsonDecodeString, jsonFind, jsonReaderInit, JsonValue } from '../lib/json_reader';
import { Config } from './config';
import { Credentials } from './credentials';
import { parseRfc3339Seconds } from './rfc3339';

export const enum MetadataStep { Token, Region, InstanceId, Hostname, Role, Credentials, Done }

const IMDS_ADDRESS: SString = '169.254.169.254';
const TOKEN_TTL_SECONDS: u64 = 21600;
/** A token is renewed this long before it expires. */
const TOKEN_MARGIN_SECONDS: u64 = 300;
const REQUEST_TIMEOUT_SECONDS: u64 = 5;
const BACKOFF_FIRST: u64 = 1;
const BACKOFF_CAP: u64 = 3600;
/** Failures are reported on the console once the retry delay reaches this (transients stay quiet). */
const QUIET_BELOW: u64 = 32;
/** Credentials are renewed this long before they expire (IMDS hands out new ones 5 min before). */
const RENEW_MARGIN_SECONDS: u64 = 300;
const MIN_RENEW_SECONDS: u64 = 5;

let h: Heap;
let config: Config | null = null;
let creds: Credentials | null = null;
let client: HttpClient | null = null;
let step: MetadataStep = MetadataStep.Token;
/** The step to return to after renewing the session token. */
let resume: MetadataStep = MetadataStep.Region;
let useToken: boolean = true;
let token: Buffer | null = null;
let tokenExpiry: timestamp = 0;
let region: Buffer | null = null;
let instanceId: Buffer | null = null;
let hostname: Buffer | null = null;
let role: Buffer | null = null;
let path: Buffer | null = null;
let reader: JsonReader | null = null;
let found: JsonValue | null = null;
let delay: u64 = BACKOFF_FIRST;
let retryTimer: Timer;
let renewTimer: Timer;
let running: boolean = false;
let ready: boolean = false;
let onReady: Thunk | null = null;
let noRoleReported: boolean = false;

/** The region: configured, or the instance's. Valid once ready. */
export function metadataRegion(): Buffer {
    return region!;
}

export function metadataInstanceId(): Buffer {
    return instanceId!;
}

/** The instance's host name (the metrics' `host` dimension, as the stock klib sends). */
export function metadataHostname(): Buffer {
    return hostname!;
}

/**
 * Starts fetching; `whenReady` runs once, when the region, instance id, host name and credentials
 * are all known. False when out of memory.
 */
export function metadataStart(fromHeap: Heap, c: Config, into: Credentials, whenReady: Thunk): boolean {
    h = fromHeap;
    config = c;
    creds = into;
    onReady = whenReady;
    client = httpClientNew(h, IMDS_ADDRESS, 80, IMDS_ADDRESS, 4096, 16384);
    token = allocateBuffer(h, 128);
    region = allocateBuffer(h, 32);
    instanceId = allocateBuffer(h, 64);
    hostname = allocateBuffer(h, 256);
    role = allocateBuffer(h, 256);
    path = allocateBuffer(h, 384);
    reader = allocate<JsonReader>(h);
    found = allocate<JsonValue>(h);
    if (client === null || token === INVALID_ADDRESS || region === INVALID_ADDRESS || instanceId === INVALID_ADDRESS ||
        hostname === INVALID_ADDRESS || role === INVALID_ADDRESS || path === INVALID_ADDRESS ||
        reader === INVALID_ADDRESS || found === INVALID_ADDRESS) return false;
    if (c.region !== null) bufferWriteFrom(region!, bufferData(c.region), 0, bufferLength(c.region));
    step = MetadataStep.Token;
    resume = MetadataStep.Region;
    running = true;
    request();
    return true;
}

/** Asks for fresh credentials (after ExpiredToken / UnrecognizedClient); no-op while fetching. */
export function metadataRenewCredentials(): void {
    if (running || !ready) return;
    if (timerIsActive(renewTimer)) removeTimer(kernelTimers, renewTimer);
    step = MetadataStep.Credentials;
    running = true;
    request();
}

// Sends the request of the current step (or skips a step that has nothing to fetch).
function request(): void {
    const c = client!;
    if (step === MetadataStep.Region && config!.region !== null) step = MetadataStep.InstanceId;
    if (step !== MetadataStep.Token && useToken && kernNow(ClockId.Monotonic) >= tokenExpiry) {
        resume = step;
        step = MetadataStep.Token;
    }
    if (step === MetadataStep.Token) {
        httpRequestBegin(c, 'PUT', '/latest/api/token', false);
        httpRequestHeader(c, 'X-aws-ec2-metadata-token-ttl-seconds', '21600');
        httpRequestSend(c, null, seconds(REQUEST_TIMEOUT_SECONDS), onResponse);
        return;
    }
    const p = path!;
    bufferReset(p);
    switch (step) {
        case MetadataStep.Region: bprintf(p, '/latest/meta-data/placement/region'); break;
        case MetadataStep.InstanceId: bprintf(p, '/latest/meta-data/instance-id'); break;
        case MetadataStep.Hostname: bprintf(p, '/latest/meta-data/hostname'); break;
        case MetadataStep.Role: bprintf(p, '/latest/meta-data/iam/security-credentials/'); break;
        default: bprintf(p, `/latest/meta-data/iam/security-credentials/${role!}`); break;
    }
    if (!httpRequestBegin(c, 'GET', bufferToSString(p), false)) {
        failed('bad request path', true);
        return;
    }
    if (useToken) httpRequestHeader(c, 'X-aws-ec2-metadata-token', bufferToSString(token!));
    httpRequestSend(c, null, seconds(REQUEST_TIMEOUT_SECONDS), onResponse);
}

const onResponse: StatusHandler = embedded((s: Status) => {
    if (!isOk(s)) {
        const text = statusResultText(s);
        if (text !== null) failedWith(text);
        else failed('no answer', false);
        timmDealloc(s);
        return;
    }
    answered();
});

const onRetry: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    request();
});

const onRenew: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    if (running) return;
    step = MetadataStep.Credentials;
    running = true;
    request();
});

function scheduleRetry(): void {
    registerTimer(kernelTimers, retryTimer, ClockId.Monotonic, seconds(delay), false, 0, onRetry);
    delay = delay * 2 > BACKOFF_CAP ? BACKOFF_CAP : delay * 2;
}

function failedWith(why: Buffer): void {
    if (delay >= QUIET_BELOW) rprintf(`cloudwatch: instance metadata: ${why}; retrying in ${delay} s\n`);
    scheduleRetry();
}

function failed(why: SString, loud: boolean): void {
    if (loud || delay >= QUIET_BELOW) rprintf(`cloudwatch: instance metadata: ${why}; retrying in ${delay} s\n`);
    scheduleRetry();
}

// Copies the body (trimmed, first line only) into b; false when empty or too long.
function takeLine(b: Buffer, cap: bytes): boolean {
    const body = httpResponseBody(client!);
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
function takeMember(name: CString, nameLength: bytes, b: Buffer, cap: bytes): boolean {
    const r = reader!;
    const v = found!;
    const body = httpResponseBody(client!);
    jsonReaderInit(r, bufferData(body), bufferLength(body), 8, bufferLength(body));
    if (!jsonFind(r, name, nameLength, v) || v.kind !== JsonKind.String) return false;
    bufferReset(b);
    if (!bufferExtend(b, cap)) return false;
    const n = jsonDecodeString(r, v, bufferData(b), cap);
    if (n <= 0) return false;
    bufferProduce(b, n as bytes);
    return true;
}

function answered(): void {
    const c = client!;
    const status: u32 = c.response.status;
    if (step === MetadataStep.Token) {
        if (status === 200 && takeLine(token!, 120)) {
            useToken = true;
            tokenExpiry = kernNow(ClockId.Monotonic) + seconds(TOKEN_TTL_SECONDS - TOKEN_MARGIN_SECONDS);
            step = resume;
        } else if (status === 404 || status === 405) {
            // No token endpoint: an IMDSv1-only server.
            useToken = false;
            step = resume;
        } else {
            failed('the token request failed', false);
            return;
        }
        request();
        return;
    }
    if (status === 401 && useToken) {
        // The session token was refused (expired, or the server restarted): get a new one.
        tokenExpiry = 0;
        request();
        return;
    }
    if (status !== 200) {
        if (step === MetadataStep.Role && status === 404) {
            if (!noRoleReported) rprintf('cloudwatch: no IAM role is associated with the instance; retrying\n');
            noRoleReported = true;
            scheduleRetry();
            return;
        }
        if (delay >= QUIET_BELOW) rprintf(`cloudwatch: instance metadata: HTTP ${status}; retrying in ${delay} s\n`);
        scheduleRetry();
        return;
    }
    let ok: boolean = true;
    switch (step) {
        case MetadataStep.Region: ok = takeLine(region!, 32); break;
        case MetadataStep.InstanceId: ok = takeLine(instanceId!, 64); break;
        case MetadataStep.Hostname: ok = takeLine(hostname!, 255); break;
        case MetadataStep.Role: ok = takeLine(role!, 128); break;
        default: ok = takeCredentials(); break;
    }
    if (!ok) {
        failed('unexpected answer', true);
        return;
    }
    delay = BACKOFF_FIRST;
    if (step !== MetadataStep.Credentials) {
        step++;
        request();
        return;
    }
    running = false;
    step = MetadataStep.Done;
    scheduleRenewal();
    if (!ready) {
        ready = true;
        const then = onReady;
        if (then !== null) then();
    }
}

function takeCredentials(): boolean {
    const k = creds!;
    if (!takeMember('AccessKeyId', 11, k.accessKey, 127) || !takeMember('SecretAccessKey', 15, k.secret, 127)) return false;
    if (!takeMember('Token', 5, k.token, 8000)) bufferReset(k.token);
    const r = reader!;
    const v = found!;
    const body = httpResponseBody(client!);
    jsonReaderInit(r, bufferData(body), bufferLength(body), 8, bufferLength(body));
    k.expiration = 0;
    if (jsonFind(r, 'Expiration', 10, v) && v.kind === JsonKind.String) {
        k.expiration = parseRfc3339Seconds(bufferAt(body, v.start), v.length);
    }
    k.valid = true;
    k.generation++;
    k.renewedAt = kernNow(ClockId.Monotonic);
    return true;
}

// Renews the credentials before they expire (using the realtime clock, as Expiration is wall time).
function scheduleRenewal(): void {
    const k = creds!;
    if (k.expiration === 0) return;
    const now = secFromTimestamp(kernNow(ClockId.Realtime));
    const left: u64 = k.expiration > now ? k.expiration - now : 0;
    let wait: u64 = left > 2 * RENEW_MARGIN_SECONDS ? left - RENEW_MARGIN_SECONDS : left >> 1;
    if (wait < MIN_RENEW_SECONDS) wait = MIN_RENEW_SECONDS;
    if (timerIsActive(renewTimer)) removeTimer(kernelTimers, renewTimer);
    registerTimer(kernelTimers, renewTimer, ClockId.Monotonic, seconds(wait), false, 0, onRenew);
}
