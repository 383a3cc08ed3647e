// The server's address: looked up before first use, again after a transport failure (so that a
// changed address is followed), and every `resolve_interval` seconds; failed lookups back off
// (logpipe's shared retry policy). A failed lookup keeps the last address that worked in use:
// at the pinned kernel, lwIP's DNS table copies a name without its terminating NUL, so a lookup
// that lands in a slot last used by a longer name sends a malformed query and fails every time;
// dropping the old address then would stop the output for good. Each answer that differs from the
// previous address starts a new generation, so that a transport can tell that the address it is
// using has been replaced. Failures and the recovery are reported by lib/failures.ts's rule (one
// line for the first failure, one when a lookup works again), from the network path.
//
// Locking. resolveIfDue runs on the network path (the flush timer or the shutdown completion, one
// at a time under network.ts's guard). onFound runs in lwIP's DNS context (its timer or a received
// answer, on any CPU, with lwIP's DNS lock held), and can even run inside dnsLookup, before it
// returns ERR_INPROGRESS (lwIP reports a query it cannot send at once that way). The transports and
// the TLS connector read the address from the network path. So:
// 1. every module variable below `lock` is read and changed only with `lock` held, and the lock is
//    held only for that (loads, stores, formatting an address into a preallocated buffer);
// 2. dnsLookup is called without `lock`, as onFound takes it (the order is lwIP's DNS lock, then
//    ours; we never call into lwIP with ours held);
// 3. `lookingUp` is claimed before dnsLookup is called, so an answer that comes before dnsLookup
//    returns finds it set and clears it, and no second lookup starts while one is under way;
// 4. lwIP writes an immediate (ERR_OK) answer into `immediate`, not into `address`: only the one
//    lookup under way writes `immediate`, and the answer is copied into `address` under the lock;
// 5. readers get a copy of the address (resolveCopyAddress) taken under the lock, never a pointer
//    to `address`, which an answer may rewrite at any time;
// 6. the outcome of a lookup is noted under the lock (`outcome`) and reported by the next
//    resolveIfDue, on the network path (failures.ts is not locked). A lookup started before the
//    interface had an address (DHCP not answered yet) fails without a word: it could not work.
import { timestamp, u32, u64 } from '../dialect';
import {
    allocateBuffer, bprintf, Buffer, bufferClear, bufferCompare, bufferToSString, ClockId, constAddress, ConstIpAddr,
    copyAddress, deallocateBuffer, dnsLookup, ERR_INPROGRESS, ERR_OK, Heap, INVALID_ADDRESS, IPADDR_STRLEN_MAX, IpAddr,
    kernNow, milliseconds, pushBuffer, seconds, spinLockIrq, Spinlock, spinUnlockIrq, SString, VoidPtr, writeAddress,
} from '../nanos';
import { failureKind, FailureReason, failureNoted, failureRecovered, FailureRun, failureRunOf } from '../lib/failures';
import { LogpipeRetry, logpipeRetryCreate, logpipeRetryDelay, logpipeRetryReset } from '../logpipe/retry';
import { networkHasAddress } from './hostname';

/** At shutdown, the wait before a failed lookup is tried again (the network may be coming up). */
const HURRY_RETRY_MS: u64 = 250;
/** Lookup retries: the shared policy (full jitter below 1 s, 2 s, 4 s, ... 60 s). */
const RETRY_BASE_MS: u64 = 1000;
const RETRY_CAP_MS: u64 = 60000;

/** The last lookup's outcome, until resolveIfDue reports it. */
const enum Outcome { None, Failed, Answered }

// Set at init, then only read.
let name: Buffer | null = null;
let refreshSeconds: u64 = 300;
/** Where lwIP writes an immediate answer: only the lookup under way (rule 4) touches it. */
let immediate: IpAddr;
// Used by the network path only.
let failureRun: FailureRun | null = null;
let reason: Buffer | null = null;

let lock: Spinlock;
let address: IpAddr;
/** The text form of `address`, and scratch space for a new answer's: to tell a changed address. */
let addressText: Buffer | null = null;
let answerText: Buffer | null = null;
let generation: u32 = 0;
let known: boolean = false;
let stale: boolean = true;
let lookingUp: boolean = false;
let resolvedAt: timestamp = 0;
let retry: LogpipeRetry | null = null;
let nextTry: timestamp = 0;
let outcome: Outcome = Outcome.None;
/** The lookup under way started before the interface had an address: its failure is not told. */
let lookupQuiet: boolean = false;
/** At shutdown: a failed lookup is tried again after HURRY_RETRY, not after the backoff. */
let hurry: boolean = false;

/** Prepares lookups of `server`, repeated every `refresh` seconds; false when memory is short. */
export function resolveInit(h: Heap, server: Buffer, refresh: u64): boolean {
    const a = allocateBuffer(h, IPADDR_STRLEN_MAX + 1);
    const b = allocateBuffer(h, IPADDR_STRLEN_MAX + 1);
    const text = allocateBuffer(h, 128);
    const r = logpipeRetryCreate(h, milliseconds(RETRY_BASE_MS), milliseconds(RETRY_CAP_MS));
    if (a === INVALID_ADDRESS || b === INVALID_ADDRESS || text === INVALID_ADDRESS ||
        r === null) {
        return false;
    }
    failureRun = failureRunOf(h, 'syslog', 'DNS lookup of', server);
    if (failureRun === null) return false;
    reason = text;
    retry = r;
    addressText = a;
    answerText = b;
    name = server;
    refreshSeconds = refresh;
    return true;
}

