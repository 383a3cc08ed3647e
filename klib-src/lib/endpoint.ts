// An API endpoint: a host name (and port), reached over plain TCP or TLS with a trust of the
// klib's own or the tls klib's default, through one kept-alive HTTP client (http_client.ts). This
// is the one way klibs reach a server over HTTP: TLS goes through the tls klib's
// tls_connect_trusting / tls_connect_host (SNI, the certificate checked for the name).
//
// DNS. The name is looked up before each new connection (connections are kept alive, so that is
// rare), from lwIP's callback continued on a zero-delay timer (the callback runs in lwIP's context
// with its DNS lock held: nothing but noting the answer may happen there). A lookup that fails
// while an address has worked before falls back to that address, with one console line (the
// failure rule, failures.ts), and the name is not asked again for RESOLVE_HOLD: at the pinned
// kernel, lwIP's DNS table copies a name without its terminating NUL, so a lookup landing in a
// slot last used by a longer name sends a malformed query and fails every time (seen in a VM with
// logs.us-east-1.amazonaws.com after monitoring.us-east-1.amazonaws.com); shipping must not stop
// for it. A failed lookup with no address to fall back on fails the connection: the request fails
// and is retried by its owner. An address literal, or a fixed address given at creation (the
// metadata servers'), is never looked up.
import { bytes, closure, timestamp, u16, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferData, bufferLength, bufferReset, bufferToSString, bufferWriteFrom, ClockId,
    ConstIpAddr, constAddress, copyAddress, deallocate, deallocateClosure, directConnect, dnsLookupWith, ERR_INPROGRESS,
    ERR_OK, Heap, INVALID_ADDRESS, initTimer, ipAddrFromText, isOk, kernelTimers, kernNow, registerTimer, SString,
    Status, Thunk, Timer, TIMER_DISABLED, TimerHandler, timmDealloc, VoidPtr, writeAddress, bprintf, seconds,
    isAnyAddress, netifAddress, netifGetDefault, netifUnref, statusResultText,
} from '../nanos';
import { sstringLength } from '../nanos/tls';
import { TlsTrust, tlsConnectHost, tlsConnectTrusting } from '../tls/tls';
import {
    HttpClient, HttpConnection, httpClientAddress, httpClientFree, httpClientNew, httpClientSetConnector,
    httpConnectFailed, httpConnectionHandler,
} from './http_client';
import { parseDecimal } from './config_values';
import {
    failureCounted, FailureReason, failureKind, failureNoted, failureRecovered, FailureRun, failureRunFree, failureRunOf,
} from './failures';

/** After a failed lookup with an address to fall back on, that address is used this long before asking again. */
const RESOLVE_HOLD_SECONDS: u64 = 60;

export interface Endpoint {
    h: Heap;
    /** The host name (no port): DNS, SNI, the certificate check and the Host header. */
    name: Buffer;
    port: u16;
    tls: boolean;
    /** The klib's own trust for TLS; null: the tls klib's default trust. */
    trust: TlsTrust | null;
    client: HttpClient;
    /** The address is given (an address literal, or a fixed one): never looked up. */
    fixed: boolean;
    /** An address has worked: the client's address is the last good one. */
    known: boolean;
    /** A lookup failed while an address was known, at `failedAt`: that address is used until RESOLVE_HOLD has passed. */
    holding: boolean;
    failedAt: timestamp;
    lookingUp: boolean;
    answered: boolean;
    /** The connection the lookup under way is for (the client may give it up meanwhile). */
    waiting: HttpConnection | null;
    /** The last connection failed because the name could not be resolved (that line is the endpoint's). */
    unresolved: boolean;
    answerTimer: Timer;
    onAnswerTimer: TimerHandler;
    dns: FailureRun;
    reason: Buffer;
}

