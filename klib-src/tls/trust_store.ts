// Whom a connection trusts. A TlsTrust is a chain of CA certificates plus the mbedtls configuration
// that verifies against it; every connection is set up with one. The klib's default TlsTrust holds the
// CA bundle embedded at build time; another klib can make its own (tls_trust_create) instead of
// changing what everyone trusts. Verification is required unless the manifest says
// `tls.verify: "false"`.
import { s32, u64 } from '../dialect';
import { allocate, deallocate, Heap, INVALID_ADDRESS, rprintf, VoidPtr } from '../nanos';
import {
    ConstBytePtr, CtrDrbg, ctrDrbgInit, ctrDrbgSeed, Entropy, entropyInit, SizeT, SslAuthMode, SslConfig,
    sslConfAuthmode, sslConfCaChain, sslConfigClientDefaults, sslConfigFree, sslConfigInit, sslConfRngCtrDrbg,
    X509Crt, x509CrtFree, x509CrtInit, x509CrtParse,
} from '../nanos/mbedtls';
import { CA_BUNDLE, CA_BUNDLE_SIZE } from '../nanos/tls';

export interface TlsTrust {
    chain: X509Crt;
    conf: SslConfig;
}

let entropy: Entropy;
let drbg: CtrDrbg;
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
    sslConfRngCtrDrbg(t.conf, drbg);
    return t;
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
