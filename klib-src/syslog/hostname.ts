// The HOSTNAME field: the configured `hostname`, else the IPv4 address of the default interface,
// taken once the network has one (never 0.0.0.0: until then network output waits). If no address
// comes within ADDRESS_WAIT, the field is RFC 5424's NILVALUE "-" (an interface without IPv4,
// or a runtime without interfaces) rather than holding the logs back for good. At shutdown nothing
// waits for it: what is sent before an address comes says "-" (hostnameOrNil).
import { timestamp, u64 } from '../dialect';
import {
    allocateBuffer, bufferWriteByte, ClockId, kernNow, seconds, Buffer, bufferLength, Heap, INVALID_ADDRESS, isAnyAddress, netifAddress, netifGetDefault,
    netifUnref, pushBuffer, writeAddress,
} from '../nanos';

const ADDRESS_WAIT_SECONDS: u64 = 5;

let host: Buffer | null = null;
/** "-", for hostnameOrNil. */
let nil: Buffer | null = null;
let ready: boolean = false;
let since: timestamp = 0;

/** Prepares the field; `configured` is the manifest's hostname (or null). False when memory is short. */
export function hostnameInit(h: Heap, configured: Buffer | null): boolean {
    const b = allocateBuffer(h, 64);
    const dash = allocateBuffer(h, 2);
    if (b === INVALID_ADDRESS || dash === INVALID_ADDRESS) return false;
    bufferWriteByte(dash, 45);
    nil = dash;
    host = b;
    since = kernNow(ClockId.Monotonic);
    if (configured !== null) {
        pushBuffer(b, configured);
        ready = true;
    }
    return true;
}

/** The HOSTNAME text, or null while the network has no address yet. */
export function hostname(): Buffer | null {
    if (ready || host === null) return host;
    const n = netifGetDefault();
    if (n !== null) {
        const a = netifAddress(n);
        if (!isAnyAddress(a)) {
            writeAddress(host, a);
            ready = bufferLength(host) > 0;
        }
        netifUnref(n);
    }
    if (!ready && kernNow(ClockId.Monotonic) - since >= seconds(ADDRESS_WAIT_SECONDS)) {
        bufferWriteByte(host, '-'.charCodeAt(0));
        ready = true;
    }
    return ready ? host : null;
}

/**
 * True once the default interface has an IPv4 address. Before that nothing can reach a server or
 * a DNS server (DHCP has not answered yet): a failure then says nothing worth a console line.
 */
export function networkHasAddress(): boolean {
    const n = netifGetDefault();
    if (n === null) return false;
    const up = !isAnyAddress(netifAddress(n));
    netifUnref(n);
    return up;
}

/** The HOSTNAME text now: "-" while the network has no address yet (at shutdown, when nothing waits). */
export function hostnameOrNil(): Buffer | null {
    const b = hostname();
    return b !== null ? b : nil;
}
