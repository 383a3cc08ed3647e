// Whom a connection trusts. A TlsTrust is a chain of CA certificates plus the mbedtls configuration
// that verifies against it; every connection is set up with one. The klib's default TlsTrust holds the
// CA bundle embedded at build time, or instead the CAs of the manifest's tls.ca_file; another klib
// can make its own (tls_trust_create) instead of changing what everyone trusts. Verification is required unless the manifest says
// `tls.verify: "false"`.
import { bytes, s32, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, BytePtr, deallocate, deallocateBuffer, Heap, INVALID_ADDRESS, rprintf, spinLock,
    Spinlock, spinUnlock, VoidPtr,
} from '../nanos';
import {
    BytePtrOut, CharPtr, ConstBytePtr, ConstCharPtr, CtrDrbg, ctrDrbgInit, ctrDrbgRandom, ctrDrbgSeed, Entropy,
    entropyInit, SizeT, SslAuthMode, SslConfig, sslConfAuthmode, sslConfCaChain, sslConfigClientDefaults, sslConfigFree,
    sslConfigInit, sslConfRng,
    strerror, X509Crt, x509CrtFree, x509CrtInit, x509CrtParse,
} from '../nanos/mbedtls';
import { bufferData } from '../nanos/buffers';
import { cstringBytes } from '../nanos/memory';
import { bytesAt, CA_BUNDLE, CA_BUNDLE_SIZE, sstringOfBytes } from '../nanos/tls';
import { strstr } from './libc';

const ERROR_TEXT_MAX: bytes = 120;
const PEM_MARKER_BYTES: bytes = 27;

export interface TlsTrust {
    chain: X509Crt;
    conf: SslConfig;
}

let entropy: Entropy;
let drbg: CtrDrbg;
// Held across each draw from drbg (lockedRandom).
let drbgLock: Spinlock;
let verify: boolean = true;

/** Seeds the random generator every connection uses; false when the kernel's source fails. */
export function tlsSetupRandom(): boolean {
    entropyInit(entropy);
    ctrDrbgInit(drbg);
    return ctrDrbgSeed(drbg, entropy) === 0;
}

/** Turns certificate checks off for the Trusts made after it (the manifest's `tls.verify: "false"`). */
export function tlsDisableVerification(): void {
    verify = false;
}

export function tlsVerificationEnabled(): boolean {
    return verify;
}

/** A TlsTrust with no certificate yet (add some with tlsAddCertificates), or null when out of memory. */
export function tlsEmptyTrust(h: Heap): TlsTrust | null {
    const t = allocate<TlsTrust>(h);
    if (t === INVALID_ADDRESS) return null;
    x509CrtInit(t.chain);
    sslConfigInit(t.conf);
    if (sslConfigClientDefaults(t.conf) !== 0) {
        tlsDestroyTrust(h, t);
        return null;
    }
    sslConfAuthmode(t.conf, verify ? SslAuthMode.Required : SslAuthMode.None);
    sslConfCaChain(t.conf, t.chain);
    sslConfRng(t.conf, lockedRandom, t);     // the context is not used: there is one DRBG
    return t;
}

// The random numbers of every connection. Connections run on several CPUs at once (each session
// keeps its own mbedtls context to one CPU at a time, session.ts), but they all draw from this one
// DRBG, which is not safe for concurrent use (our mbedtls has no MBEDTLS_THREADING_C): one draw
// at a time. The lock is held across mbedtls_ctr_drbg_random only, which calls nothing of ours
// but the entropy hook (the kernel's random_buffer) when it reseeds.
function lockedRandom(ctx: VoidPtr, out: BytePtrOut, len: SizeT): s32 {
    spinLock(drbgLock);
    const r = ctrDrbgRandom(drbg, out, len);
    spinUnlock(drbgLock);
    return r;
}

export function tlsDestroyTrust(h: Heap, t: TlsTrust): void {
    sslConfigFree(t.conf);
    x509CrtFree(t.chain);
    deallocate<TlsTrust>(h, t);
}

/**
 * Adds CA certificates (PEM, the terminating NUL counted in len; or DER) to t. Returns what
 * mbedtls_x509_crt_parse does: 0 when all were added, the number that could not be, or a negative
 * error when none was.
 */
export function tlsAddCertificates(t: TlsTrust, pem: VoidPtr, len: u64): s32 {
    return x509CrtParse(t.chain, pem as ConstBytePtr, len as SizeT);
}

/**
 * Adds the CA certificates of tls.ca_file (its PEM contents, the terminating NUL counted in len) and
 * says on the console how many were loaded; false, with the reason on the console, when none could
 * be used.
 */
export function tlsAddCaFile(h: Heap, t: TlsTrust, path: Buffer, pem: BytePtr, len: u64): boolean {
    const found = countPemCertificates(pem);
    if (found === 0) {
        rprintf(`tls: tls.ca_file ${path}: no PEM certificate in the file (no "-----BEGIN CERTIFICATE-----" line)\n`);
        return false;
    }
    const r = x509CrtParse(t.chain, pem as ConstBytePtr, len as SizeT);
    if (r < 0) {
        const text = allocateBuffer(h, ERROR_TEXT_MAX);
        if (text === INVALID_ADDRESS) {
            rprintf(`tls: tls.ca_file ${path}: none of its ${found} certificates could be used (mbedtls error ${r})\n`);
            return false;
        }
        strerror(r, bufferData(text) as CharPtr, ERROR_TEXT_MAX);
        rprintf(`tls: tls.ca_file ${path}: none of its ${found} certificates could be used (${sstringOfBytes(bufferData(text), ERROR_TEXT_MAX)})\n`);
        deallocateBuffer(text);
        return false;
    }
    // mbedtls counts the certificates it could not use; a block cut short is not even counted.
    const loaded = found > (r as u32) ? found - (r as u32) : 0;
    if (r > 0) {
        rprintf(`tls: tls.ca_file ${path}: ${loaded} CA certificates loaded, ${r} could not be used; the embedded bundle is not used\n`);
    } else {
        rprintf(`tls: tls.ca_file ${path}: ${loaded} CA certificates loaded; the embedded bundle is not used\n`);
    }
    return true;
}

// The PEM certificate blocks in a NUL-terminated text.
function countPemCertificates(pem: BytePtr): u32 {
    const marker = cstringBytes('-----BEGIN CERTIFICATE-----') as ConstCharPtr;
    let count: u32 = 0;
    let at = strstr(pem as ConstCharPtr, marker);
    while (at !== null) {
        count++;
        at = strstr(bytesAt(at!, PEM_MARKER_BYTES) as ConstCharPtr, marker);
    }
    return count;
}

/** Adds the CA bundle embedded at build time; false when none of it could be used. */
export function tlsAddEmbeddedBundle(t: TlsTrust): boolean {
    const r = x509CrtParse(t.chain, CA_BUNDLE, CA_BUNDLE_SIZE as SizeT);
    if (r < 0) {
        rprintf(`tls: the embedded CA bundle could not be parsed (mbedtls error ${r})\n`);
        return false;
    }
    // Roots signed with algorithms our mbedtls leaves out (SHA-1, ...) are skipped; the rest serve.
    if (r > 0) rprintf(`tls: ${r} certificates of the embedded CA bundle were skipped\n`);
    return true;
}
