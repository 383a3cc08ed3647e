/* Bindings: raw memory, spinlocks and random numbers (runtime.h, lock.h, kernel.h). */
import type { bytes, u64 } from '../dialect';
import type { BytePtr, CString, Heap, VoidPtr } from './runtime';

/** n bytes from h; INVALID_ADDRESS on failure. @c ((u8 *)allocate($h, $n)) */
export declare function allocateBytes(h: Heap, n: bytes): BytePtr;
/** Frees memory from allocateBytes (n must be the size allocated). @c deallocate($h, $p, $n) */
export declare function deallocateBytes(h: Heap, p: BytePtr, n: bytes): void;
/** p + n. @c ($p + $n) */ export declare function byteOffset(p: BytePtr, n: bytes): BytePtr;
/** @c runtime_memcpy */ export declare function copyBytes(dst: VoidPtr, src: VoidPtr, n: bytes): void;
/** A C string seen as bytes, for copying. @c ((u8 *)($s)) */
export declare function cstringBytes(s: CString): BytePtr;

/** A spinlock stored by value in its owner. @struct spinlock @c spinlock @include kernel.h */
export interface Spinlock { readonly __kind: 'spinlock' }
/** Takes the lock with interrupts off; returns the flags to restore. @c spin_lock_irq */
export declare function spinLockIrq(l: Spinlock): u64;
/** @c spin_unlock_irq */ export declare function spinUnlockIrq(l: Spinlock, flags: u64): void;

/** 64 random bits from the kernel's generator. @c random_u64 */ export declare function randomU64(): u64;
/** Takes the lock if it is free; false (without waiting) when it is held. @c spin_try */
export declare function spinTry(l: Spinlock): boolean;
/** @c spin_lock */ export declare function spinLock(l: Spinlock): void;
/** Makes a lock free: for a lock in memory the klib allocated (state is zeroed already). @c spin_lock_init */
export declare function spinLockInit(l: Spinlock): void;
/** @c spin_unlock */ export declare function spinUnlock(l: Spinlock): void;
