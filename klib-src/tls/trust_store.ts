// Whom a connection trusts. A TlsTrust is a set of CA certificates plus the mbedtls configuration
// that verifies against it; every connection is set up with one. The klib's default TlsTrust holds the
// CA bundle embedded at build time, or instead the CAs of the manifest's tls.ca_file, both kept as
// PEM text and parsed only when a chain needs them (pem_cas.ts), plus a parsed chain of the CAs added
// by tls_set_cacert; another klib can make its own (tls_trust_create, a parsed chain) instead of
// changing what everyone trusts. Verification is required unless the manifest says
// `tls.verify: "false"`.
import { bytes, s32, sizeOf, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, deallocate, deallocateBuffer, Heap, INVALID_ADDRESS, rprintf, spinLock,
    Spinlock, spinUnlock, VoidPtr,
} from '../nanos';
import {
    BytePtrOut, CharPtr, ConstBytePtr, ConstX509Crt, crtIssuerRaw, crtIssuerRawLength, crtNext, crtRaw, crtRawLength, crtReadOnly,
    crtSubjectRaw, crtSubjectRawLength, crtVersion, CtrDrbg, ctrDrbgInit, ctrDrbgRandom, ctrDrbgSeed, Entropy,
    BADCERT_NOT_TRUSTED, entropyInit, SizeT, SslAuthMode, SslConfig, sslConfAuthmode, sslConfCaCb, sslConfCaChain, sslConfigClientDefaults,
    sslConfigFree, sslConfigInit, sslConfRng, sslConfVerify, strerror, U32Array, X509Crt, x509CrtFree, x509CrtInit, X509CrtListOut, x509CrtParse,
    x509CrtParseDer,
} from '../nanos/mbedtls';
import { bufferData } from '../nanos/buffers';
import { CA_BUNDLE, sstringOfBytes } from '../nanos/tls';
import { PemCas, pemCasAddIssuersOf, pemCasFree, pemCasIndex, pemCertificateCount } from './pem_cas';
import { sslConfCiphersuitesForThisCpu } from './crypto';
import { mbedtlsCalloc, mbedtlsFree } from './platform';

const ERROR_TEXT_MAX: bytes = 120;

export interface TlsTrust {
    // CAs parsed: tls_set_cacert's additions, or all of a tls_trust_create trust's.
    chain: X509Crt;
    conf: SslConfig;
    // CAs kept as PEM text (the embedded bundle or tls.ca_file), or null. When set, mbedtls gets the
    // trusted CAs from offerIssuers instead of from chain.
    pemCas: PemCas | null;
    // The buffer holding that text when it is ours (tls.ca_file), or null (the embedded bundle).
    pemText: Buffer | null;
}

let entropy!: Entropy;
let drbg!: CtrDrbg;
// Held across each draw from drbg (lockedRandom).
let drbgLock!: Spinlock;
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
    t.pemCas = null;
    t.pemText = null;
    x509CrtInit(t.chain);
    sslConfigInit(t.conf);
    if (sslConfigClientDefaults(t.conf) !== 0) {
        tlsDestroyTrust(h, t);
        return null;
    }
    sslConfCiphersuitesForThisCpu(t.conf);
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
    if (t.pemCas !== null) pemCasFree(h, t.pemCas!);
    if (t.pemText !== null) deallocateBuffer(t.pemText!);
    deallocate<TlsTrust>(h, t);
}

// From now on mbedtls asks offerIssuers for t's CAs (which replaces the chain in the configuration;
// the chain's certificates are offered by offerIssuers too).
function trustPemCas(t: TlsTrust, cas: PemCas): void {
    t.pemCas = cas;
    sslConfCaCb(t.conf, offerIssuers, t);
    sslConfVerify(t.conf, trustAddedServerCertificate, t);
}

// mbedtls's verification callback, for trusts whose CAs come from offerIssuers. With a CA chain,
// mbedtls trusts a self-signed server certificate that is itself in the chain (a "locally trusted"
// end entity: what the stock tls_set_cacert of a server's own certificate relies on); the CA
// callback path has no such rule, so it is applied here: the server's certificate (depth 0), found
// without a trusted issuer, self-issued, and byte for byte one that tls_set_cacert added, is
// trusted. Other flags (expired, wrong name, weak algorithm) stay.
function trustAddedServerCertificate(ctx: VoidPtr, crt: X509Crt, depth: s32, flags: U32Array): s32 {
    if (depth !== 0 || (flags[0] & BADCERT_NOT_TRUSTED) === 0) return 0;
    const t = ctx as TlsTrust;
    const nameLength = crtSubjectRawLength(crt);
    const read = crtReadOnly(crt);
    if (crtIssuerRawLength(read) !== nameLength || !sameBytes(crtSubjectRaw(crt), crtIssuerRaw(read), nameLength)) return 0;
    const length = crtRawLength(crt);
    let c: X509Crt | null = t.chain;
    while (c !== null) {
        if (crtVersion(c!) !== 0 && crtRawLength(c!) === length && sameBytes(crtRaw(c!), crtRaw(crt), length)) {
            flags[0] = flags[0] & ~BADCERT_NOT_TRUSTED;
            return 0;
        }
        c = crtNext(c!);
    }
    return 0;
}

