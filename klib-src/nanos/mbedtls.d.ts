/*
 * Bindings: the part of mbedtls 2.28 (our configuration, mbedtls-config/klib_config.h) that the
 * tls klib uses. C that uses them includes mbedtls headers and needs $(MBEDTLS_KLIB_INCLUDES)
 * (mk/mbedtls.mk adds them for the tls klib). Other klibs get SHA-256 and HMAC-SHA256 through
 * tls.d.ts (tlsSha256, tlsHmacSha256), which needs no mbedtls header.
 */
import type { s32, s64, u32, u64, u8 } from '../dialect';
import type { VoidPtr } from './runtime';

/** C's size_t. @c size_t @int unsigned 64 @fmt %ld @include mbedtls/ssl.h */ export type SizeT = number;
/** Read-only bytes (C `const unsigned char *`), indexed: p[i]. @c const u8 * @index */
export interface ConstBytePtr { readonly [index: number]: u8 }
/** A read-only pointer to anything (C `const void *`); any pointer converts to it. @c const void * @anyptr */
export interface ConstVoidPtr {}
/** A C string being read (`const char *`), indexed: s[i]. @c const char * @index */
export interface ConstCharPtr { readonly [index: number]: u8 }
/** A writable C string (`char *`), indexed: s[i]. @c char * @index */
export interface CharPtr { [index: number]: u8 }

/** @struct mbedtls_ssl_context @c mbedtls_ssl_context * @include mbedtls/ssl.h */
export interface SslContext { readonly __kind: 'mbedtls_ssl_context' }
/** @struct mbedtls_ssl_config @c mbedtls_ssl_config * @include mbedtls/ssl.h */
export interface SslConfig { readonly __kind: 'mbedtls_ssl_config' }
/** A chain of X.509 certificates. @struct mbedtls_x509_crt @c mbedtls_x509_crt * @include mbedtls/x509_crt.h */
export interface X509Crt { readonly __kind: 'mbedtls_x509_crt' }
/** @struct mbedtls_ctr_drbg_context @c mbedtls_ctr_drbg_context * @include mbedtls/ctr_drbg.h */
export interface CtrDrbg { readonly __kind: 'mbedtls_ctr_drbg_context' }
/** @struct mbedtls_entropy_context @c mbedtls_entropy_context * @include mbedtls/entropy.h */
export interface Entropy { readonly __kind: 'mbedtls_entropy_context' }

/** The BIO send callback: 0.. bytes taken, or a negative MBEDTLS_ERR_*. @fnptr */
export type SslSend = (ctx: VoidPtr, buf: ConstBytePtr, len: SizeT) => s32;
/** The BIO receive callback: bytes stored, MBEDTLS_ERR_SSL_WANT_READ when none is there. @fnptr */
export type SslRecv = (ctx: VoidPtr, buf: BytePtrOut, len: SizeT) => s32;
/** Where mbedtls wants bytes (C `unsigned char *`). @c unsigned char * @index */
export interface BytePtrOut { [index: number]: u8 }
/** Where a hook stores a size (C `size_t *`). @c size_t * @index */
export interface SizeTPtr { [index: number]: SizeT }
/** Where the time hook may store the time (C `long long *`, mbedtls_time_t). @c s64 * @index */
export interface TimePtr { [index: number]: s64 }

// ---- errors and flags ----
/** @c MBEDTLS_ERR_SSL_WANT_READ */ export declare const SSL_WANT_READ: s32;
/** @c MBEDTLS_ERR_SSL_WANT_WRITE */ export declare const SSL_WANT_WRITE: s32;
/** @c MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY */ export declare const SSL_PEER_CLOSE_NOTIFY: s32;
/** @c MBEDTLS_ERR_SSL_ALLOC_FAILED */ export declare const SSL_ALLOC_FAILED: s32;
/** @c MBEDTLS_ERR_SSL_CONN_EOF */ export declare const SSL_CONN_EOF: s32;
/** @c MBEDTLS_ERR_X509_CERT_VERIFY_FAILED @include mbedtls/x509.h */ export declare const X509_CERT_VERIFY_FAILED: s32;
/** @c MBEDTLS_X509_BADCERT_EXPIRED @include mbedtls/x509.h */ export declare const BADCERT_EXPIRED: u32;
/** @c MBEDTLS_X509_BADCERT_FUTURE @include mbedtls/x509.h */ export declare const BADCERT_FUTURE: u32;
/** @c MBEDTLS_X509_BADCERT_CN_MISMATCH @include mbedtls/x509.h */ export declare const BADCERT_CN_MISMATCH: u32;
/** @c MBEDTLS_X509_BADCERT_NOT_TRUSTED @include mbedtls/x509.h */ export declare const BADCERT_NOT_TRUSTED: u32;
/** The largest plaintext one record carries. @c MBEDTLS_SSL_OUT_CONTENT_LEN */
export declare const SSL_OUT_CONTENT_LEN: u64;

