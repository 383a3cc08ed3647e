// One rule for reporting failures, shared by every klib, so that an operator reading the console
// sees each outage once, whatever the klib and however long it lasts:
// - the first failure of a kind in a run of failures prints one line: what was tried, where, why
//   (an HTTP status and the service's error code, or a network or TLS reason);
// - a failure of a kind already printed in this run is counted, not printed;
// - the first success after failures prints one line: how long the run lasted and how many
//   attempts failed (only when the run printed a line: a run of failures that are normal, such
//   as an expired token being renewed, is counted but stays quiet from start to end).
// The caller composes the reason; it must never hold a secret or a body, only a status, a
// service's error code or a short reason of our own.
//
// Lines read `<klib>: <operation> to <endpoint>: <reason>` and
// `<klib>: <operation> to <endpoint>: works again after 12 s (7 attempts failed)` ("1 attempt").
//
// Not locked: each run belongs to one flush path (a timer and its connection's handlers). The tls
// klib, whose connections run on any CPU, keeps its own table under a lock (tls/failure_memory.ts)
// and prints the same lines with failureRecoveryLine.
import { bytes, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, BytePtr, ClockId, deallocate, deallocateBuffer, Heap, INVALID_ADDRESS,
    kernNow, rprintf, SString,
} from '../nanos';

/** Kinds of failure that have no HTTP status (the status part of a kind is 0). */
export const enum FailureReason {
    /** The endpoint's name could not be resolved. */
    Dns = 1,
    /** The name could not be resolved again: the last address that worked is used. */
    DnsKeptAddress,
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

/**
 * A kind for an HTTP answer: its status and (a hash of) the service's error code, if any; for a
 * failure without an answer, status 0 and the hash of the client's error text.
 */
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

function runNew(h: Heap): FailureRun | null {
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

/** A run for `operation` on `endpoint`, its lines prefixed by `klib`; null when out of memory. */
export function failureRunNew(h: Heap, klib: SString, operation: SString, endpoint: Buffer): FailureRun | null {
    const f = runNew(h);
    if (f !== null) bprintf(f.subject, `${klib}: ${operation} to ${endpoint}`);
    return f;
}

/** A run whose lines start `<klib>: <what> <name>` (e.g. "cloudwatch: DNS lookup of logs..."). */
export function failureRunOf(h: Heap, klib: SString, what: SString, name: Buffer): FailureRun | null {
    const f = runNew(h);
    if (f !== null) bprintf(f.subject, `${klib}: ${what} ${name}`);
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

// Counts a failed attempt, starting a run if none is under way.
function counted(f: FailureRun): void {
    if (!f.failing) {
        f.failing = true;
        f.since = kernNow(ClockId.Monotonic);
        f.attempts = 0;
        f.kindCount = 0;
    }
    f.attempts++;
    f.total++;
}

/**
 * An attempt failed with `kind`; `reason` says why (printed after the subject when it is the first
 * failure of its kind in this run). True when a line was printed.
 */
export function failureNoted(f: FailureRun, kind: u64, reason: Buffer): boolean {
    counted(f);
    if (!firstOfKind(f, kind)) return false;
    rprintf(`${f.subject}: ${reason}\n`);
    return true;
}

/**
 * An attempt failed in a way someone else has reported, or that is part of normal operation (a
 * token renewed): counted in the run, never printed.
 */
export function failureCounted(f: FailureRun): void {
    counted(f);
}

function attemptsWord(n: u64): SString {
    return n === 1 ? 'attempt' : 'attempts';
}

/** Prints the recovery line of a run under `subject` that lasted `lasted` and failed `attempts` times. */
export function failureRecoveryLine(subject: Buffer, lasted: timestamp, attempts: u64): void {
    const secs: u64 = lasted >> 32;
    // Short runs in milliseconds (a timestamp is 2^32 per second).
    if (secs < 10) {
        const ms: u64 = secs * 1000 + (((lasted & 0xffffffff) * 1000) >> 32);
        rprintf(`${subject}: works again after ${ms} ms (${attempts} ${attemptsWord(attempts)} failed)\n`);
    } else {
        rprintf(`${subject}: works again after ${secs} s (${attempts} ${attemptsWord(attempts)} failed)\n`);
    }
}

/** An attempt succeeded: ends the run, if one is under way, with one line if the run printed any. */
export function failureRecovered(f: FailureRun): void {
    if (!f.failing) return;
    f.failing = false;
    if (f.kindCount === 0) return;
    failureRecoveryLine(f.subject, kernNow(ClockId.Monotonic) - f.since, f.attempts);
}
