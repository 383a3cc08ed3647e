// The tls klib: TLS 1.2 client connections for other klibs, on mbedtls, verified by default.
// Its interface (klib-src/tls/README.md) is the stock one, tls_connect and tls_set_cacert, plus
// connections by host name (SNI, host name check) and trust chosen per connection. The default
// trust is the CA bundle embedded at build time, or the CAs of the manifest's tls.ca_file.
import { oneShot, s32, u16, u64 } from '../dialect';
import {
    Buffer, deallocate, deallocateBuffer, getKernelHeaps, Heap, heapLocked, INVALID_ADDRESS, KLIB_INIT_FAILED,
    KLIB_INIT_IN_PROGRESS, KLIB_INIT_OK, rprintf, SString, Spinlock, spinLockIrq, spinUnlockIrq, Status, STATUS_OK, StatusHandler, VoidPtr,
} from '../nanos';
import { BufferHandler, ConnectionHandler, IpAddr } from '../nanos/net';
import { readCaFile } from './ca_file';
import { readTlsConfig } from './config';
import { tlsStartSession } from './session';
import {
    tlsAddCaFile, tlsAddCertificates, tlsAddEmbeddedBundle, tlsEmptyTrust, tlsDestroyTrust, tlsDisableVerification,
    tlsSetupRandom, TlsTrust, tlsVerificationEnabled,
} from './trust_store';
import { tlsRefuseUntrusted, tlsWait, tlsWaitingRelease, tlsWaitingTake } from './waiting';

// The trust other klibs choose per connection (tlsTrustCreate): theirs only by pointer.
export type { TlsTrust } from './trust_store';

const DEFAULT_HANDSHAKE_TIMEOUT_SECONDS: u64 = 30;

// Where the default trust stands. It is Ready at once with the embedded bundle; with tls.ca_file it
// is Loading until the file has been read and parsed, then Ready, or Untrusted when no CA could be
// loaded from it: connections through the default trust are then refused (never verified against
// the embedded bundle instead, which is not what was configured).
const enum TrustState { Ready, Loading, Untrusted }

let h: Heap;
// What tls_connect, tls_connect_host and tls_set_cacert use: the embedded CA bundle (or the CAs of
// tls.ca_file) plus the CAs added with tls_set_cacert.
let defaultTrust: TlsTrust | null = null;
let handshakeTimeout: u64 = DEFAULT_HANDSHAKE_TIMEOUT_SECONDS;
// Guards trustState, the waiting connections and the end of init against other CPUs: the file's
// read completes from the disk's interrupt, and other klibs connect from wherever they run.
let lock!: Spinlock;
let trustState: TrustState = TrustState.Ready;
let caFilePath: Buffer | null = null;
let initComplete: StatusHandler | null = null;
let initRunning: boolean = false;
let settledDuringInit: boolean = false;

// The manifest's `tls` tuple (config.ts): verify, handshake_timeout, ca_file. Returns the ca_file
// path to load, or null.
function readManifest(): Buffer | null {
    const config = readTlsConfig(h);
    if (config === null) return null;
    if (!config.verify) {
        tlsDisableVerification();
        rprintf('tls: WARNING: tls.verify is off: server certificates are NOT checked; any man in the middle can read and change this traffic\n');
    }
    handshakeTimeout = config.handshakeTimeout;
    const caFile = config.caFile;
    deallocate(h, config);
    if (caFile !== null && !tlsVerificationEnabled()) {
        rprintf('tls: tls.ca_file is not read: tls.verify is off\n');
        deallocateBuffer(caFile);
        return null;
    }
    return caFile;
}

