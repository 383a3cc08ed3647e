// The HOSTNAME field: the configured `hostname`, else the IPv4 address of the default interface,
// taken once the network has one (never 0.0.0.0: until then network output waits). If no address
// comes within ADDRESS_WAIT, the field is RFC 5424's NILVALUE "-" (an interface without IPv4,
// or a runtime without interfaces) rather than holding the logs back for good. At shutdown nothing
// waits for it: what is sent before an address comes says "-" (hostnameOrNil).
import { timestamp, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bufferWriteByte, ClockId, kernNow, seconds, Buffer, bufferLength, Heap, INVALID_ADDRESS,
    isAnyAddress, netifAddress, netifGetDefault, netifUnref, pushBuffer, writeAddress,
} from '../nanos';

const ADDRESS_WAIT_SECONDS: u64 = 5;

/** The HOSTNAME field: allocated at init, used by the network path only (network.ts's guard). */
export interface HostnameField {
    host: Buffer;
    /** "-", for hostnameOrNil. */
    nil: Buffer;
    ready: boolean;
    since: timestamp;
}

/** Prepares the field; `configured` is the manifest's hostname (or null). Null when memory is short. */
export function hostnameNew(h: Heap, configured: Buffer | null): HostnameField | null {
    const n: HostnameField = allocate<HostnameField>(h);
    const b = allocateBuffer(h, 64);
    const dash = allocateBuffer(h, 2);
    if (n === INVALID_ADDRESS || b === INVALID_ADDRESS || dash === INVALID_ADDRESS) return null;
    bufferWriteByte(dash, 45);
    n.nil = dash;
    n.host = b;
    n.ready = false;
    n.since = kernNow(ClockId.Monotonic);
    if (configured !== null) {
        pushBuffer(b, configured);
        n.ready = true;
    }
    return n;
}

/** The HOSTNAME text, or null while the network has no address yet. */
export function hostname(f: HostnameField): Buffer | null {
    if (f.ready) return f.host;
    const n = netifGetDefault();
    if (n !== null) {
        const a = netifAddress(n);
        if (!isAnyAddress(a)) {
            writeAddress(f.host, a);
            f.ready = bufferLength(f.host) > 0;
        }
        netifUnref(n);
    }
    if (!f.ready && kernNow(ClockId.Monotonic) - f.since >= seconds(ADDRESS_WAIT_SECONDS)) {
        bufferWriteByte(f.host, '-'.charCodeAt(0));
        f.ready = true;
    }
    return f.ready ? f.host : null;
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
export function hostnameOrNil(f: HostnameField): Buffer {
    const b = hostname(f);
    return b !== null ? b : f.nil;
}
