// The tls klib: TLS 1.2 client connections for other klibs, on mbedtls, verified by default.
// Its interface (klib-src/tls/README.md) is the stock one, tls_connect and tls_set_cacert, plus
// connections by host name (SNI, host name check) and trust chosen per connection.
import { s32, u16, u64 } from '../dialect';
import {
    getKernelHeaps, Heap, heapLocked, KLIB_INIT_FAILED, KLIB_INIT_OK, rprintf, SString, StatusHandler, VoidPtr,
} from '../nanos';
import { ConnectionHandler, IpAddr } from '../nanos/net';
import { getRootTuple } from '../nanos/values';
import { bufferIs, getNumberOf, getStringOf, getTupleOf } from '../nanos/tls';
import { tlsStartSession } from './session';
import {
    tlsAddCertificates, tlsAddEmbeddedBundle, tlsEmptyTrust, tlsDestroyTrust, tlsDisableVerification, tlsSetupRandom, TlsTrust,
    tlsVerificationEnabled,
} from './trust_store';

const DEFAULT_HANDSHAKE_TIMEOUT_SECONDS: u64 = 30;

let h: Heap;
// What tls_connect, tls_connect_host and tls_set_cacert use: the embedded CA bundle plus the CAs
// added with tls_set_cacert.
let defaultTrust: TlsTrust | null = null;
let handshakeTimeout: u64 = DEFAULT_HANDSHAKE_TIMEOUT_SECONDS;

// The manifest's `tls` tuple: verify ("false" turns checks off), handshake_timeout (seconds),
// ca_file. Returns false when the configuration cannot be honoured.
function readManifest(): boolean {
    const config = getTupleOf(getRootTuple(), 'tls');
    if (config === null) return true;
    const verify = getStringOf(config, 'verify');
    if (verify !== null && bufferIs(verify, 'false')) {
        tlsDisableVerification();
        rprintf('tls: WARNING: tls.verify is "false": server certificates are NOT checked; any man in the middle can read and change this traffic\n');
    }
    handshakeTimeout = getNumberOf(config, 'handshake_timeout', DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);
    // Trusting something other than what was asked for would be worse than not starting.
    if (getStringOf(config, 'ca_file') !== null) {
        rprintf('tls: tls.ca_file cannot be read: the kernel exports no file read to klibs (see klib-src/tls/README.md)\n');
        return false;
    }
    return true;
}

export function init(complete: StatusHandler): s32 {
    h = heapLocked(getKernelHeaps());
    if (!readManifest()) return KLIB_INIT_FAILED;
    if (!tlsSetupRandom()) {
        rprintf('tls: the random generator could not be seeded\n');
        return KLIB_INIT_FAILED;
    }
    const t = tlsEmptyTrust(h);
    if (t === null) {
        rprintf('tls: out of memory\n');
        return KLIB_INIT_FAILED;
    }
    if (tlsVerificationEnabled() && !tlsAddEmbeddedBundle(t)) {
        tlsDestroyTrust(h, t);
        return KLIB_INIT_FAILED;
    }
    defaultTrust = t;
    return KLIB_INIT_OK;
}

/**
 * The stock interface: TLS to addr:port, the certificate chain verified against the default trust
 * (no host name to check: prefer tls_connect_host). 0 when the connect started, negative when it
 * failed at once (ch is then never called).
 * @c tls_connect
 */
export function tlsConnect(addr: IpAddr, port: u16, ch: ConnectionHandler): s32 {
    if (defaultTrust === null) return -1;
    return tlsStartSession(h, defaultTrust!, '', addr, port, ch, handshakeTimeout);
}

/**
 * TLS to addr:port for host: SNI, and the certificate must be valid for host and chain to the
 * default trust.
 * @c tls_connect_host
 */
export function tlsConnectHost(host: SString, addr: IpAddr, port: u16, ch: ConnectionHandler): s32 {
    if (defaultTrust === null) return -1;
    return tlsStartSession(h, defaultTrust!, host, addr, port, ch, handshakeTimeout);
}

/**
 * The stock interface: adds CA certificates (PEM with its NUL counted in len, or DER) to the
 * default trust, for the connections started after it. Unlike the stock klib it adds to the
 * embedded bundle instead of replacing it, so other klibs' connections keep working. Returns 0, the
 * number of certificates that could not be added, or a negative mbedtls error.
 * @c tls_set_cacert
 */
export function tlsSetCacert(pem: VoidPtr, len: u64): s32 {
    if (defaultTrust === null) return -1;
    return tlsAddCertificates(defaultTrust!, pem, len);
}

/**
 * A trust of its own for the caller's connections: exactly the CA certificates given (PEM with its
 * NUL counted in len, or DER). Returns null when none could be used. Made once and kept: it is not
 * freed.
 * @c tls_trust_create
 */
export function tlsTrustCreate(pem: VoidPtr, len: u64): TlsTrust | null {
    const t = tlsEmptyTrust(h);
    if (t === null) return null;
    if (tlsAddCertificates(t, pem, len) < 0) {
        tlsDestroyTrust(h, t);
        return null;
    }
    return t;
}

/**
 * tls_connect_host with a trust made by tls_trust_create.
 * @c tls_connect_trusting
 */
export function tlsConnectTrusting(trusted: TlsTrust, host: SString, addr: IpAddr, port: u16,
                                   ch: ConnectionHandler): s32 {
    return tlsStartSession(h, trusted, host, addr, port, ch, handshakeTimeout);
}
