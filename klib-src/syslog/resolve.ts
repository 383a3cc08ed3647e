// The server's address: looked up before first use, again after a transport failure (so that a
// changed address is followed), and every REFRESH interval; failures back off exponentially.
import { timestamp, u32, u64 } from '../dialect';
import {
    Buffer, bufferToSString, ClockId, ConstIpAddr, copyAddress, dnsLookup, ERR_INPROGRESS, ERR_OK, IpAddr,
    kernNow, seconds, SString, VoidPtr,
} from '../nanos';
import { backoffDelay } from './backoff';

const REFRESH_SECONDS: u64 = 300;

let address: IpAddr;
let name: Buffer | null = null;
let known: boolean = false;
let stale: boolean = true;
let lookingUp: boolean = false;
let resolvedAt: timestamp = 0;
let failures: u32 = 0;
let nextTry: timestamp = 0;

export function resolveInit(server: Buffer): void {
    name = server;
}

/** The address to use, once one is known. */
export function serverAddress(): IpAddr {
    return address;
}

export function serverKnown(): boolean {
    return known;
}

/** Asks for a fresh lookup at the next chance (after a connection or send failure). */
export function resolveStale(): void {
    stale = true;
}

function failed(now: timestamp): void {
    nextTry = now + backoffDelay(failures);
    failures++;
}

function answered(now: timestamp): void {
    known = true;
    stale = false;
    failures = 0;
    resolvedAt = now;
}

// lwIP's callback: runs in lwIP context with the DNS lock held, so it only records the answer.
function onFound(host: SString, a: ConstIpAddr | null, arg: VoidPtr): void {
    const now = kernNow(ClockId.Monotonic);
    lookingUp = false;
    if (a === null) {
        failed(now);
        return;
    }
    copyAddress(address, a);
    answered(now);
}

/** Starts a lookup when one is due; the answer may come at once or later. */
export function resolveIfDue(): void {
    if (name === null || lookingUp) return;
    const now = kernNow(ClockId.Monotonic);
    if (!stale && now - resolvedAt < seconds(REFRESH_SECONDS)) return;
    if (now < nextTry) return;
    const e = dnsLookup(bufferToSString(name), address, onFound);
    if (e === ERR_OK) answered(now);
    else if (e === ERR_INPROGRESS) lookingUp = true;
    else failed(now);
}
