/*
 * Bindings the log pipeline needs beyond klib-src/nanos (kept here until they move there): an
 * allocated record's spinlock must be initialized, and the ring's 16-byte entry headers are read
 * and written as aligned 64-bit words.
 */
import type { bytes, u64 } from '../dialect';
import type { BytePtr, Spinlock } from '../nanos';

/** Makes a spinlock free (a record from the heap is not zeroed). @c spin_lock_init @include kernel.h */
export declare function spinLockInit(l: Spinlock): void;
/** The 64-bit word at byte offset `off` of `p`; `p + off` must be 8-byte aligned. @c (*(u64 *)($p + $off)) */
export declare function loadWord(p: BytePtr, off: bytes): u64;
/** Stores `v` at byte offset `off` of `p`; `p + off` must be 8-byte aligned. @c (*(u64 *)($p + $off) = ($v)) */
export declare function storeWord(p: BytePtr, off: bytes, v: u64): void;
