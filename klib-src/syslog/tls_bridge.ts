// TLS (RFC 5425) without a hard dependency on the tls klib: a syslog klib that imported
// tls_connect_host could not load without the tls klib (the kernel resolves every import or
// halts), and `"Klibs": ["syslog"]` must keep working. So the TLS connect lives in a small
// separate klib, syslog_tls (klib-src/syslog_tls/), which imports from both klibs and registers a
// connector thunk here. To connect, the stream transport fills in the request below and applies
// the thunk; the connector reads the request through these exported functions (their C names are
// the klib's interface, declared for syslog_tls in klib-src/nanos/syslog.d.ts).
import { bytes, s32, u16 } from '../dialect';
import {
    Buffer, bufferAt, bufferLength, bufferToSString, BytePtr, ConnectionHandler, IpAddr, rprintf, SString, Thunk,
} from '../nanos';
import { Config } from './config';
import { serverAddress } from './resolve';

let connector: Thunk | null = null;
let server: Buffer | null = null;
let port: u16 = 0;
let caCert: Buffer | null = null;
let handler: ConnectionHandler | null = null;
let started: s32 = -1;
let warned: boolean = false;

/** Called by syslog_tls at its init: how to start a TLS connection. */
export function syslogTlsRegister(connect: Thunk): void {
    connector = connect;
}

/** The server's name: for SNI and the certificate's host name check. */
export function syslogTlsServer(): SString {
    return server !== null ? bufferToSString(server) : '';
}

export function syslogTlsAddress(): IpAddr {
    return serverAddress();
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

/** Starts a TLS connection to the server; false when it could not start (ch is then not called). */
export function tlsConnectStart(c: Config, ch: ConnectionHandler): boolean {
    const connect = connector;
    if (connect === null) {
        if (!warned) rprintf('syslog: protocol tls needs the syslog_tls and tls klibs ("Klibs": ["syslog", "syslog_tls", "tls"])\n');
        warned = true;
        return false;
    }
    server = c.server;
    port = c.port as u16;
    caCert = c.caCert;
    handler = ch;
    started = -1;
    connect();
    handler = null;
    return started === 0;
}