/**
 * An endpoint for `host` (`name` or `name:port`; the port otherwise `port`), over TLS when `tls`
 * (trusting `trust`, or the tls klib's default when null), reached at `address` when that is not
 * empty (an address literal; the name is then only the Host header and the certificate's), or at
 * what the name resolves to. `headCap` and `bodyCap` bound an answer. Lines about it start with
 * `klib`. Null when out of memory.
 */
export function endpointNew(h: Heap, klib: SString, host: Buffer, port: u16, address: SString, tls: boolean,
                            trust: TlsTrust | null, headCap: bytes, bodyCap: bytes): Endpoint | null {
    const e: Endpoint = allocate<Endpoint>(h);
    if (e === INVALID_ADDRESS) return null;
    e.h = h;
    e.tls = tls;
    e.trust = trust;
    e.port = port;
    e.known = false;
    e.holding = false;
    e.failedAt = 0;
    e.lookingUp = false;
    e.answered = false;
    e.waiting = null;
    e.unresolved = false;
    initTimer(e.answerTimer);
    e.name = allocateBuffer(h, 64);
    e.reason = allocateBuffer(h, 96);
    if (e.name === INVALID_ADDRESS || e.reason === INVALID_ADDRESS) return null;
    const n = bufferLength(host);
    let colon: bytes = n;
    for (let i: bytes = 0; i < n; i++) if (bufferData(host)[i] === ':'.charCodeAt(0)) colon = i;
    bufferWriteFrom(e.name, bufferData(host), 0, colon);
    if (colon < n) e.port = parseDecimal(host, colon + 1, n) as u16;
    const fixed: boolean = sstringLength(address) > 0;
    const c = httpClientNew(h, fixed ? address : '0.0.0.0', e.port, bufferToSString(e.name), headCap, bodyCap);
    const dns = failureRunOf(h, klib, 'DNS lookup of', e.name);
    if (c === null || dns === null) return null;
    e.client = c;
    e.dns = dns;
    // A name that is an address literal needs no lookup either.
    e.fixed = fixed || ipAddrFromText(bufferToSString(e.name), httpClientAddress(c)) !== 0;
    e.known = e.fixed;
    e.onAnswerTimer = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        answerArrived(e);
    });
    const connector: Thunk = closure(h, () => {
        connectionWanted(e);
    });
    if (e.onAnswerTimer === INVALID_ADDRESS || connector === INVALID_ADDRESS) {
        httpClientFree(c);
        failureRunFree(h, dns);
        return null;
    }
    httpClientSetConnector(c, connector);
    return e;
}

/** The Host header's value: the name, and the port unless it is the scheme's default. */
export function endpointHost(e: Endpoint): Buffer {
    return e.client.host;
}

/**
 * Whether the VM's network has an address (DHCP has answered): before it, failing to reach a
 * server says nothing about the server, and is not worth a console line.
 */
export function endpointNetworkUp(): boolean {
    const n = netifGetDefault();
    if (n === null) return false;
    const up: boolean = !isAnyAddress(netifAddress(n));
    netifUnref(n);
    return up;
}

/** Notes a failure in `run` by the failure rule, but only counts it while the network is not up yet. */
export function endpointFailure(run: FailureRun, kind: u64, reason: Buffer): void {
    if (endpointNetworkUp()) failureNoted(run, kind, reason);
    else failureCounted(run);
}

/**
 * Appends why a request got no answer: the HTTP client's error text ("http: request timed out"),
 * without its prefix. Takes `st` (an error status) and frees it.
 */
export function endpointWriteReason(b: Buffer, st: Status): void {
    const text: Buffer | null = statusResultText(st);
    if (text === null) {
        bprintf(b, 'no answer');
    } else {
        const p = bufferData(text);
        const n = bufferLength(text);
        const skip: bytes = n > 6 && p[0] === 'h'.charCodeAt(0) && p[4] === ':'.charCodeAt(0) ? 6 : 0;
        bufferWriteFrom(b, p, skip, n - skip);
    }
    timmDealloc(st);
}