export function init(complete: StatusHandler): s32 {
    h = heapLocked(getKernelHeaps());
    const caFile = readManifest();
    if (!tlsSetupRandom()) {
        rprintf('tls: the random generator could not be seeded\n');
        return KLIB_INIT_FAILED;
    }
    const t = tlsEmptyTrust(h);
    if (t === null) {
        rprintf('tls: out of memory\n');
        return KLIB_INIT_FAILED;
    }
    if (caFile === null) {
        if (tlsVerificationEnabled() && !tlsAddEmbeddedBundle(h, t)) {
            tlsDestroyTrust(h, t);
            return KLIB_INIT_FAILED;
        }
        defaultTrust = t;
        return KLIB_INIT_OK;
    }
    // The kernel starts the program once `complete` is applied; our symbols are available to the
    // other klibs as soon as we return KLIB_INIT_IN_PROGRESS, and their connections wait.
    trustState = TrustState.Loading;
    defaultTrust = t;
    caFilePath = caFile;
    const loaded: BufferHandler = oneShot(h, (contents: Buffer | null) => caFileRead(contents));
    if (loaded === INVALID_ADDRESS) {
        rprintf(`tls: tls.ca_file ${caFile}: out of memory to read it\n`);
        rprintf('tls: no CA is trusted: connections through the default trust are refused (the embedded bundle is not used instead)\n');
        trustState = TrustState.Untrusted;
        return KLIB_INIT_OK;
    }
    initComplete = complete;
    initRunning = true;
    readCaFile(h, caFile!, loaded);
    const flags = spinLockIrq(lock);
    initRunning = false;
    const settled = settledDuringInit;
    spinUnlockIrq(lock, flags);
    // Settled before we return (an error found at once): `complete` is not ours to apply then.
    return settled ? KLIB_INIT_OK : KLIB_INIT_IN_PROGRESS;
}

// tls.ca_file has been read (contents), or could not be (null, already said on the console).
function caFileRead(contents: Buffer | null): Status {
    let loaded = false;
    // The trust keeps the file's text (its CAs are parsed when a chain needs them), or frees it.
    if (contents !== null) loaded = tlsAddCaFile(h, defaultTrust!, caFilePath!, contents!);
    if (!loaded) {
        rprintf('tls: no CA is trusted: connections through the default trust are refused (the embedded bundle is not used instead)\n');
    }
    const flags = spinLockIrq(lock);
    trustState = loaded ? TrustState.Ready : TrustState.Untrusted;
    const queued = tlsWaitingTake();
    const duringInit = initRunning;
    if (duringInit) settledDuringInit = true;
    spinUnlockIrq(lock, flags);
    tlsWaitingRelease(h, queued, loaded ? defaultTrust : null, handshakeTimeout);
    if (!duringInit) initComplete!(STATUS_OK);
    initComplete = null;
    return STATUS_OK;
}

// A connection through the default trust: started now, queued while tls.ca_file loads, or refused
// when it could not be loaded.
function connectDefault(host: SString, addr: IpAddr, port: u16, ch: ConnectionHandler): s32 {
    if (defaultTrust === null) return -1;
    const flags = spinLockIrq(lock);
    const state = trustState;
    let queued: s32 = 0;
    if (state === TrustState.Loading) queued = tlsWait(h, host, addr, port, ch);
    spinUnlockIrq(lock, flags);
    if (state === TrustState.Loading) return queued;
    if (state === TrustState.Untrusted) {
        tlsRefuseUntrusted(h, host, addr);
        return -1;
    }
    return tlsStartSession(h, defaultTrust!, host, addr, port, ch, handshakeTimeout);
}

/**
 * The stock interface: TLS to addr:port, the certificate chain verified against the default trust
 * (no host name to check: prefer tls_connect_host). 0 when the connect started (or waits for
 * tls.ca_file to be loaded), negative when it failed at once (ch is then never called).
 * @c tls_connect
 */
export function tlsConnect(addr: IpAddr, port: u16, ch: ConnectionHandler): s32 {
    return connectDefault('', addr, port, ch);
}

/**
 * TLS to addr:port for host: SNI, and the certificate must be valid for host and chain to the
 * default trust.
 * @c tls_connect_host
 */
export function tlsConnectHost(host: SString, addr: IpAddr, port: u16, ch: ConnectionHandler): s32 {
    return connectDefault(host, addr, port, ch);
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
