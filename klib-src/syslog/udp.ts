// UDP transport (RFC 5426): one datagram per message, sent from the flush path. A message that
// cannot be sent (no packet memory, no route) stays in the log pipe for the next flush. Every flush
// sends to the address the last lookup gave, so a changed address is followed at the next
// periodic lookup (UDP sees no failure when a server goes away).
//
// Locking: this module's state is used by the network path only (the flush timer or the shutdown
// completion, one at a time under network.ts's guard); the address is copied out of resolve.ts
// under its lock, as a DNS answer can rewrite it at any time.
import { timestamp, u16, u32, u64 } from '../dialect';
import {
    Buffer, bufferAt, bufferClear, bufferLength, ClockId, copyBytes, ERR_OK, IpAddr, kernNow, milliseconds, pbufAlloc,
    pbufFree, pbufPayload, seconds, udpNew, UdpPcb, udpSendto,
} from '../nanos';
import {
    logpipeFirstEvent, logpipeNextEvent, logpipeRelease, logpipeReleaseBefore, logpipeSetLimits, logpipeTakeBatch,
} from '../logpipe/batch';
import { LogPipe } from '../logpipe/ring';
import { Config } from './config';
import { writeMessage } from './message';
import { resolveCopyAddress, resolveStale } from './resolve';

// lwIP keeps only 3 packets per address while ARP resolves it, and beyond that drops the oldest
// without a word: the first batch to an address (the very first, or the first after the address
// changed) is no more than that, and nothing more goes until ARP_WAIT has passed.
const FIRST_BATCH: u32 = 3;
const ARP_WAIT_MS: u64 = 200;
// After that, datagrams go at up to RATE a second, in bursts of up to BURST (a token bucket): the
// pace of the flush timer (BURST every 200 ms), kept when the shutdown flushes every few
// milliseconds, so that a receiver's socket is not flooded; lines printed after a quiet while go
// at once. The shutdown's flushes, which come often enough, send at most SMOOTH_BURST each: a
// receiver's socket buffer (Linux's default holds about a hundred datagrams from a bridge) takes
// many small bursts where it drops part of a large one.
const BURST: u64 = 1000;
const SMOOTH_BURST: u64 = 50;
const RATE: u64 = 5000;
/** A batch is a burst: its size is the pace's, not a number of bytes. */
const NO_BYTE_LIMIT: u64 = 0xffffffffffffffffn;

let pcb: UdpPcb | null = null;
let sentBefore: boolean = false;
let firstSentAt: timestamp = 0;
let tokens: u64 = BURST;
let refilledAt: timestamp = 0;
let target: IpAddr;
let targetGeneration: u32 = 0;

// The datagrams that may go now.
function budgetNow(now: timestamp): u64 {
    if (!sentBefore) return FIRST_BATCH;
    if (now - firstSentAt < milliseconds(ARP_WAIT_MS)) return 0;
    // At most a second's worth at a time (and no overflow after a long quiet).
    let elapsed = now - refilledAt;
    if (elapsed > seconds(1)) elapsed = seconds(1);
    tokens += Math.trunc(elapsed * RATE / seconds(1));
    if (tokens > BURST) tokens = BURST;
    refilledAt = now;
    return tokens;
}

// Sends one message as a datagram; false when it could not go (no packet memory, no route).
function sendDatagram(c: Config, scratch: Buffer): boolean {
    const n = bufferLength(scratch);
    const p = pbufAlloc(n as u16);
    if (p === null || pcb === null) return false;
    copyBytes(pbufPayload(p), bufferAt(scratch, 0), n);
    const e = udpSendto(pcb, p, target, c.port as u16);
    pbufFree(p);
    return e === ERR_OK;
}

/**
 * Sends what the pipe holds, as far as the pace allows (`smooth`: in small bursts, for a caller that
 * flushes often); true when it sent some. A line that cannot be sent stays in the pipe, with those
 * after it, for the next flush.
 */
export function udpFlush(p: LogPipe, c: Config, host: Buffer, scratch: Buffer, smooth: boolean): boolean {
    if (pcb === null) pcb = udpNew();
    if (pcb === null) return false;
    const generation = resolveCopyAddress(target);
    if (generation !== targetGeneration) sentBefore = false;
    targetGeneration = generation;
    const now = kernNow(ClockId.Monotonic);
    let budget = budgetNow(now);
    if (smooth && budget > SMOOTH_BURST) budget = SMOOTH_BURST;
    // One batch is this flush's burst (no batch is ever left in flight here, so the limits can change).
    if (budget === 0 || !logpipeSetLimits(p, budget as u32, NO_BYTE_LIMIT, 0, c.maxMessage as u32, 0)) return false;
    if (logpipeTakeBatch(p) === 0) return false;
    let sent: u32 = 0;
    for (let e = logpipeFirstEvent(p); e !== null; e = logpipeNextEvent(p)) {
        bufferClear(scratch);
        writeMessage(scratch, c, host, e.data, e.length, e.stamp, e.loss);
        if (!sendDatagram(c, scratch)) {
            resolveStale();
            logpipeReleaseBefore(p, sent);
            return sent > 0;
        }
        sent++;
        if (sentBefore) tokens--;
        else firstSentAt = now;
        sentBefore = true;
    }
    logpipeRelease(p);
    return sent > 0;
}
