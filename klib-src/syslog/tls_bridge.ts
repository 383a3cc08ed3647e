// TLS (RFC 5425) without a hard dependency on the tls klib: a syslog klib that imported
// tls_connect_host could not load without the tls klib (the kernel resolves every import or
// halts), and `"Klibs": ["syslog"]` must keep working. So the TLS connect lives in a small
// separate klib, syslog_tls (klib-src/syslog_tls/), which imports from both klibs and registers a
// connector thunk here. To connect, the stream transport fills in the request below and applies
// the thunk; the connector reads the request through these exported functions (the klib's
// interface: syslog.ts re-exports them, c-out/syslog/syslog.h declares them for syslog_tls).
//
// Locking: the request (with its own copy of the server's address) is filled in and the answer
// read under `lock`, and `request` (not null while one is under way) keeps a second request out. The
// connector is applied without the lock held: it calls the getters below on the same CPU (they
// read the request without the lock: it cannot change while it is under way) and
// syslogTlsStarted. The tls klib keeps its own copy of the connection handler, which may run on
// another CPU before the connector has even returned; it never looks at this file's state.
import { bytes, s32, u16 } from '../dialect';
import {
    allocate, bufferAt, bufferLength, bufferToSString, BytePtr, ConnectionHandler, constAddress, copyAddress, Heap,
    INVALID_ADDRESS, IpAddr, rprintf, spinLockIrq, Spinlock, spinUnlockIrq, SString, Thunk,
} from '../nanos';
import { Config } from './config';

/** A TLS connect request: made once by the stream transport, handed over while its connect starts. */
export interface TlsRequest {
    /** The server's name, port and CA certificates are read from here. */
    config: Config;
    /** The server's address: a copy for the connect under way. */
    address: IpAddr;
    handler: ConnectionHandler | null;
    started: s32;
}

// What syslog_tls registers, and the one warning, may come before the syslog klib's records exist
// (or without them, when its configuration left it off); the getters below take no argument (the
// two klibs' interface). So these stay module state.
let lock: Spinlock;
let connector: Thunk | null = null;
let warned: boolean = false;
/** The request under way: set while a connect starts, else null (a second request is refused). */
let request: TlsRequest | null = null;

/** The request record for the configuration `c`; null when memory is short. */
export function tlsRequestNew(h: Heap, c: Config): TlsRequest | null {
    const r: TlsRequest = allocate<TlsRequest>(h);
    if (r === INVALID_ADDRESS) return null;
    r.config = c;
    r.handler = null;
    r.started = -1;
    return r;
}

/** Called by syslog_tls at its init: how to start a TLS connection. */
export function syslogTlsRegister(connect: Thunk): void {
    const flags = spinLockIrq(lock);
    connector = connect;
    spinUnlockIrq(lock, flags);
}

/** True once syslog_tls has registered its connector (else protocol tls cannot connect at all). */
export function tlsConnectorRegistered(): boolean {
    const flags = spinLockIrq(lock);
    const registered = connector !== null;
    spinUnlockIrq(lock, flags);
    return registered;
}

/** The server's name: for SNI and the certificate's host name check. */
export function syslogTlsServer(): SString {
    const r = request;
    const server = r !== null ? r.config.server : null;
    return server !== null ? bufferToSString(server) : '';
}

/** The server's address; only while a request is under way (syslogTlsHandler is not null). */
export function syslogTlsAddress(): IpAddr {
    return request!.address;
}

export function syslogTlsPort(): u16 {
    const r = request;
    return r !== null ? r.config.port as u16 : 0;
}

/** The CA certificates to trust instead of the tls klib's default (PEM, NUL-terminated), or null. */
export function syslogTlsCaCert(): BytePtr | null {
    const r = request;
    const pem = r !== null ? r.config.caCert : null;
    return pem !== null ? bufferAt(pem, 0) : null;
}

/** The length of syslogTlsCaCert(), its NUL counted. */
export function syslogTlsCaCertLength(): bytes {
    const r = request;
    const pem = r !== null ? r.config.caCert : null;
    return pem !== null ? bufferLength(pem) : 0;
}

/** The connection handler of the request under way; null when none is. */
export function syslogTlsHandler(): ConnectionHandler | null {
    const r = request;
    return r !== null ? r.handler : null;
}

/** The connector's answer: 0 when the connection is under way (the handler will be called). */
export function syslogTlsStarted(result: s32): void {
    const r = request;
    if (r !== null) r.started = result;
}

/** Starts a TLS connection to the server at `to`; false when it could not start (ch is then not called). */
export function tlsConnectStart(req: TlsRequest, to: IpAddr, ch: ConnectionHandler): boolean {
    let flags = spinLockIrq(lock);
    const connect = connector;
    const free = request === null;
    if (connect !== null && free) {
        copyAddress(req.address, constAddress(to));
        req.handler = ch;
        req.started = -1;
        request = req;
    }
    const warn = connect === null && !warned;
    if (warn) warned = true;
    spinUnlockIrq(lock, flags);
    if (warn) rprintf('syslog: protocol tls needs the syslog_tls and tls klibs ("Klibs": ["syslog", "syslog_tls", "tls"])\n');
    if (connect === null || !free) return false;
    connect();
    flags = spinLockIrq(lock);
    const result = req.started;
    req.handler = null;
    request = null;
    spinUnlockIrq(lock, flags);
    return result === 0;
}
