// Connections asked for while the default trust is still being loaded: tls.ca_file is read during
// init, and another klib may connect before the read completes. Such a connection waits here, in
// order, with copies of what it was asked with, and is started once the trust is settled, or
// refused when no CA could be loaded: it is never verified against a trust other than the one
// configured. The caller (tls.ts) serialises tlsWait and tlsWaitingTake with its lock.
import { addressOf, bytes, s32, sizeOf, u16, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, BytePtr, deallocate, deallocateBuffer, Heap, INVALID_ADDRESS, rprintf, SString,
} from '../nanos';
import { ConnectionHandler, IpAddr } from '../nanos/net';
import { bufferData } from '../nanos/buffers';
import { bufferWrite } from '../nanos/values';
import { ipaddrToText, runtimeMemcpy, sstringBytes, sstringLength, sstringOfBytes } from '../nanos/tls';
import { HOST_NAME_BYTES, tlsHostNameFits, tlsStartSession } from './session';
import { TlsTrust } from './trust_store';

// Room for an address as text (lwIP's IPADDR_STRLEN_MAX is 46).
const ADDRESS_TEXT_BYTES: bytes = 48;

export interface Waiting {
    next: Waiting | null;
    // NUL-terminated; empty for tls_connect, which connects by address only
    host: Buffer;
    addr: IpAddr;
    port: u16;
    ch: ConnectionHandler;
}

let first: Waiting | null = null;
let last: Waiting | null = null;

/**
 * Queues a connection until the default trust is settled. 0 when queued (ch will be called exactly
 * once, as for a started connection); negative when not (host name too long, out of memory), and
 * ch is never called.
 */
export function tlsWait(h: Heap, host: SString, addr: IpAddr, port: u16, ch: ConnectionHandler): s32 {
    if (!tlsHostNameFits(host)) return -1;
    const w = allocate<Waiting>(h);
    if (w === INVALID_ADDRESS) return -1;
    w.host = allocateBuffer(h, HOST_NAME_BYTES + 1);
    if (w.host === INVALID_ADDRESS) {
        deallocate<Waiting>(h, w);
        return -1;
    }
    const hostLength = sstringLength(host);
    bufferWrite(w.host, sstringBytes(host) as BytePtr, hostLength);
    bufferData(w.host)[hostLength] = 0;
    runtimeMemcpy(addressOf(w.addr), addr, sizeOf<IpAddr>());
    w.port = port;
    w.ch = ch;
    w.next = null;
    if (last === null) first = w;
    else last!.next = w;
    last = w;
    return 0;
}

/** Takes every waiting connection, in the order they were asked for. */
export function tlsWaitingTake(): Waiting | null {
    const taken = first;
    first = null;
    last = null;
    return taken;
}

/**
 * Starts each connection of a list taken with tlsWaitingTake against trusted, or refuses it when
 * trusted is null (no CA could be loaded). Each ch is called once, as promised when it was queued:
 * with 0 when the connection is refused or cannot start.
 */
export function tlsWaitingRelease(h: Heap, taken: Waiting | null, trusted: TlsTrust | null, handshakeTimeout: u64): void {
    let w = taken;
    while (w !== null) {
        const next = w!.next;
        const host = sstringOfBytes(bufferData(w!.host), HOST_NAME_BYTES + 1);
        if (trusted === null) {
            tlsRefuseUntrusted(h, host, addressOf(w!.addr));
            w!.ch(null);
        } else if (tlsStartSession(h, trusted!, host, addressOf(w!.addr), w!.port, w!.ch, handshakeTimeout) < 0) {
            w!.ch(null);
        }
        deallocateBuffer(w!.host);
        deallocate<Waiting>(h, w!);
        w = next;
    }
}

/** The console line for a connection refused because the default trust holds no CA. */
export function tlsRefuseUntrusted(h: Heap, host: SString, addr: IpAddr): void {
    if (sstringLength(host) > 0) {
        rprintf(`tls: ${host}: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n`);
        return;
    }
    const text = allocateBuffer(h, ADDRESS_TEXT_BYTES);
    if (text === INVALID_ADDRESS || ipaddrToText(addr, bufferData(text), ADDRESS_TEXT_BYTES as s32) === null) {
        rprintf('tls: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n');
    } else {
        rprintf(`tls: ${sstringOfBytes(bufferData(text), ADDRESS_TEXT_BYTES)}: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n`);
    }
    if (text !== INVALID_ADDRESS) deallocateBuffer(text);
}
