// The failure rule (klib-src/lib/failures.ts) for the tls klib's own lines, per server name: the
// first failure of a kind in a run of failed connections to a server prints its line (handshake
// failed, certificate rejected, timed out, connection failed); repeats are counted; the first
// handshake to that server that succeeds after a printed failure prints one line with how long the
// run lasted and how many attempts failed. Connections run on any CPU: the table is locked, and
// lines are printed after the lock is let go.
import { bytes, timestamp, u32, u64 } from '../dialect';
import { BytePtr, ClockId, kernNow, rprintf, spinLockIrq, Spinlock, spinUnlockIrq } from '../nanos';
import { sstringOfBytes } from '../nanos/tls';

/** Servers remembered at once; a run of failures to a further one takes the oldest idle place. */
const SERVERS: u32 = 8;
/** Kinds printed per run; more kinds in one run are counted only. */
const KINDS: u32 = 4;

/** Kinds of failure (certificate and handshake failures carry mbedtls's flags or error code too). */
export const enum TlsFailure { TimedOut = 1, LostInHandshake, ConnectFailed, CertificateRejected, HandshakeFailed }

let lock!: Spinlock;
/** Per place: the name's hash (0: free), whether a run is under way, since when, how many failures, the kinds printed. */
let names!: Fixed<u64, 8>;
let failing!: Fixed<u32, 8>;
let since!: Fixed<u64, 8>;
let attempts!: Fixed<u64, 8>;
let printed!: Fixed<u32, 8>;
let kinds!: Fixed<u64, 32>;

// FNV-1a (32 bits) of the NUL-terminated name (at most `max` bytes) and its length, never 0: two
// names colliding would only share their lines.
function hashOf(name: BytePtr, max: bytes): u64 {
    let hash: u64 = 2166136261;
    let i: bytes = 0;
    for (; i < max && name[i] !== 0; i++) hash = ((hash ^ name[i]) * 16777619) & 0xffffffff;
    return (i << 32) | hash | 1;
}

// The place of `hash`, or -1; lock held.
function find(hash: u64): u32 {
    for (let i: u32 = 0; i < SERVERS; i++) if (names[i] === hash) return i;
    return SERVERS;
}

/**
 * A connection to the server named `name` (NUL-terminated, at most `max` bytes) failed with
 * `kind`: true when its line is to be printed (the first of its kind in this server's run).
 */
export function tlsFailureIsNew(name: BytePtr, max: bytes, kind: u64): boolean {
    const hash = hashOf(name, max);
    const now: timestamp = kernNow(ClockId.Monotonic);
    const flags = spinLockIrq(lock);
    let at: u32 = find(hash);
    if (at === SERVERS) {
        // A free place, else the one idle longest, else the oldest run.
        at = 0;
        for (let i: u32 = 0; i < SERVERS; i++) {
            if (names[i] === 0 || (failing[i] === 0 && (failing[at] !== 0 || since[i] < since[at]))) at = i;
            if (names[i] === 0) break;
        }
        names[at] = hash;
        failing[at] = 0;
    }
    if (failing[at] === 0) {
        failing[at] = 1;
        since[at] = now;
        attempts[at] = 0;
        printed[at] = 0;
    }
    attempts[at]++;
    let fresh: boolean = printed[at] < KINDS;
    for (let k: u32 = 0; fresh && k < printed[at]; k++) if (kinds[at * KINDS + k] === kind) fresh = false;
    if (fresh) {
        kinds[at * KINDS + printed[at]] = kind;
        printed[at]++;
    }
    spinUnlockIrq(lock, flags);
    return fresh;
}

/** A handshake to the server named `name` succeeded: the line that ends its run, if one printed a line. */
export function tlsHandshakeWorks(name: BytePtr, max: bytes): void {
    const hash = hashOf(name, max);
    const flags = spinLockIrq(lock);
    const at: u32 = find(hash);
    let lasted: timestamp = 0;
    let tries: u64 = 0;
    let say: boolean = false;
    if (at < SERVERS && failing[at] !== 0) {
        failing[at] = 0;
        say = printed[at] > 0;
        lasted = kernNow(ClockId.Monotonic) - since[at];
        tries = attempts[at];
        // The time the run ended: the place idle longest is taken first.
        since[at] = kernNow(ClockId.Monotonic);
    }
    spinUnlockIrq(lock, flags);
    if (!say) return;
    const text = sstringOfBytes(name, max);
    const secs: u64 = lasted >> 32;
    if (secs < 10) {
        const ms: u64 = secs * 1000 + (((lasted & 0xffffffff) * 1000) >> 32);
        rprintf(`tls: ${text}: handshake works again after ${ms} ms (${tries} attempts failed)\n`);
    } else {
        rprintf(`tls: ${text}: handshake works again after ${secs} s (${tries} attempts failed)\n`);
    }
}
