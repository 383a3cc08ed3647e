// A Google API endpoint (logging.googleapis.com, monitoring.googleapis.com, or the configured
// ones): its name looked up by DNS (again after a network failure, so a changed address is
// followed), and one HTTP client over TLS to port 443, kept alive between requests, with SNI and
// the certificate checked for the name against ca_cert or the tls klib's default trust.
import { closure, embedded, u32 } from '../dialect';
import {
    Buffer, bufferCompare, bufferToSString, ClockId, ConstIpAddr, copyAddress, dnsLookup, ERR_INPROGRESS, ERR_OK,
    Heap, INVALID_ADDRESS, kernelTimers, registerTimer, SString, Thunk, Timer, TIMER_DISABLED, TimerHandler,
    timerIsActive, VoidPtr, initTimer, allocate,
} from '../nanos';
import { TlsTrust, tlsConnectHost, tlsConnectTrusting } from '../tls/tls';
import {
    HttpClient, httpClientAddress, httpClientNew, httpClientSetConnector, httpConnectFailed, httpConnectionHandler,
} from '../lib/http_client';

const HEAD_CAP: u32 = 16 * 1024;
const BODY_CAP: u32 = 256 * 1024;

export interface Endpoint {
    name: Buffer;
    client: HttpClient;
    trust: TlsTrust | null;
    known: boolean;
    lookingUp: boolean;
    /** What to run once a lookup has answered (either way): the owner checks `known`. */
    then: Thunk | null;
    answered: Timer;
}

// The klib has two endpoints at most (logging, monitoring); the DNS callback tells them apart by name.
let first: Endpoint | null = null;
let second: Endpoint | null = null;

function continueAfterLookup(e: Endpoint | null): void {
    if (e === null || e.lookingUp || e.then === null) return;
    const then: Thunk = e.then!;
    e.then = null;
    then();
}

// The owner's continuation runs from a timer, not from lwIP's DNS callback (which holds lwIP's lock).
function schedule(e: Endpoint): void {
    if (!timerIsActive(e.answered)) registerTimer(kernelTimers, e.answered, ClockId.Monotonic, 0, false, 0, onAnswered);
}

const onAnswered: TimerHandler = embedded((expiry, overruns) => {
    if (overruns === TIMER_DISABLED) return;
    continueAfterLookup(first);
    continueAfterLookup(second);
});

function recordAnswer(e: Endpoint | null, name: SString, a: ConstIpAddr | null): void {
    if (e === null || !e.lookingUp || bufferCompare(e.name, name) !== 0) return;
    e.lookingUp = false;
    if (a !== null) {
        copyAddress(httpClientAddress(e.client), a);
        e.known = true;
    }
    schedule(e);
}

// lwIP's callback (both endpoints may have the same name).
function onFound(name: SString, a: ConstIpAddr | null, arg: VoidPtr): void {
    recordAnswer(first, name, a);
    recordAnswer(second, name, a);
}

/** An endpoint for host `name` (a buffer that lives as long as the klib); null when out of memory. */
export function endpointNew(h: Heap, name: Buffer, trust: TlsTrust | null): Endpoint | null {
    if (second !== null) return null;
    const e: Endpoint = allocate<Endpoint>(h);
    if (e === INVALID_ADDRESS) return null;
    const c = httpClientNew(h, '0.0.0.0', 443, bufferToSString(name), HEAD_CAP, BODY_CAP);
    if (c === null) return null;
    e.name = name;
    e.client = c;
    e.trust = trust;
    e.known = false;
    e.lookingUp = false;
    e.then = null;
    initTimer(e.answered);
    httpClientSetConnector(c, closure(h, () => {
        const ch = httpConnectionHandler(c);
        const t = e.trust;
        const started = t !== null
            ? tlsConnectTrusting(t, bufferToSString(e.name), httpClientAddress(c), 443, ch)
            : tlsConnectHost(bufferToSString(e.name), httpClientAddress(c), 443, ch);
        if (started < 0) httpConnectFailed(c);
    }));
    if (first === null) first = e;
    else second = e;
    return e;
}

/**
 * Runs `then` once the endpoint's address is known, or once a lookup failed (`e.known` says
 * which): at once when it is known, else after the lookup, from a timer.
 */
export function endpointResolve(e: Endpoint, then: Thunk): void {
    if (e.known) {
        then();
        return;
    }
    e.then = then;
    if (e.lookingUp) return;
    const r = dnsLookup(bufferToSString(e.name), httpClientAddress(e.client), onFound);
    if (r === ERR_OK) {
        e.known = true;
        e.then = null;
        then();
    } else if (r === ERR_INPROGRESS) {
        e.lookingUp = true;
    } else {
        schedule(e);
    }
}

/** After a network failure: look the name up again before the next connection. */
export function endpointStale(e: Endpoint): void {
    e.known = false;
}
