// An HTTPS (or HTTP) endpoint of an AWS API: a name looked up by DNS before every new connection
// (so a changed address is followed), a kept-alive HTTP client, and TLS with SNI and certificate
// checks through the tls klib, against the configured CA or the tls klib's default trust.
import { bytes, closure, u16 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, bufferLength, bufferToSString, bufferWriteFrom, bufferData, ClockId,
    ConstIpAddr, copyAddress, deallocate, directConnect, ERR_INPROGRESS, ERR_OK, Heap, INVALID_ADDRESS, initTimer,
    isOk, kernelTimers, registerTimer, SString, Status, Thunk, Timer, TIMER_DISABLED, TimerHandler, timmDealloc,
    VoidPtr,
} from '../nanos';
import { TlsTrust, tlsConnectHost, tlsConnectTrusting } from '../tls/tls';
import {
    HttpClient, httpClientAddress, httpClientNew, httpClientPort, httpClientSetConnector, httpConnectFailed,
    httpConnectionHandler,
} from '../lib/http_client';
import { dnsLookupWith } from './bindings';
import { parseDecimal } from '../lib/config_values';

/** Room for a response's header block and body (API answers are small). */
const HEAD_CAP: bytes = 8192;
const BODY_CAP: bytes = 65536;

export interface Endpoint {
    h: Heap;
    /** The host name (no port), for DNS, SNI and the certificate check. */
    name: Buffer;
    port: u16;
    tls: boolean;
    trust: TlsTrust | null;
    client: HttpClient;
    /** The DNS answer arrived: connect from a timer, outside lwIP's callback. */
    answered: boolean;
    answerTimer: Timer;
    onAnswerTimer: TimerHandler;
    connector: Thunk;
}

/**
 * An endpoint for `override` (host[:port], from the configuration) or else `defaultName` on
 * `defaultPort`. Null when out of memory.
 */
export function endpointNew(h: Heap, override: Buffer | null, defaultName: Buffer, defaultPort: u16, tls: boolean,
                            trust: TlsTrust | null): Endpoint | null {
    const e: Endpoint = allocate<Endpoint>(h);
    if (e === INVALID_ADDRESS) return null;
    e.h = h;
    e.tls = tls;
    e.trust = trust;
    e.answered = false;
    initTimer(e.answerTimer);
    e.name = allocateBuffer(h, 64);
    if (e.name === INVALID_ADDRESS) {
        deallocate(h, e);
        return null;
    }
    e.port = defaultPort;
    if (override === null) {
        bufferWriteFrom(e.name, bufferData(defaultName), 0, bufferLength(defaultName));
    } else {
        const n = bufferLength(override);
        let colon: bytes = n;
        for (let i: bytes = 0; i < n; i++) if (bufferData(override)[i] === 58) colon = i;
        bufferWriteFrom(e.name, bufferData(override), 0, colon);
        if (colon < n) e.port = parseDecimal(override, colon + 1, n) as u16;
    }
    const c = httpClientNew(h, '0.0.0.0', e.port, bufferToSString(e.name), HEAD_CAP, BODY_CAP);
    if (c === null) {
        deallocate(h, e);
        return null;
    }
    e.client = c;
    e.onAnswerTimer = closure(h, (expiry, overruns) => {
        if (overruns === TIMER_DISABLED) return;
        answerArrived(e);
    });
    e.connector = closure(h, () => {
        lookUp(e);
    });
    httpClientSetConnector(c, e.connector);
    return e;
}

/** The host name as the Host header carries it (with :port when not the scheme's default). */
export function endpointHost(e: Endpoint): Buffer {
    return e.client.host;
}

// The connector: the HTTP client wants a new connection.
function lookUp(e: Endpoint): void {
    e.answered = false;
    const r = dnsLookupWith(bufferToSString(e.name), httpClientAddress(e.client), onDnsAnswer, e);
    if (r === ERR_OK) {
        connect(e);
    } else if (r !== ERR_INPROGRESS) {
        httpConnectFailed(e.client);
    }
}

// lwIP's callback (lwIP context, DNS lock held): only record the answer and defer the connect.
function onDnsAnswer(name: SString, addr: ConstIpAddr | null, arg: VoidPtr): void {
    const e = arg as Endpoint;
    e.answered = addr !== null;
    if (addr !== null) copyAddress(httpClientAddress(e.client), addr);
    registerTimer(kernelTimers, e.answerTimer, ClockId.Monotonic, 0, false, 0, e.onAnswerTimer);
}

function answerArrived(e: Endpoint): void {
    if (e.answered) connect(e);
    else httpConnectFailed(e.client);
}

function connect(e: Endpoint): void {
    const c = e.client;
    const port = httpClientPort(c);
    if (!e.tls) {
        const s: Status = directConnect(e.h, httpClientAddress(c), port, httpConnectionHandler(c));
        if (!isOk(s)) {
            timmDealloc(s);
            httpConnectFailed(c);
        }
        return;
    }
    const trust = e.trust;
    const r = trust !== null
        ? tlsConnectTrusting(trust, bufferToSString(e.name), httpClientAddress(c), port, httpConnectionHandler(c))
        : tlsConnectHost(bufferToSString(e.name), httpClientAddress(c), port, httpConnectionHandler(c));
    if (r < 0) httpConnectFailed(c);
}
