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
// answer, on any CPU, with lwIP's DNS lock held), and can even run inside dnsLookupWith, before it
// returns ERR_INPROGRESS (lwIP reports a query it cannot send at once that way). The transports and
// the TLS connector read the address from the network path. So:
// 1. every field of the resolver below `lock` is read and changed only with `lock` held, and the
//    lock is held only for that (loads, stores, formatting an address into a preallocated buffer);
// 2. dnsLookupWith is called without `lock`, as onFound takes it (the order is lwIP's DNS lock,
//    then ours; we never call into lwIP with ours held);
// 3. `lookingUp` is claimed before dnsLookupWith is called, so an answer that comes before
//    dnsLookupWith returns finds it set and clears it, and no second lookup starts while one is
//    under way;
// 4. lwIP writes an immediate (ERR_OK) answer into `immediate`, not into `address`: only the one
//    lookup under way writes `immediate`, and the answer is copied into `address` under the lock;
// 5. readers get a copy of the address (resolveCopyAddress) taken under the lock, never a pointer
//    to `address`, which an answer may rewrite at any time;
// 6. the outcome of a lookup is noted under the lock (`outcome`) and reported by the next
//    resolveIfDue, on the network path (failures.ts is not locked). A lookup started before the
//    interface had an address (DHCP not answered yet) fails without a word: it could not work.
import { timestamp, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, bufferClear, bufferCompare, bufferToSString, ClockId, constAddress,
    ConstIpAddr, copyAddress, dnsLookupWith, ERR_INPROGRESS, ERR_OK, Heap, INVALID_ADDRESS, IPADDR_STRLEN_MAX, IpAddr,
    kernNow, milliseconds, pushBuffer, seconds, spinLockInit, spinLockIrq, Spinlock, spinUnlockIrq, SString, VoidPtr,
    writeAddress,
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
export const enum LookupOutcome { None, Failed, Answered }

/** The resolver: allocated at init, passed to the network path and the transports. */
export interface Resolver {
    // Set at init, then only read.
    name: Buffer;
    refreshSeconds: u64;
    /** Where lwIP writes an immediate answer: only the lookup under way (rule 4) touches it. */
    immediate: IpAddr;
    // Used by the network path only.
    failureRun: FailureRun;
    reason: Buffer;

    lock: Spinlock;
    address: IpAddr;
    /** The text form of `address`, and scratch space for a new answer's: to tell a changed address. */
    addressText: Buffer;
    answerText: Buffer;
    generation: u32;
    known: boolean;
    stale: boolean;
    lookingUp: boolean;
    resolvedAt: timestamp;
    retry: LogpipeRetry;
    nextTry: timestamp;
    outcome: LookupOutcome;
    /** The lookup under way started before the interface had an address: its failure is not told. */
    lookupQuiet: boolean;
    /** At shutdown: a failed lookup is tried again after HURRY_RETRY, not after the backoff. */
    hurry: boolean;
}

/** Prepares lookups of `server`, repeated every `refresh` seconds; null when memory is short. */
export function resolverNew(h: Heap, server: Buffer, refresh: u64): Resolver | null {
    const r: Resolver = allocate<Resolver>(h);
    const a = allocateBuffer(h, IPADDR_STRLEN_MAX + 1);
    const b = allocateBuffer(h, IPADDR_STRLEN_MAX + 1);
    const text = allocateBuffer(h, 128);
    const retry = logpipeRetryCreate(h, milliseconds(RETRY_BASE_MS), milliseconds(RETRY_CAP_MS));
    if (r === INVALID_ADDRESS || a === INVALID_ADDRESS || b === INVALID_ADDRESS || text === INVALID_ADDRESS ||
        retry === null) {
        return null;
    }
    const run = failureRunOf(h, 'syslog', 'DNS lookup of', server);
    if (run === null) return null;
    r.name = server;
    r.refreshSeconds = refresh;
    r.failureRun = run;
    r.reason = text;
    spinLockInit(r.lock);
    r.addressText = a;
    r.answerText = b;
    r.generation = 0;
    r.known = false;
    r.stale = true;
    r.lookingUp = false;
    r.resolvedAt = 0;
    r.retry = retry;
    r.nextTry = 0;
    r.outcome = LookupOutcome.None;
    r.lookupQuiet = false;
    r.hurry = false;
    return r;
}

/**
 * Copies the server's address into `dst` (once one is known: see serverKnown) and returns its
 * generation, which changes whenever a lookup gives a different address.
 */
export function resolveCopyAddress(r: Resolver, dst: IpAddr): u32 {
    const flags = spinLockIrq(r.lock);
    copyAddress(dst, constAddress(r.address));
    const g = r.generation;
    spinUnlockIrq(r.lock, flags);
    return g;
}

export function serverKnown(r: Resolver): boolean {
    const flags = spinLockIrq(r.lock);
    const k = r.known;
    spinUnlockIrq(r.lock, flags);
    return k;
}

/** True while a lookup is under way: a new connection had better wait for its answer. */
export function resolveInFlight(r: Resolver): boolean {
    const flags = spinLockIrq(r.lock);
    const busy = r.lookingUp;
    spinUnlockIrq(r.lock, flags);
    return busy;
}

/** Asks for a fresh lookup at the next chance (after a connection or send failure). */
export function resolveStale(r: Resolver): void {
    const flags = spinLockIrq(r.lock);
    r.stale = true;
    spinUnlockIrq(r.lock, flags);
}

// A lookup failed: the old address (if any) stays in use. Lock held.
function failed(r: Resolver, now: timestamp): void {
    r.lookingUp = false;
    const delay = logpipeRetryDelay(r.retry);
    r.nextTry = now + (r.hurry ? milliseconds(HURRY_RETRY_MS) : delay);
    r.outcome = r.lookupQuiet ? LookupOutcome.None : LookupOutcome.Failed;
}

/** The shutdown has begun: a lookup may start at once, and a failed one is retried soon. */
export function resolveHurry(r: Resolver): void {
    const flags = spinLockIrq(r.lock);
    r.hurry = true;
    r.nextTry = 0;
    spinUnlockIrq(r.lock, flags);
}

// A lookup answered `a`. Lock held: only stores, and formatting into the preallocated buffers.
function answered(r: Resolver, now: timestamp, a: ConstIpAddr): void {
    const text = r.answerText;
    const lastText = r.addressText;
    bufferClear(text);
    writeAddress(text, a);
    if (!r.known || bufferCompare(lastText, bufferToSString(text)) !== 0) {
        r.generation++;
        r.answerText = lastText;
        r.addressText = text;
    }
    copyAddress(r.address, a);
    r.known = true;
    r.stale = false;
    r.lookingUp = false;
    logpipeRetryReset(r.retry);
    r.outcome = LookupOutcome.Answered;
    r.resolvedAt = now;
}

// lwIP's callback (a DnsFound function pointer, given the resolver as its argument): its DNS
// context, or inside dnsLookupWith (rule 3).
function onFound(host: SString, a: ConstIpAddr | null, arg: VoidPtr): void {
    const r = arg as Resolver;
    const now = kernNow(ClockId.Monotonic);
    const flags = spinLockIrq(r.lock);
    if (a === null) failed(r, now);
    else answered(r, now, a);
    spinUnlockIrq(r.lock, flags);
}

// Reports the last lookup's outcome, if not yet done: a failure by failures.ts's rule (saying which
// address stays in use), or the recovery. Network path only.
function reportOutcome(r: Resolver): void {
    const run = r.failureRun;
    const text = r.reason;
    const flags = spinLockIrq(r.lock);
    const o = r.outcome;
    r.outcome = LookupOutcome.None;
    if (o === LookupOutcome.Failed) {
        // Formatting into the preallocated buffer, under the lock (rule 1): the address may change.
        bufferClear(text);
        bprintf(text, 'no answer (an unknown name, or no DNS server answered); ');
        if (r.known) {
            bprintf(text, 'still sending to ');
            pushBuffer(text, r.addressText);
        } else {
            bprintf(text, 'the lines wait in the buffer');
        }
    }
    spinUnlockIrq(r.lock, flags);
    if (o === LookupOutcome.Failed) failureNoted(run, failureKind(FailureReason.Dns), text);
    else if (o === LookupOutcome.Answered) failureRecovered(run);
}

/** Starts a lookup when one is due; the answer may come at once or later. Network path only. */
export function resolveIfDue(r: Resolver): void {
    reportOutcome(r);
    const quiet = !networkHasAddress();
    const now = kernNow(ClockId.Monotonic);
    let flags = spinLockIrq(r.lock);
    const due = !r.lookingUp && (r.stale || now - r.resolvedAt >= seconds(r.refreshSeconds)) && now >= r.nextTry;
    if (due) {
        r.lookingUp = true;
        r.lookupQuiet = quiet;
    }
    spinUnlockIrq(r.lock, flags);
    if (!due) return;
    const e = dnsLookupWith(bufferToSString(r.name), r.immediate, onFound, r);
    if (e === ERR_INPROGRESS) return;   // onFound clears lookingUp (it may have done so already)
    flags = spinLockIrq(r.lock);
    if (e === ERR_OK) answered(r, now, constAddress(r.immediate));
    else failed(r, now);
    spinUnlockIrq(r.lock, flags);
}
