// TLS (RFC 5425) without a hard dependency on the tls klib: a syslog klib that imported
// tls_connect_host could not load without the tls klib (the kernel resolves every import or
// halts), and `"Klibs": ["syslog"]` must keep working. So the TLS connect lives in a small
// separate klib, syslog_tls (klib-src/syslog_tls/), which imports from both klibs and registers a
// connector thunk here. To connect, the stream transport fills in the request below and applies
// the thunk; the connector reads the request through these exported functions (the klib's
// interface: syslog.ts re-exports them, c-out/syslog/syslog.h declares them for syslog_tls).
//
// Locking: the request (with its own copy of the server's address) is filled in and the answer
// read under `lock`, and `requesting` keeps a second request out while one is under way. The
// connector is applied without the lock held: it calls the getters below on the same CPU (they
// read the request without the lock: it cannot change while `requesting` is set) and
// syslogTlsStarted. The tls klib keeps its own copy of the connection handler, which may run on
// another CPU before the connector has even returned; it never looks at this file's state.
import { bytes, s32, u16 } from '../dialect';
import {
    Buffer, bufferAt, bufferLength, bufferToSString, BytePtr, ConnectionHandler, constAddress, copyAddress, IpAddr,
    rprintf, spinLockIrq, Spinlock, spinUnlockIrq, SString, Thunk,
} from '../nanos';
import { Config } from './config';

let lock: Spinlock;
let connector: Thunk | null = null;
let requesting: boolean = false;
let server: Buffer | null = null;
let address: IpAddr;
let port: u16 = 0;
let caCert: Buffer | null = null;
let handler: ConnectionHandler | null = null;
let started: s32 = -1;
let warned: boolean = false;

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
    return server !== null ? bufferToSString(server) : '';
}

export function syslogTlsAddress(): IpAddr {
    return address;
}

export function syslogTlsPort(): u16 {
    return port;
}

/** The CA certificates to trust instead of the tls klib's default (PEM, NUL-terminated), or null. */
export function syslogTlsCaCert(): BytePtr | null {
    return caCert !== null ? bufferAt(caCert, 0) : null;
}

/** The length of syslogTlsCaCert(), its NUL counted. */
export function syslogTlsCaCertLength(): bytes {
    return caCert !== null ? bufferLength(caCert) : 0;
}

export function syslogTlsHandler(): ConnectionHandler | null {
    return handler;
}

/** The connector's answer: 0 when the connection is under way (the handler will be called). */
export function syslogTlsStarted(result: s32): void {
    started = result;
}

/** Starts a TLS connection to the server at `to`; false when it could not start (ch is then not called). */
export function tlsConnectStart(c: Config, to: IpAddr, ch: ConnectionHandler): boolean {
    let flags = spinLockIrq(lock);
    const connect = connector;
    const free = !requesting;
    if (connect !== null && free) {
        requesting = true;
        server = c.server;
        copyAddress(address, constAddress(to));
        port = c.port as u16;
        caCert = c.caCert;
        handler = ch;
        started = -1;
    }
    const warn = connect === null && !warned;
    if (warn) warned = true;
    spinUnlockIrq(lock, flags);
    if (warn) rprintf('syslog: protocol tls needs the syslog_tls and tls klibs ("Klibs": ["syslog", "syslog_tls", "tls"])\n');
    if (connect === null || !free) return false;
    connect();
    flags = spinLockIrq(lock);
    const result = started;
    handler = null;
    requesting = false;
    spinUnlockIrq(lock, flags);
    return result === 0;
}