/** @c mbedtls_ssl_authmode */
export const enum SslAuthMode {
    /** @c MBEDTLS_SSL_VERIFY_NONE */ None = 0,
    /** @c MBEDTLS_SSL_VERIFY_REQUIRED */ Required = 2,
}

// ---- TLS ----
/** @c mbedtls_ssl_init */ export declare function sslInit(ssl: SslContext): void;
/** @c mbedtls_ssl_setup */ export declare function sslSetup(ssl: SslContext, conf: SslConfig): s32;
/** The name sent as SNI and checked against the certificate. @c mbedtls_ssl_set_hostname */
export declare function sslSetHostname(ssl: SslContext, host: ConstCharPtr): s32;
/** @c mbedtls_ssl_set_bio($ssl, $ctx, $send, $recv, 0) */
export declare function sslSetBio(ssl: SslContext, ctx: VoidPtr, send: SslSend, recv: SslRecv): void;
/** @c mbedtls_ssl_handshake */ export declare function sslHandshake(ssl: SslContext): s32;
/** @c mbedtls_ssl_read */ export declare function sslRead(ssl: SslContext, buf: BytePtrOut, len: SizeT): s32;
/** @c mbedtls_ssl_write */ export declare function sslWrite(ssl: SslContext, buf: ConstBytePtr, len: SizeT): s32;
/** @c mbedtls_ssl_close_notify */ export declare function sslCloseNotify(ssl: SslContext): s32;
/** @c mbedtls_ssl_free */ export declare function sslFree(ssl: SslContext): void;
/** The MBEDTLS_X509_BADCERT_* flags of the peer's chain. @c mbedtls_ssl_get_verify_result */
export declare function sslGetVerifyResult(ssl: SslContext): u32;

/** @c mbedtls_ssl_config_init */ export declare function sslConfigInit(conf: SslConfig): void;
/** A TLS client over a stream, default preset. @c mbedtls_ssl_config_defaults($conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT) */
export declare function sslConfigClientDefaults(conf: SslConfig): s32;
/** @c mbedtls_ssl_conf_authmode */ export declare function sslConfAuthmode(conf: SslConfig, mode: SslAuthMode): void;
/** @c mbedtls_ssl_conf_ca_chain($conf, $chain, 0) */ export declare function sslConfCaChain(conf: SslConfig, chain: X509Crt): void;
/** Random numbers from a CTR-DRBG. @c mbedtls_ssl_conf_rng($conf, mbedtls_ctr_drbg_random, $drbg) */
export declare function sslConfRngCtrDrbg(conf: SslConfig, drbg: CtrDrbg): void;
/** The random number callback of a configuration: fills buf, 0 on success. @fnptr */
export type SslRng = (ctx: VoidPtr, buf: BytePtrOut, len: SizeT) => s32;
/** @c mbedtls_ssl_conf_rng */ export declare function sslConfRng(conf: SslConfig, rng: SslRng, ctx: VoidPtr): void;
/** @c mbedtls_ssl_config_free */ export declare function sslConfigFree(conf: SslConfig): void;

// ---- certificates ----
/** @c mbedtls_x509_crt_init */ export declare function x509CrtInit(crt: X509Crt): void;
/** Adds PEM (with its terminating NUL counted in len) or DER certificates to the chain: 0, the
 * number that failed, or a negative error. @c mbedtls_x509_crt_parse */
export declare function x509CrtParse(crt: X509Crt, buf: ConstBytePtr, len: SizeT): s32;
/** @c mbedtls_x509_crt_free */ export declare function x509CrtFree(crt: X509Crt): void;
/** Adds one DER certificate (copied) to the chain: 0 or a negative error. @c mbedtls_x509_crt_parse_der */
export declare function x509CrtParseDer(crt: X509Crt, der: ConstBytePtr, len: SizeT): s32;
/** A certificate being read (C `const mbedtls_x509_crt *`); an X509Crt converts to it.
 * @c const mbedtls_x509_crt * @include mbedtls/x509_crt.h */
