// UDP transport (RFC 5426): one datagram per message, sent from the flush path. A message that
// cannot be sent (no packet memory, no route) stays in the log pipe for the next flush. Every flush
// sends to the address the last lookup gave, so a changed address is followed at the next
// periodic lookup (UDP sees no failure when a server goes away).
//
// Locking: the transport's record is used by the network path only (the flush timer or the shutdown
// completion, one at a time under network.ts's guard); the address is copied out of resolve.ts
// under its lock, as a DNS answer can rewrite it at any time.
import { timestamp, u16, u32, u64 } from '../dialect';
import {
    allocate, Buffer, bufferAt, bufferClear, bufferLength, ClockId, copyBytes, ERR_OK, Heap, INVALID_ADDRESS, IpAddr,
    kernNow, milliseconds, pbufAlloc,
    pbufFree, pbufPayload, seconds, udpNew, UdpPcb, udpSendto,
} from '../nanos';
import {
    logpipeFirstEvent, logpipeNextEvent, logpipeRelease, logpipeReleaseBefore, logpipeSetLimits, logpipeTakeBatch,
} from '../logpipe/batch';
import { LogPipe } from '../logpipe/ring';
import { Config } from './config';
import { writeMessage } from './message';
import { resolveCopyAddress, Resolver, resolveStale } from './resolve';

// lwIP keeps only 3 packets per address while ARP resolves it, and beyond that drops the oldest
// without a word: the first batch to an address (the very first, or the first after the address
// changed) is no more than that, and nothing more goes until ARP_WAIT has passed.
const FIRST_BATCH: u32 = 3;
const ARP_WAIT_MS: u64 = 200;
// After that, datagrams go at up to RATE a second, in bursts of at most BUCKET (a token bucket):
// a receiver's socket buffer (Linux's default holds about a hundred datagrams from a bridge) takes
// many small bursts where it drops part of a large one. So while lines wait, network.ts flushes
// again after 10 ms (udpBacklog), and at shutdown its ticker flushes every 10 ms; a flush that
// comes late (timers under QEMU's emulation fired every 15-35 ms) sends what the time since the
// last one allows, up to BUCKET. (With bursts of up to 1,000 every 200 ms, a Nanos VM under QEMU
// on a busy host lost 5-30% of a 50,000-line burst: at the receiver, Debian's rsyslog with its
// default buffer, and in the VM.)
const BUCKET: u64 = 100;
const RATE: u64 = 5000;
/** A batch is a burst: its size is the pace's, not a number of bytes. */
const NO_BYTE_LIMIT: u64 = 0xffffffffffffffffn;

/** UDP's state: allocated at init, used by the network path only (see the top). */
export interface UdpTransport {
    pcb: UdpPcb | null;
    sentBefore: boolean;
    firstSentAt: timestamp;
    tokens: u64;
    /** The last flush sent a whole burst: more may wait. */
    backlog: boolean;
    refilledAt: timestamp;
    target: IpAddr;
    targetGeneration: u32;
}

/** The transport's record; null when memory is short. */
export function udpTransportNew(h: Heap): UdpTransport | null {
    const u: UdpTransport = allocate<UdpTransport>(h);
    if (u === INVALID_ADDRESS) return null;
    u.pcb = null;
    u.sentBefore = false;
    u.firstSentAt = 0;
    u.tokens = BUCKET;
    u.backlog = false;
    u.refilledAt = 0;
    u.targetGeneration = 0;
    return u;
}

// The datagrams that may go now.
function budgetNow(u: UdpTransport, now: timestamp): u64 {
    if (!u.sentBefore) return FIRST_BATCH;
    if (now - u.firstSentAt < milliseconds(ARP_WAIT_MS)) return 0;
    // At most a second's worth at a time (and no overflow after a long quiet).
    let elapsed = now - u.refilledAt;
    if (elapsed > seconds(1)) elapsed = seconds(1);
    u.tokens += Math.trunc(elapsed * RATE / seconds(1));
    if (u.tokens > BUCKET) u.tokens = BUCKET;
    u.refilledAt = now;
    return u.tokens;
}

// Sends one message as a datagram; false when it could not go (no packet memory, no route).
function sendDatagram(u: UdpTransport, pcb: UdpPcb, c: Config, scratch: Buffer): boolean {
    const n = bufferLength(scratch);
    const p = pbufAlloc(n as u16);
    if (p === null) return false;
    copyBytes(pbufPayload(p), bufferAt(scratch, 0), n);
    const e = udpSendto(pcb, p, u.target, c.port as u16);
    pbufFree(p);
    return e === ERR_OK;
}

/** True when the last flush stopped at its burst (or the pace), not at the end of what waits. */
export function udpBacklog(u: UdpTransport): boolean {
    return u.backlog;
}

/**
 * Sends what the pipe holds, one burst as far as the pace allows; true when it sent some. A line
 * that cannot be sent stays in the pipe, with those after it, for the next flush.
 */
export function udpFlush(u: UdpTransport, r: Resolver, p: LogPipe, c: Config, host: Buffer, scratch: Buffer): boolean {
    if (u.pcb === null) u.pcb = udpNew();
    const pcb = u.pcb;
    if (pcb === null) return false;
    const generation = resolveCopyAddress(r, u.target);
    if (generation !== u.targetGeneration) u.sentBefore = false;
    u.targetGeneration = generation;
    const now = kernNow(ClockId.Monotonic);
    const budget = budgetNow(u, now);
    // Waiting for ARP, or for the pace: the lines wait too.
    u.backlog = budget === 0;
    // One batch is this flush's burst (no batch is ever left in flight here, so the limits can change).
    if (budget === 0 || !logpipeSetLimits(p, budget as u32, NO_BYTE_LIMIT, 0, c.maxMessage as u32, 0)) return false;
    const taken = logpipeTakeBatch(p);
    if (taken === 0) return false;
    u.backlog = taken === budget;
    let sent: u32 = 0;
    for (let e = logpipeFirstEvent(p); e !== null; e = logpipeNextEvent(p)) {
        bufferClear(scratch);
        writeMessage(scratch, c, host, e.data, e.length, e.stamp, e.loss);
        if (!sendDatagram(u, pcb, c, scratch)) {
            resolveStale(r);
            logpipeReleaseBefore(p, sent);
            return sent > 0;
        }
        sent++;
        if (u.sentBefore) u.tokens--;
        else u.firstSentAt = now;
        u.sentBefore = true;
    }
    logpipeRelease(p);
    return sent > 0;
}
