// UDP transport (RFC 5426): one datagram per message, sent from the flush path. A message that
// cannot be sent (no packet memory, no route) stays in the ring for the next flush. Every flush
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
import { Config } from './config';
import { isEmptyRecord, writeMessage } from './message';
import { READER_NET, recordNext, ringHead, ringRelease, ringTail } from './ring';
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

/**
 * Sends what the ring holds for the network, as far as the pace allows (`smooth`: in small bursts,
 * for a caller that flushes often); true when it sent some.
 */
export function udpFlush(c: Config, host: Buffer, scratch: Buffer, smooth: boolean): boolean {
    if (pcb === null) pcb = udpNew();
    if (pcb === null) return false;
    const generation = resolveCopyAddress(target);
    if (generation !== targetGeneration) sentBefore = false;
    targetGeneration = generation;
    const end = ringHead();
    let pos = ringTail(READER_NET);
    const now = kernNow(ClockId.Monotonic);
    let budget = budgetNow(now);
    if (smooth && budget > SMOOTH_BURST) budget = SMOOTH_BURST;
    let sent = false;
    while (pos < end && budget > 0) {
        if (!isEmptyRecord(pos)) {
            bufferClear(scratch);
            writeMessage(scratch, c, host, pos);
            const n = bufferLength(scratch);
            const p = pbufAlloc(n as u16);
            if (p === null) break;
            copyBytes(pbufPayload(p), bufferAt(scratch, 0), n);
            const e = udpSendto(pcb, p, target, c.port as u16);
            pbufFree(p);
            if (e !== ERR_OK) {
                resolveStale();
                break;
            }
            budget--;
            sent = true;
            if (sentBefore) tokens--;
            else firstSentAt = now;
            sentBefore = true;
        }
        pos = recordNext(pos);
    }
    ringRelease(READER_NET, pos);
    return sent;
}