export interface ConstX509Crt { readonly __kind: 'mbedtls_x509_crt' }
/** The same certificate, read-only. @c ((const mbedtls_x509_crt *)$c) */ export declare function crtReadOnly(c: X509Crt): ConstX509Crt;
/** Its DER subject name. @c ((const u8 *)($c)->subject_raw.p) */ export declare function crtSubjectRaw(c: X509Crt): ConstBytePtr;
/** @c ($c)->subject_raw.len */ export declare function crtSubjectRawLength(c: X509Crt): SizeT;
/** Its DER issuer name. @c ((const u8 *)($c)->issuer_raw.p) */ export declare function crtIssuerRaw(c: ConstX509Crt): ConstBytePtr;
/** @c ($c)->issuer_raw.len */ export declare function crtIssuerRawLength(c: ConstX509Crt): SizeT;
/** The whole certificate, DER. @c ((const u8 *)($c)->raw.p) */ export declare function crtRaw(c: X509Crt): ConstBytePtr;
/** @c ($c)->raw.len */ export declare function crtRawLength(c: X509Crt): SizeT;
/** 0 while no certificate was parsed into this node (an empty chain). @c ($c)->version */
export declare function crtVersion(c: X509Crt): s32;
/** The next certificate of the chain, or 0. @c ($c)->next */ export declare function crtNext(c: X509Crt): X509Crt | null;
/** Where a CA callback stores its list (C `mbedtls_x509_crt **`). @c mbedtls_x509_crt ** @index */
export interface X509CrtListOut { [index: number]: X509Crt | null }
/** The trusted-CA callback (MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK): stores in candidates[0] a
 * list allocated with mbedtls_calloc of the trusted CAs that may have issued child (0 for none),
 * which mbedtls frees; returns 0, or non-zero for a fatal error. @fnptr */
export type CaCallback = (ctx: VoidPtr, child: ConstX509Crt, candidates: X509CrtListOut) => s32;
/** Trusted CAs come from f, asked for each certificate of the peer's chain (replaces any CA chain).
 * @c mbedtls_ssl_conf_ca_cb */
export declare function sslConfCaCb(conf: SslConfig, f: CaCallback, ctx: VoidPtr): void;

// ---- PEM ----
/** One decoded PEM block. @struct mbedtls_pem_context @c mbedtls_pem_context * @include mbedtls/pem.h */
export interface PemContext { readonly __kind: 'mbedtls_pem_context' }
/** @c mbedtls_pem_init @include mbedtls/pem.h */ export declare function pemInit(ctx: PemContext): void;
/** @c mbedtls_pem_free @include mbedtls/pem.h */ export declare function pemFree(ctx: PemContext): void;
/** Decodes the first CERTIFICATE block of the NUL-terminated text at pem into ctx: 0, or a negative
 * MBEDTLS_ERR_PEM_* (PEM_NO_BLOCK when no complete block is there).
 * @c mbedtls_pem_read_buffer($ctx, "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----", $pem, 0, 0, &(size_t){0}) @include mbedtls/pem.h */
export declare function pemReadCertificate(ctx: PemContext, pem: ConstBytePtr): s32;
/** The DER bytes decoded into ctx. @c ((const u8 *)($ctx)->buf) */ export declare function pemDer(ctx: PemContext): ConstBytePtr;
/** @c ($ctx)->buflen */ export declare function pemDerLength(ctx: PemContext): SizeT;
/** No BEGIN/END pair from there on. @c MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT @include mbedtls/pem.h */ export declare const PEM_NO_BLOCK: s32;
/** @c MBEDTLS_ERR_X509_CERT_UNKNOWN_FORMAT @include mbedtls/x509.h */ export declare const X509_CERT_UNKNOWN_FORMAT: s32;
/** 32-bit words, indexed: p[i]. @c u32 * @index */
export interface U32Array { [index: number]: u32 }
/** The verification callback, called for each certificate of the verified chain (depth 0: the
 * server's own) with its MBEDTLS_X509_BADCERT_* flags, which it may change; 0, or a fatal error. @fnptr */
export type VerifyCallback = (ctx: VoidPtr, crt: X509Crt, depth: s32, flags: U32Array) => s32;
/** @c mbedtls_ssl_conf_verify */ export declare function sslConfVerify(conf: SslConfig, f: VerifyCallback, ctx: VoidPtr): void;

// ---- random numbers ----
/** @c mbedtls_entropy_init */ export declare function entropyInit(e: Entropy): void;
/** @c mbedtls_ctr_drbg_init */ export declare function ctrDrbgInit(d: CtrDrbg): void;
/** Seeds the DRBG from the entropy pool (our hardware source), no personalization.
 * @c mbedtls_ctr_drbg_seed($d, mbedtls_entropy_func, $e, 0, 0) */
export declare function ctrDrbgSeed(d: CtrDrbg, e: Entropy): s32;
/** len random bytes from the DRBG (not safe for concurrent use). @c mbedtls_ctr_drbg_random */
export declare function ctrDrbgRandom(d: CtrDrbg, buf: BytePtrOut, len: SizeT): s32;

// ---- messages ----
/** The text of an mbedtls error code into buf (NUL-terminated). @c mbedtls_strerror @include mbedtls/error.h */
export declare function strerror(code: s32, buf: CharPtr, len: SizeT): void;
