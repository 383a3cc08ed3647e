// One rule for reporting failures, shared by every klib, so that an operator reading the console
// sees each outage once, whatever the klib and however long it lasts:
// - the first failure of a kind in a run of failures prints one line: what was tried, where, why
//   (an HTTP status and the service's error code, or a network or TLS reason);
// - a failure of a kind already printed in this run is counted, not printed;
// - the first success after failures prints one line: how long the run lasted and how many
//   attempts failed.
// The caller composes the reason; it must never hold a secret or a body, only a status, a
// service's error code or a short reason of our own.
//
// Lines read `<klib>: <operation> to <endpoint>: <reason>` and
// `<klib>: <operation> to <endpoint>: works again after 12 s (7 attempts failed)` ("1 attempt").
//
// Not locked: each run belongs to one flush path (a timer and its connection's handlers).
import { bytes, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, BytePtr, ClockId, deallocate, deallocateBuffer, Heap, INVALID_ADDRESS,
    kernNow, rprintf, SString,
} from '../nanos';

/** Kinds of failure that have no HTTP status (the status part of a kind is 0). */
export const enum FailureReason {
    /** The endpoint's name could not be resolved. */
    Dns = 1,
    /** The connection (TCP or the TLS handshake) could not be made. */
    Connect,
    /** The connection was closed or reset before the answer was whole. */
    Lost,
    /** No (whole) answer within the request's time limit. */
    Timeout,
    /** The answer could not be read as HTTP, or as what the API answers. */
    Malformed,
    /** The request could not be made (out of memory). */
    Memory,
}

/** How many different kinds one run prints; more kinds in one run are counted only. */
const KINDS_SHOWN: u32 = 8;

/** A run of failures of one operation on one endpoint (and the totals since boot). */
export interface FailureRun {
    /** `<klib>: <operation> to <endpoint>`, the start of every line. */
    subject: Buffer;
    failing: boolean;
    /** When the run's first failure happened (monotonic). */
    since: timestamp;
    /** Failed attempts in this run. */
    attempts: u64;
    /** The kinds this run printed. */
    kinds: Fixed<u64, 8>;
    kindCount: u32;
    /** Failures since boot (all runs). */
    total: u64;
}

/** A kind for an HTTP answer: its status and (a hash of) the service's error code, if any. */
export function failureKindHttp(status: u32, code: BytePtr | null, codeLength: bytes): u64 {
    // FNV-1a of the code: two codes colliding would only merge two kinds' lines.
    let hash: u64 = 2166136261;
    if (code !== null) {
        for (let i: bytes = 0; i < codeLength; i++) hash = ((hash ^ code[i]) * 16777619) & 0xffffffff;
    }
    return ((status as u64) << 32) | hash;
}

/** A kind for a failure without an HTTP answer. */
export function failureKind(reason: FailureReason): u64 {
    return reason as u64;
}

/** A run for `operation` on `endpoint`, its lines prefixed by `klib`; null when out of memory. */
export function failureRunNew(h: Heap, klib: SString, operation: SString, endpoint: Buffer): FailureRun | null {
    const f = failureRunEmpty(h);
    if (f !== null) bprintf(f.subject, `${klib}: ${operation} to ${endpoint}`);
    return f;
}

/**
 * A run for something that goes to no endpoint (a DNS lookup of a name): its lines read
 * `<klib>: <what>: <reason>`; null when out of memory.
 */
export function failureRunNamed(h: Heap, klib: SString, what: Buffer): FailureRun | null {
    const f = failureRunEmpty(h);
    if (f !== null) bprintf(f.subject, `${klib}: ${what}`);
    return f;
}

// A run with an empty subject, for the constructors above.
function failureRunEmpty(h: Heap): FailureRun | null {
    const f: FailureRun = allocate<FailureRun>(h);
    if (f === INVALID_ADDRESS) return null;
    f.subject = allocateBuffer(h, 96);
    if (f.subject === INVALID_ADDRESS) {
        deallocate(h, f);
        return null;
    }
    f.failing = false;
    f.since = 0;
    f.attempts = 0;
    f.kindCount = 0;
    f.total = 0;
    return f;
}

export function failureRunFree(h: Heap, f: FailureRun): void {
    deallocateBuffer(f.subject);
    deallocate(h, f);
}

// Whether this run has printed `kind` already; records it (while there is room) if not.
function firstOfKind(f: FailureRun, kind: u64): boolean {
    for (let i: u32 = 0; i < f.kindCount; i++) {
        if (f.kinds[i] === kind) return false;
    }
    if (f.kindCount === KINDS_SHOWN) return false;
    f.kinds[f.kindCount] = kind;
    f.kindCount++;
    return true;
}

/**
 * An attempt failed with `kind`; `reason` says why (printed after the subject when it is the first
 * failure of its kind in this run). True when a line was printed.
 */
export function failureNoted(f: FailureRun, kind: u64, reason: Buffer): boolean {
    if (!f.failing) {
        f.failing = true;
        f.since = kernNow(ClockId.Monotonic);
        f.attempts = 0;
        f.kindCount = 0;
    }
    f.attempts++;
    f.total++;
    if (!firstOfKind(f, kind)) return false;
    rprintf(`${f.subject}: ${reason}\n`);
    return true;
}

function attemptsWord(n: u64): SString {
    return n === 1 ? 'attempt' : 'attempts';
}

/** An attempt succeeded: ends the run, if one is under way, with one line. */
export function failureRecovered(f: FailureRun): void {
    if (!f.failing) return;
    f.failing = false;
    const lasted: timestamp = kernNow(ClockId.Monotonic) - f.since;
    const secs: u64 = lasted >> 32;
    // Short runs in milliseconds (a timestamp is 2^32 per second).
    if (secs < 10) {
        const ms: u64 = secs * 1000 + (((lasted & 0xffffffff) * 1000) >> 32);
        rprintf(`${f.subject}: works again after ${ms} ms (${f.attempts} ${attemptsWord(f.attempts)} failed)\n`);
    } else {
        rprintf(`${f.subject}: works again after ${secs} s (${f.attempts} ${attemptsWord(f.attempts)} failed)\n`);
    }
}
