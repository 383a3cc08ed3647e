// UDP transport (RFC 5426): one datagram per message, sent from the flush path. A message that
// cannot be sent (no packet memory, no route) stays in the ring for the next flush.
import { u16, u32 } from '../dialect';
import {
    Buffer, bufferAt, bufferClear, bufferLength, copyBytes, ERR_OK, pbufAlloc, pbufFree, pbufPayload,
    udpNew, UdpPcb, udpSendto,
} from '../nanos';
import { Config } from './config';
import { isEmptyRecord, writeMessage } from './message';
import { READER_NET, recordNext, ringHead, ringRelease, ringTail } from './ring';
import { resolveStale, serverAddress } from './resolve';

// lwIP keeps only 3 packets per address while ARP resolves it: the very first flush sends no more.
const FIRST_BATCH: u32 = 3;
const BATCH: u32 = 1000;

let pcb: UdpPcb | null = null;
let sentBefore: boolean = false;

/** Sends what the ring holds for the network, up to one batch. */
export function udpFlush(c: Config, host: Buffer, scratch: Buffer): void {
    if (pcb === null) pcb = udpNew();
    if (pcb === null) return;
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
            const e = udpSendto(pcb, p, serverAddress(), c.port as u16);
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
