// A shipper's counters, and the one console line that reports them (at shutdown, and every
// stats_interval when the klib has it). Lines are events as the API counts them: a console line,
// or one piece of a line longer than an event may be, or a loss report.
import { timestamp, u64 } from '../dialect';
import { allocate, ClockId, Heap, INVALID_ADDRESS, kernNow, rprintf, SString } from '../nanos';
import { logpipeOldestStamp, logpipeUsed } from './batch';
import { LogPipe } from './ring';

export interface ShipperStats {
    /** Batch requests sent (resends included). */
    requests: u64;
    /** Lines the service stored, and the bytes of the batches they went in (as the API counts them). */
    linesShipped: u64;
    bytesShipped: u64;
    /** Lines sent again (each resend of a batch counts its lines). */
    linesRetried: u64;
    /** Lines the service refused (dropped). */
    linesRefused: u64;
}

export function shipperStatsNew(h: Heap): ShipperStats | null {
    const st: ShipperStats = allocate<ShipperStats>(h);
    if (st === INVALID_ADDRESS) return null;
    st.requests = 0;
    st.linesShipped = 0;
    st.bytesShipped = 0;
    st.linesRetried = 0;
    st.linesRefused = 0;
    return st;
}

/** How long the oldest line not yet delivered has waited, in milliseconds (0: none waits). */
export function shipperBacklogAgeMs(p: LogPipe): u64 {
    const oldest: timestamp = logpipeOldestStamp(p);
    const now: timestamp = kernNow(ClockId.Realtime);
    if (oldest === 0 || now <= oldest) return 0;
    const waited: timestamp = now - oldest;
    return (waited >> 32) * 1000 + (((waited & 0xffffffff) * 1000) >> 32);
}

/**
 * `<klib>: stats: shipped N lines, B bytes in R requests; retried N lines; dropped N lines, B bytes
 * (buffer full); refused N lines; backlog B bytes, oldest unsent line T ms`.
 */
export function shipperStatsPrint(klib: SString, st: ShipperStats, p: LogPipe): void {
    const backlog: u64 = logpipeUsed(p);
    const age: u64 = shipperBacklogAgeMs(p);
    rprintf(`${klib}: stats: shipped ${st.linesShipped} lines, ${st.bytesShipped} bytes in ${st.requests} requests; retried ${st.linesRetried} lines; dropped ${p.totalLostLines} lines, ${p.totalLostBytes} bytes (buffer full); refused ${st.linesRefused} lines; backlog ${backlog} bytes, oldest unsent line ${age} ms\n`);
}