/**
 * Copies the server's address into `dst` (once one is known: see serverKnown) and returns its
 * generation, which changes whenever a lookup gives a different address.
 */
export function resolveCopyAddress(dst: IpAddr): u32 {
    const flags = spinLockIrq(lock);
    copyAddress(dst, constAddress(address));
    const g = generation;
    spinUnlockIrq(lock, flags);
    return g;
}

/** The generation of the current address (see resolveCopyAddress). */
export function resolveGeneration(): u32 {
    const flags = spinLockIrq(lock);
    const g = generation;
    spinUnlockIrq(lock, flags);
    return g;
}

export function serverKnown(): boolean {
    const flags = spinLockIrq(lock);
    const k = known;
    spinUnlockIrq(lock, flags);
    return k;
}

/** True while a lookup is under way: a new connection had better wait for its answer. */
export function resolveInFlight(): boolean {
    const flags = spinLockIrq(lock);
    const busy = lookingUp;
    spinUnlockIrq(lock, flags);
    return busy;
}

/** Asks for a fresh lookup at the next chance (after a connection or send failure). */
export function resolveStale(): void {
    const flags = spinLockIrq(lock);
    stale = true;
    spinUnlockIrq(lock, flags);
}

// A lookup failed: the old address (if any) stays in use. Lock held.
function failed(now: timestamp): void {
    lookingUp = false;
    const delay = retry !== null ? logpipeRetryDelay(retry) : milliseconds(RETRY_CAP_MS);
    nextTry = now + (hurry ? milliseconds(HURRY_RETRY_MS) : delay);
    outcome = lookupQuiet ? Outcome.None : Outcome.Failed;
}

/** The shutdown has begun: a lookup may start at once, and a failed one is retried soon. */
export function resolveHurry(): void {
    const flags = spinLockIrq(lock);
    hurry = true;
    nextTry = 0;
    spinUnlockIrq(lock, flags);
}

// A lookup answered `a`. Lock held: only stores, and formatting into the preallocated buffers.
function answered(now: timestamp, a: ConstIpAddr): void {
    const text = answerText;
    const lastText = addressText;
    if (text !== null && lastText !== null) {
        bufferClear(text);
        writeAddress(text, a);
        if (!known || bufferCompare(lastText, bufferToSString(text)) !== 0) {
            generation++;
            answerText = lastText;
            addressText = text;
        }
    }
    copyAddress(address, a);
    known = true;
    stale = false;
    lookingUp = false;
    if (retry !== null) logpipeRetryReset(retry);
    outcome = Outcome.Answered;
    resolvedAt = now;
}

// lwIP's callback (a DnsFound function pointer): its DNS context, or inside dnsLookup (rule 3).
function onFound(host: SString, a: ConstIpAddr | null, arg: VoidPtr): void {
    const now = kernNow(ClockId.Monotonic);
    const flags = spinLockIrq(lock);
    if (a === null) failed(now);
    else answered(now, a);
    spinUnlockIrq(lock, flags);
}

// Reports the last lookup's outcome, if not yet done: a failure by failures.ts's rule (saying which
// address stays in use), or the recovery. Network path only.
function reportOutcome(): void {
    const run = failureRun;
    const text = reason;
    if (run === null || text === null) return;
    const flags = spinLockIrq(lock);
    const o = outcome;
    outcome = Outcome.None;
    if (o === Outcome.Failed) {
        // Formatting into the preallocated buffer, under the lock (rule 1): the address may change.
        bufferClear(text);
        bprintf(text, 'no answer (an unknown name, or no DNS server answered); ');
        if (known && addressText !== null) {
            bprintf(text, 'still sending to ');
            pushBuffer(text, addressText);
        } else {
            bprintf(text, 'the lines wait in the buffer');
        }
    }
    spinUnlockIrq(lock, flags);
    if (o === Outcome.Failed) failureNoted(run, failureKind(FailureReason.Dns), text);
    else if (o === Outcome.Answered) failureRecovered(run);
}

/** Starts a lookup when one is due; the answer may come at once or later. Network path only. */
export function resolveIfDue(): void {
    const server = name;
    if (server === null) return;
    reportOutcome();
    const quiet = !networkHasAddress();
    const now = kernNow(ClockId.Monotonic);
    let flags = spinLockIrq(lock);
    const due = !lookingUp && (stale || now - resolvedAt >= seconds(refreshSeconds)) && now >= nextTry;
    if (due) {
        lookingUp = true;
        lookupQuiet = quiet;
    }
    spinUnlockIrq(lock, flags);
    if (!due) return;
    const e = dnsLookup(bufferToSString(server), immediate, onFound);
    if (e === ERR_INPROGRESS) return;   // onFound clears lookingUp (it may have done so already)
    flags = spinLockIrq(lock);
    if (e === ERR_OK) answered(now, constAddress(immediate));
    else failed(now);
    spinUnlockIrq(lock, flags);
}
