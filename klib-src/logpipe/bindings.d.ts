/*
 * Bindings the log pipeline needs beyond klib-src/nanos (kept here until they move there): an
 * allocated record's spinlock must be initialized; the ring's 16-byte entry headers are read and
 * written as aligned 64-bit words; and the console path moves and scans bytes 8 at a time, with
 * loads and stores at any alignment (`__builtin_memcpy` of a constant 8 bytes compiles to one
 * move at every optimization level, and never to a call); a buffer is cut back to a length (a
 * kept body's parts made again, dropped: kept_body.ts).
 */
import type { bytes, u64 } from '../dialect';
import type { Buffer, BytePtr, Spinlock } from '../nanos';

/** Makes a spinlock free (a record from the heap is not zeroed). @c spin_lock_init @include kernel.h */
export declare function spinLockInit(l: Spinlock): void;
/** The 64-bit word at byte offset `off` of `p`; `p + off` must be 8-byte aligned. @c (*(u64 *)($p + $off)) */
export declare function loadWord(p: BytePtr, off: bytes): u64;
/** Stores `v` at byte offset `off` of `p`; `p + off` must be 8-byte aligned. @c (*(u64 *)($p + $off) = ($v)) */
export declare function storeWord(p: BytePtr, off: bytes, v: u64): void;
/**
 * The 8 bytes at `p + off` as a word, at any alignment; byte `off + k` is bits 8k .. 8k+7 (every
 * Nanos target is little-endian).
 * @c (*(u64 *)__builtin_memcpy(&(u64){0}, ($p) + ($off), 8))
 */
export declare function loadBytes8(p: BytePtr, off: bytes): u64;
/** Stores the word `v` as the 8 bytes at `p + off`, at any alignment. @c __builtin_memcpy(($p) + ($off), &(u64){($v)}, 8) */
export declare function storeBytes8(p: BytePtr, off: bytes, v: u64): void;
/** The index of the lowest set bit of `x` (x must not be 0). @c lsb @include kernel.h */
export declare function lsb(x: u64): u64;
/** The index of the highest set bit of `x` (x must not be 0). @c msb @include kernel.h */
export declare function msb(x: u64): u64;
/** Keeps the first `n` readable bytes of `b` and drops the rest (n at most its length). @c ((void)(($b)->end = ($b)->start + ($n))) */
export declare function bufferTruncate(b: Buffer, n: bytes): void;
