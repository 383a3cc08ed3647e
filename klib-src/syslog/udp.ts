// UDP transport (RFC 5426): one datagram per message, sent from the flush path. A message that
// cannot be sent (no packet memory, no route) stays in the ring for the next flush. Every flush
// sends to the address the last lookup gave, so a changed address is followed at the next
// periodic lookup (UDP sees no failure when a server goes away).
//
// Locking: this module's state is used by the network path only (the flush timer or the shutdown
// completion, one at a time under network.ts's guard); the address is copied out of resolve.ts
// under its lock, as a DNS answer can rewrite it at any time.
import { u16, u32 } from '../dialect';
import {
    Buffer, bufferAt, bufferClear, bufferLength, copyBytes, ERR_OK, IpAddr, pbufAlloc, pbufFree, pbufPayload,
    udpNew, UdpPcb, udpSendto,
} from '../nanos';
import { Config } from './config';
import { isEmptyRecord, writeMessage } from './message';
import { READER_NET, recordNext, ringHead, ringRelease, ringTail } from './ring';
import { resolveCopyAddress, resolveStale } from './resolve';

// lwIP keeps only 3 packets per address while ARP resolves it: the first flush to an address
// (the very first, or the first after the address changed) sends no more.
const FIRST_BATCH: u32 = 3;
const BATCH: u32 = 1000;

let pcb: UdpPcb | null = null;
let sentBefore: boolean = false;
let target: IpAddr;
let targetGeneration: u32 = 0;

/** Sends what the ring holds for the network, up to one batch. */
export function udpFlush(c: Config, host: Buffer, scratch: Buffer): void {
    if (pcb === null) pcb = udpNew();
    if (pcb === null) return;
    const generation = resolveCopyAddress(target);
    if (generation !== targetGeneration) sentBefore = false;
    targetGeneration = generation;
    const end = ringHead();
    let pos = ringTail(READER_NET);
    let budget: u32 = sentBefore ? BATCH : FIRST_BATCH;
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
            sentBefore = true;
        }
        pos = recordNext(pos);
    }
    ringRelease(READER_NET, pos);
}