/** Whether the last connection failed for want of an address (the endpoint has said so on the console). */
export function endpointUnresolved(e: Endpoint): boolean {
    return e.unresolved;
}

// The client wants a new connection (its `conn` is the one to start).
function connectionWanted(e: Endpoint): void {
    const conn: HttpConnection | null = e.client.conn;
    e.unresolved = false;
    if (e.fixed || (e.holding && kernNow(ClockId.Monotonic) - e.failedAt < seconds(RESOLVE_HOLD_SECONDS))) {
        connect(e);
        return;
    }
    forgetWaiting(e);
    e.waiting = conn;
    // A lookup under way (for a connection given up since) answers for this one.
    if (e.lookingUp) return;
    e.lookingUp = true;
    e.answered = false;
    const r = dnsLookupWith(bufferToSString(e.name), httpClientAddress(e.client), onDnsAnswer, e);
    if (r === ERR_OK) {
        // Known already (lwIP's cache): connect now.
        e.lookingUp = false;
        e.waiting = null;
        resolved(e);
        connect(e);
    } else if (r !== ERR_INPROGRESS) {
        e.lookingUp = false;
        answerArrived(e);
    }
}

// A connection the client gave up on before its lookup answered (the request timed out) is ours
// to free: nothing else refers to it.
function forgetWaiting(e: Endpoint): void {
    const old: HttpConnection | null = e.waiting;
    e.waiting = null;
    if (old !== null && old.client === null) deallocate(e.h, old);
}

// lwIP's callback (lwIP's context, its DNS lock held): only note the answer, and go on from a timer.
function onDnsAnswer(name: SString, addr: ConstIpAddr | null, arg: VoidPtr): void {
    const e = arg as Endpoint;
    e.answered = addr !== null;
    if (addr !== null) copyAddress(httpClientAddress(e.client), addr);
    registerTimer(kernelTimers, e.answerTimer, ClockId.Monotonic, 0, false, 0, e.onAnswerTimer);
}

function resolved(e: Endpoint): void {
    e.known = true;
    e.holding = false;
    failureRecovered(e.dns);
}

function answerArrived(e: Endpoint): void {
    e.lookingUp = false;
    const conn: HttpConnection | null = e.waiting;
    if (e.answered) {
        resolved(e);
    } else {
        const r = e.reason;
        bufferReset(r);
        if (e.known) {
            e.holding = true;
            e.failedAt = kernNow(ClockId.Monotonic);
            bprintf(r, 'no answer; using ');
            writeAddress(r, constAddress(httpClientAddress(e.client)));
            bprintf(r, ', the last address that worked');
            endpointFailure(e.dns, failureKind(FailureReason.DnsKeptAddress), r);
        } else {
            bprintf(r, 'no answer');
            endpointFailure(e.dns, failureKind(FailureReason.Dns), r);
        }
    }
    if (conn === null || conn.client === null || e.client.conn !== conn) {
        // Nobody waits for this connection any more.
        forgetWaiting(e);
        return;
    }
    e.waiting = null;
    if (!e.known) {
        e.unresolved = true;
        httpConnectFailed(e.client);
        return;
    }
    connect(e);
}

// Starts the client's pending connection to its address.
function connect(e: Endpoint): void {
    const c = e.client;
    const ch = httpConnectionHandler(c);
    if (!e.tls) {
        const s: Status = directConnect(e.h, httpClientAddress(c), e.port, ch);
        if (!isOk(s)) {
            // The handler is never called: it is ours to free.
            timmDealloc(s);
            deallocateClosure(ch);
            httpConnectFailed(c);
        }
        return;
    }
    const trust = e.trust;
    const r = trust !== null
        ? tlsConnectTrusting(trust, bufferToSString(e.name), httpClientAddress(c), e.port, ch)
        : tlsConnectHost(bufferToSString(e.name), httpClientAddress(c), e.port, ch);
    if (r < 0) {
        deallocateClosure(ch);
        httpConnectFailed(c);
    }
}