// mbedtls's CA callback (MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK), asked for each certificate of the
// peer's chain until one is issued by a trusted CA: a list, allocated with mbedtls_calloc and freed by
// mbedtls, of t's CAs that may have issued child (the PEM ones whose subject hashes like child's
// issuer, and the chain's whose subject is child's issuer), or none. Runs on several CPUs at once:
// it only reads t, and its scratch is its own.
function offerIssuers(ctx: VoidPtr, child: ConstX509Crt, candidates: X509CrtListOut): s32 {
    const t = ctx as TlsTrust;
    candidates[0] = null;
    const head = mbedtlsCalloc(1, sizeOf<X509Crt>());
    if (head === null) return -1;      // mbedtls fails the handshake (a fatal X.509 error)
    const list = head! as X509Crt;
    x509CrtInit(list);
    if (t.pemCas !== null) pemCasAddIssuersOf(t.pemCas!, child, list);
    addChainIssuersOf(t.chain, child, list);
    if (crtVersion(list) === 0) {
        mbedtlsFree(head);             // none: mbedtls wants no list rather than an empty one
        return 0;
    }
    candidates[0] = list;
    return 0;
}

// A plain loop: runtime_memcmp is missing from the stress test's small kernel, and memcmp is a macro
// in parts of the Nanos tree.
function sameBytes(a: ConstBytePtr, b: ConstBytePtr, length: SizeT): boolean {
    for (let i: SizeT = 0; i < length; i++) {
        if (a[i] !== b[i]) return false;
    }
    return true;
}

// Copies into list the certificates of chain whose subject is child's issuer.
function addChainIssuersOf(chain: X509Crt, child: ConstX509Crt, list: X509Crt): void {
    const issuerLength = crtIssuerRawLength(child);
    let c: X509Crt | null = chain;
    while (c !== null) {
        if (crtVersion(c!) !== 0 && crtSubjectRawLength(c!) === issuerLength
            && sameBytes(crtSubjectRaw(c!), crtIssuerRaw(child), issuerLength)) {
            x509CrtParseDer(list, crtRaw(c!), crtRawLength(c!));
        }
        c = crtNext(c!);
    }
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
 * Makes the CA certificates of tls.ca_file (contents: its PEM text, the terminating NUL counted in
 * its length) t's PEM CAs, keeping contents, and says on the console how many were loaded; false,
 * with the reason on the console, when none could be used (contents is then freed).
 */
export function tlsAddCaFile(h: Heap, t: TlsTrust, path: Buffer, contents: Buffer): boolean {
    const text = bufferData(contents) as ConstBytePtr;
    const found = pemCertificateCount(text);
    if (found === 0) {
        rprintf(`tls: tls.ca_file ${path}: no PEM certificate in the file (no "-----BEGIN CERTIFICATE-----" line)\n`);
        deallocateBuffer(contents);
        return false;
    }
    const cas = pemCasIndex(h, text, found);
    if (cas === null || cas!.count === 0) {
        if (cas === null) {
            rprintf(`tls: tls.ca_file ${path}: out of memory to index its ${found} certificates\n`);
        } else {
            sayNoneUsable(h, path, found, cas!.firstError);
            pemCasFree(h, cas!);
        }
        deallocateBuffer(contents);
        return false;
    }
    t.pemText = contents;
    trustPemCas(t, cas!);
    if (cas!.unusable > 0) {
        rprintf(`tls: tls.ca_file ${path}: ${cas!.count} CA certificates loaded, ${cas!.unusable} could not be used; the embedded bundle is not used\n`);
    } else {
        rprintf(`tls: tls.ca_file ${path}: ${cas!.count} CA certificates loaded; the embedded bundle is not used\n`);
    }
    return true;
}

function sayNoneUsable(h: Heap, path: Buffer, found: u32, error: s32): void {
    const text = allocateBuffer(h, ERROR_TEXT_MAX);
    if (text === INVALID_ADDRESS) {
        rprintf(`tls: tls.ca_file ${path}: none of its ${found} certificates could be used (mbedtls error ${error})\n`);
        return;
    }
    strerror(error, bufferData(text) as CharPtr, ERROR_TEXT_MAX);
    rprintf(`tls: tls.ca_file ${path}: none of its ${found} certificates could be used (${sstringOfBytes(bufferData(text), ERROR_TEXT_MAX)})\n`);
    deallocateBuffer(text);
}

/**
 * Makes the CA bundle embedded at build time (PEM text in rodata, never copied) t's PEM CAs; false
 * when none of it could be used.
 */
export function tlsAddEmbeddedBundle(h: Heap, t: TlsTrust): boolean {
    const cas = pemCasIndex(h, CA_BUNDLE, pemCertificateCount(CA_BUNDLE));
    if (cas === null) {
        rprintf('tls: out of memory to index the embedded CA bundle\n');
        return false;
    }
    if (cas!.count === 0) {
        rprintf(`tls: the embedded CA bundle could not be parsed (mbedtls error ${cas!.firstError})\n`);
        pemCasFree(h, cas!);
        return false;
    }
    // Roots signed with algorithms our mbedtls leaves out are skipped; the rest serve.
    if (cas!.unusable > 0) rprintf(`tls: ${cas!.unusable} certificates of the embedded CA bundle were skipped\n`);
    trustPemCas(t, cas!);
    return true;
}
