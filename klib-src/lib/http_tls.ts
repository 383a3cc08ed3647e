// TLS for the HTTP client: a connector that starts each connection through the tls klib
// (SNI and a certificate checked for the server's name), with the client's own connection
// handler, so keep-alive, reconnects and timeouts work the same over TLS.
import { closure, s32 } from '../dialect';
import { bufferToSString, ConnectionHandler, deallocateClosure, INVALID_ADDRESS, Thunk } from '../nanos';
import { TlsTrust, tlsConnectHost, tlsConnectTrusting } from '../tls/tls';
import {
    HttpClient, httpClientAddress, httpClientPort, httpClientServerName, httpClientSetConnector, httpConnectFailed,
    httpConnectionHandler,
} from './http_client.ts';

/** Makes the client's connections TLS, verified against the tls klib's default trust; false on failure. */
export function httpClientUseTls(c: HttpClient): boolean {
    return httpClientUseTlsTrusting(c, null);
}

/**
 * A trust of the caller's own (from tlsTrustCreate) for TLS clients; the trust must outlive them
 * (the record need not: it is read once). A record rather than the bare reference: the C prototype of a function taking the reference
 * would come before any declaration of its struct tag.
 */
export interface HttpTlsTrust {
    trust: TlsTrust;
}

/**
 * Makes the client's connections TLS, the server's certificate chained to `trusted` or, when null,
 * to the tls klib's default trust; false on failure.
 */
export function httpClientUseTlsTrusting(c: HttpClient, trusted: HttpTlsTrust | null): boolean {
    const trust: TlsTrust | null = trusted === null ? null : trusted.trust;
    const connect: Thunk = closure(c.h, () => {
        const ch: ConnectionHandler = httpConnectionHandler(c);
        const started: s32 = trust !== null
            ? tlsConnectTrusting(trust, bufferToSString(httpClientServerName(c)), httpClientAddress(c), httpClientPort(c), ch)
            : tlsConnectHost(bufferToSString(httpClientServerName(c)), httpClientAddress(c), httpClientPort(c), ch);
        if (started !== 0) {
            // The handler is never called: it is ours to free.
            deallocateClosure(ch);
            httpConnectFailed(c);
        }
    });
    if (connect === INVALID_ADDRESS) return false;
    httpClientSetConnector(c, connect);
    return true;
}
