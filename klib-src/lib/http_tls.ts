// TLS for the HTTP client: a connector that starts each connection through the tls klib
// (tls_connect_host: SNI and a certificate checked for the server's name), with the client's
// own connection handler, so keep-alive, reconnects and timeouts work the same over TLS.
import { closure, s32 } from '../dialect';
import { bufferToSString, ConnectionHandler, deallocateClosure, INVALID_ADDRESS, Thunk } from '../nanos';
import { tlsConnectHost } from '../nanos/tls';
import {
    HttpClient, httpClientAddress, httpClientPort, httpClientServerName, httpClientSetConnector, httpConnectFailed,
    httpConnectionHandler,
} from './http_client.ts';

/** Makes the client's connections TLS, verified for the server name it was created with; false on failure. */
export function httpClientUseTls(c: HttpClient): boolean {
    const connect: Thunk = closure(c.h, () => {
        const ch: ConnectionHandler = httpConnectionHandler(c);
        const started: s32 = tlsConnectHost(bufferToSString(httpClientServerName(c)), httpClientAddress(c), httpClientPort(c), ch);
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
