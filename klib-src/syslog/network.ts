// Network output: waits for the server's address and for the HOSTNAME field, then hands the ring's
// records to the configured transport.
import { Buffer, spinLock, Spinlock, spinTry, spinUnlock, StatusHandler, STATUS_OK } from '../nanos';
import { Config, Protocol } from './config';
import { hostname } from './hostname';
import { resolveIfDue, serverKnown } from './resolve';
import { streamFlush, streamShutdown } from './stream';
import { udpFlush } from './udp';

// The flush timer and the shutdown completion can run on different CPUs: one at a time. Everything
// the transports keep for the network path alone (udp.ts's state, the ring's network reader, the
// scratch buffer, hostname.ts) relies on this guard. What other contexts touch has a lock of its
// own: stream.ts's connection state (connection callbacks), resolve.ts's answer (DNS callbacks),
// the ring's positions (console writes).
let guard: Spinlock;

export function networkFlush(c: Config, scratch: Buffer): void {
    if (c.server === null || !spinTry(guard)) return;
    resolveIfDue();
    const host = hostname();
    if (host !== null && serverKnown()) {
        if (c.protocol === Protocol.Udp) udpFlush(c, host, scratch);
        else streamFlush(c, host, scratch);
    }
    spinUnlock(guard);
}

/** At shutdown: sends what can be sent; `done` once that is over. */
export function networkShutdown(c: Config, scratch: Buffer, done: StatusHandler): void {
    if (c.server === null) {
        done(STATUS_OK);
        return;
    }
    spinLock(guard);
    resolveIfDue();     // answered at once for an address literal or a cached name
    const host = hostname();
    if (c.protocol === Protocol.Udp) {
        if (host !== null && serverKnown()) udpFlush(c, host, scratch);
        done(STATUS_OK);
    } else {
        streamShutdown(c, host, scratch, done);
    }
    spinUnlock(guard);
}
