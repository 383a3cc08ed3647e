/*
 * Bindings the cloudwatch klib needs beyond klib-src/nanos/. SHA-256 and HMAC come from the mbedtls
 * that the tls klib links and exports (load the tls klib with this one); mbedtls's own headers
 * declare them, as for the stock aws.c, so the klib's C is built with mbedtls's include path
 * (mk/mbedtls.mk; a Nanos tree gives it to every klib).
 */
import type { bytes, s32, u64 } from '../dialect';
import type { BytePtr, KernelHeaps, SString, VoidPtr } from '../nanos';

/**
 * SHA-256 of `len` bytes into 32 bytes at `output`; 0 on success.
 * @c mbedtls_sha256_ret($input, $len, $output, 0) @include mbedtls/sha256.h
 */
export declare function sha256Of(input: BytePtr, len: bytes, output: BytePtr): s32;

/**
 * Starts a SHA-256 in the context at `ctx` (an mbedtls_sha256_context: 108 bytes in mbedtls 2.28); 0 on success.
 * @c ({ mbedtls_sha256_init((mbedtls_sha256_context *)$ctx); mbedtls_sha256_starts_ret((mbedtls_sha256_context *)$ctx, 0); })
 * @include mbedtls/sha256.h
 */
export declare function sha256Start(ctx: BytePtr): s32;

/**
 * Adds `len` bytes to the SHA-256 at `ctx`; 0 on success.
 * @c mbedtls_sha256_update_ret((mbedtls_sha256_context *)$ctx, $input, $len) @include mbedtls/sha256.h
 */
export declare function sha256Update(ctx: BytePtr, input: BytePtr, len: bytes): s32;

/**
 * Ends the SHA-256 at `ctx`, its 32 bytes into `output`; 0 on success.
 * @c mbedtls_sha256_finish_ret((mbedtls_sha256_context *)$ctx, $output) @include mbedtls/sha256.h
 */
export declare function sha256Finish(ctx: BytePtr, output: BytePtr): s32;

/**
 * HMAC-SHA256 of `ilen` bytes under a `keylen`-byte key into 32 bytes at `output`; 0 on success.
 * @c mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), $key, $keylen, $input, $ilen, $output)
 * @include mbedtls/md.h
 */
export declare function hmacSha256Of(key: BytePtr, keylen: bytes, input: BytePtr, ilen: bytes, output: BytePtr): s32;

/** The physical memory the kernel manages, in bytes. @c heap_total(heap_physical($kh)) @include kernel.h */
export declare function physicalTotal(kh: KernelHeaps): u64;
/** The physical memory allocated, in bytes. @c heap_allocated(heap_physical($kh)) @include kernel.h */
export declare function physicalAllocated(kh: KernelHeaps): u64;
/** Bytes of the page cache (reclaimable). @c pagecache_get_occupancy() @include pagecache.h */
export declare function pagecacheOccupancy(): u64;


/**
 * The 8 bytes at `p + off` as a word, at any alignment; byte `off + k` is bits 8k .. 8k+7 (every
 * Nanos target is little-endian). One move, never a call.
 * @c (*(u64 *)__builtin_memcpy(&(u64){0}, ($p) + ($off), 8))
 */
export declare function load8(p: BytePtr, off: bytes): u64;
/** Stores the word `v` as the 8 bytes at `p + off`, at any alignment. @c __builtin_memcpy(($p) + ($off), &(u64){($v)}, 8) */
export declare function store8(p: BytePtr, off: bytes, v: u64): void;

/** The bytes of an sstring. @c ((u8 *)($s).ptr) @include kernel.h */
export declare function sstringData(s: SString): BytePtr;
/** The length of an sstring. @c ($s).len @include kernel.h */
export declare function sstringSize(s: SString): bytes;
