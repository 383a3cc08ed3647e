/*
 * Bindings: the tls klib's interface for the klibs that use it (klib-src/tls/README.md), and what
 * the tls klib itself needs from the kernel beyond the other binding files (raw memory, C strings,
 * the manifest, randomness, the embedded CA bundle).
 */
import type { bytes, s32, timestamp, u16, u64, u8 } from '../dialect';
import type { Buffer, BytePtr, CString, SString, VoidPtr } from './runtime';
import type { ConnectionHandler, IpAddr } from './net';
import type { ConstBytePtr, ConstVoidPtr } from './mbedtls';
import type { Tuple } from './values';

// ---- raw memory ----
/** @c runtime_memcpy @include kernel.h */ export declare function runtimeMemcpy(dst: VoidPtr, src: ConstVoidPtr, n: bytes): void;
/** @c runtime_memset @include kernel.h */ export declare function runtimeMemset(p: BytePtr, c: u8, n: bytes): void;
/** @c runtime_memcmp @include kernel.h */ export declare function runtimeMemcmp(a: ConstVoidPtr, b: ConstVoidPtr, n: bytes): s32;
/** The address as a number, to order two pointers. @c ((u64)$p) @include kernel.h */ export declare function addressOfPointer(p: ConstVoidPtr): u64;
/** A pointer n bytes further. @c ((u8 *)$p + $n) @include kernel.h */ export declare function bytesAt(p: ConstVoidPtr, n: bytes): BytePtr;
/** A pointer n bytes before. @c ((void *)((u8 *)$p - $n)) @include kernel.h */ export declare function bytesBefore(p: ConstVoidPtr, n: bytes): VoidPtr;

// ---- buffers as bytes ----
/** A stack buffer over n bytes at p, valid until the calling function returns. @c alloca_wrap_buffer($p, $n) @include kernel.h */
export declare function stackWrapBuffer(p: VoidPtr, n: bytes): Buffer;
/** Fills b to its capacity with random bytes. @c random_buffer @include kernel.h */ export declare function randomBuffer(b: Buffer): u64;

// ---- strings ----
/** @c ($s).len @include kernel.h */ export declare function sstringLength(s: SString): bytes;
/** @c ((const u8 *)($s).ptr) @include kernel.h */ export declare function sstringBytes(s: SString): ConstBytePtr;
/** The NUL-terminated string at p (at most max bytes) as an sstring. @c sstring_from_cstring((const char *)$p, $max) @include kernel.h */
export declare function sstringOfBytes(p: ConstVoidPtr, max: bytes): SString;

// ---- the manifest ----
/** The tuple under key `name` (a literal), or 0. @c get_tuple($t, sym_this($name)) @include kernel.h */
export declare function getTupleOf(t: Tuple, name: CString): Tuple | null;
/** The string under key `name` (a literal), or 0. @c get_string($t, sym_this($name)) @include kernel.h */
export declare function getStringOf(t: Tuple, name: CString): Buffer | null;
/** Whether b holds exactly the literal s. @c (buffer_strcmp($b, $s) == 0) @include kernel.h */
export declare function bufferIs(b: Buffer, s: CString): boolean;

// ---- time ----
/** @c sec_from_timestamp @include kernel.h */ export declare function secFromTimestamp(t: timestamp): u64;

// ---- the tls klib's interface, for the klibs that use it ----
// <tls.h> declares the stock two; the others are declared where they are called.
/** TLS to addr:port, the chain verified against the default trust: 0 when the connect started,
 * negative when it failed at once (ch is then never called). @c tls_connect @include tls.h */
export declare function tlsConnect(addr: IpAddr, port: u16, ch: ConnectionHandler): s32;
/** Adds CA certificates (PEM with its NUL counted in len, or DER) to the default trust.
 * @c tls_set_cacert @include tls.h */
export declare function tlsSetCacert(pem: VoidPtr, len: u64): s32;
/** TLS to addr:port for host: SNI, and a certificate valid for host, chained to the default trust.
 * @c ({ extern int tls_connect_host(sstring, ip_addr_t *, u16, connection_handler); tls_connect_host($host, $addr, $port, $ch); }) @include lwip.h */
export declare function tlsConnectHost(host: SString, addr: IpAddr, port: u16, ch: ConnectionHandler): s32;
/** A trust of the caller's own: exactly these CA certificates; 0 when none could be used.
 * @c struct tls_trust * @include kernel.h */
export interface TlsTrustRef { readonly __kind: 'tls_trust' }
/** @c ({ extern struct tls_trust *tls_trust_create(void *, u64); tls_trust_create($pem, $len); }) */
export declare function tlsTrustCreate(pem: VoidPtr, len: u64): TlsTrustRef | null;
/** tlsConnectHost with the caller's trust.
 * @c ({ extern int tls_connect_trusting(struct tls_trust *, sstring, ip_addr_t *, u16, connection_handler); tls_connect_trusting($trusted, $host, $addr, $port, $ch); }) @include lwip.h */
export declare function tlsConnectTrusting(trusted: TlsTrustRef, host: SString, addr: IpAddr, port: u16,
                                           ch: ConnectionHandler): s32;

// ---- digests for other klibs (SigV4): mbedtls functions the tls klib exports ----
// Each template declares the function it calls, so the caller needs no mbedtls header; load the
// tls klib with the klib that uses them.
/** SHA-256 of len bytes at input into output (32 bytes); 0 on success.
 * @c ({ extern int mbedtls_sha256_ret(const unsigned char *, unsigned long, unsigned char *, int); mbedtls_sha256_ret($input, $len, $output, 0); }) @include kernel.h */
export declare function tlsSha256(input: BytePtr, len: bytes, output: BytePtr): s32;
/** HMAC-SHA256 of ilen bytes at input under keylen bytes of key into output (32 bytes); 0 on success.
 * @c ({ struct mbedtls_md_info_t; extern const struct mbedtls_md_info_t *mbedtls_md_info_from_type(int); extern int mbedtls_md_hmac(const struct mbedtls_md_info_t *, const unsigned char *, unsigned long, const unsigned char *, unsigned long, unsigned char *); mbedtls_md_hmac(mbedtls_md_info_from_type(6), $key, $keylen, $input, $ilen, $output); }) @include kernel.h */
export declare function tlsHmacSha256(key: BytePtr, keylen: bytes, input: BytePtr, ilen: bytes, output: BytePtr): s32;

// ---- the CA bundle embedded at build time (mbedtls-config/tls_ca_bundle.h, mk/tls.mk) ----
/** Debian's CA certificates as PEM, NUL-terminated. @c tls_ca_bundle @include tls_ca_bundle.h */
export declare const CA_BUNDLE: ConstBytePtr;
/** Its size, the NUL counted. @c tls_ca_bundle_size @include tls_ca_bundle.h */
export declare const CA_BUNDLE_SIZE: u64;

// ---- more kernel services the tls klib uses ----
/** The address as text into buf (NUL-terminated); 0 when it does not fit. @c ipaddr_ntoa_r($addr, (char *)$buf, $len) @include lwip.h */
export declare function ipaddrToText(addr: IpAddr, buf: BytePtr, len: s32): VoidPtr | null;
/** The number under key `name` (a literal) of t, or dflt when absent or not a number.
 * @c ({ u64 __n; get_u64($t, sym_this($name), &__n) ? __n : ($dflt); }) @include kernel.h */
export declare function getNumberOf(t: Tuple, name: CString, dflt: u64): u64;
