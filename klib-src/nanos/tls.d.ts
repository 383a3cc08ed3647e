/*
 * Bindings: what the tls klib needs from the kernel beyond the other binding files (raw memory, C
 * strings, the manifest, randomness, the embedded CA bundle). The tls klib's interface for other
 * klibs is its entry module, klib-src/tls/tls.ts (c-out/tls/tls.h).
 */
import type { bytes, s32, timestamp, u64 } from '../dialect';
import type { Buffer, BytePtr, CString, SString, VoidPtr } from './runtime';
import type { IpAddr } from './net';
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

// ---- the CA bundle embedded at build time (mbedtls-config/tls_ca_bundle.h, mk/tls.mk) ----
/** Debian's CA certificates as PEM, NUL-terminated. @c tls_ca_bundle @include tls_ca_bundle.h */
export declare const CA_BUNDLE: ConstBytePtr;
/** Its size, the NUL counted. @c tls_ca_bundle_size @include tls_ca_bundle.h */
export declare const CA_BUNDLE_SIZE: u64;

// ---- more kernel services the tls klib uses ----
/** The address as text into buf (NUL-terminated); 0 when it does not fit. @c ipaddr_ntoa_r($addr, (char *)$buf, $len) @include lwip.h */
export declare function ipaddrToText(addr: IpAddr, buf: BytePtr, len: s32): VoidPtr | null;
