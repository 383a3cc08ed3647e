/*
 * Bindings: the Nanos runtime as klib sources see it. Each declaration names the C it lowers to
 * (tags are explained in docs/dialect.md). Nothing here has a body: the kernel provides it.
 */
import type { bytes, s32, timestamp, u8, u64 } from '../dialect';

/** A memory heap. @c heap @include kernel.h first */
export interface Heap { readonly __kind: 'heap' }
/** The set of kernel heaps. @c kernel_heaps @include kernel.h */
export interface KernelHeaps { readonly __kind: 'kernel_heaps' }
/** A growable byte buffer. @c buffer @fmt %b @include kernel.h */
export interface Buffer { readonly __kind: 'buffer' }
/** A status value: STATUS_OK or an error tuple. @c status @include kernel.h */
export interface Status { readonly __kind: 'status' }
/** A pointer to anything (C `void *`); any pointer converts to it. @c void * @anyptr */
export interface VoidPtr {}
/** A pointer to bytes, indexed like a C array: p[i]. @c u8 * @index */
export interface BytePtr { [index: number]: u8 }
/** A string with a length, not NUL-terminated. @c sstring @literal ss(%s) @static ss_static_init(%s) @fmt %s @include kernel.h */
export type SString = string;
/** A NUL-terminated C string; charCodeAt(i) reads byte i. @c const char * @literal %s @bytes */
export type CString = string;
/** A format string: a literal or a template literal. @format */
export type Format = string;

/** @closure status_handler @include kernel.h */
export type StatusHandler = (s: Status) => void;
/** @closure thunk @include kernel.h */
export type Thunk = () => void;
/** @closure timer_handler @include kernel.h */
export type TimerHandler = (expiry: u64, overruns: u64) => void;

/** @c STATUS_OK */ export declare const STATUS_OK: Status;
/** The address allocation failures return. @c INVALID_ADDRESS */ export declare const INVALID_ADDRESS: never;
/** @c KLIB_INIT_OK */ export declare const KLIB_INIT_OK: s32;
/** @c KLIB_INIT_IN_PROGRESS */ export declare const KLIB_INIT_IN_PROGRESS: s32;
/** @c KLIB_INIT_FAILED */ export declare const KLIB_INIT_FAILED: s32;

/** @c get_kernel_heaps */ export declare function getKernelHeaps(): KernelHeaps;
/** @c heap_locked */ export declare function heapLocked(kh: KernelHeaps): Heap;
/**
 * The kernel's heap for large ranges: virtually contiguous, mapped from physical pieces that need
 * not be contiguous, in whole pages. The mcache heaps (locked, general, malloc) give nothing larger
 * than one physical piece (2 MiB; 1 MiB on a machine under 64 MiB). The kernel has no accessor
 * function for it: the field is read. Frees name the size allocated. A range larger than the free
 * memory must never be asked for (see klib-src/lib/large_ranges.ts).
 * @c ($kh)->vmem
 */
export declare function heapVmem(kh: KernelHeaps): Heap;
/** The physical memory (the page heap): heapFree of it is the memory free. @c heap_physical */
export declare function heapPhysical(kh: KernelHeaps): Heap;
/** The bytes a heap has free (its total less what is allocated). @c heap_free */
export declare function heapFree(h: Heap): u64;
/** Allocates a record; INVALID_ADDRESS on failure. @c allocate($h, sizeof(struct $T)) */
export declare function allocate<T>(h: Heap): T;
/** Frees a record allocated with allocate(). @c deallocate($h, $p, sizeof(struct $T)) */
export declare function deallocate<T>(h: Heap, p: T): void;
/** @c is_ok */ export declare function isOk(s: Status): boolean;
/** @c rprintf */ export declare function rprintf(fmt: Format): void;
/** @c bprintf */ export declare function bprintf(b: Buffer, fmt: Format): void;
/** @c allocate_buffer */ export declare function allocateBuffer(h: Heap, capacity: bytes): Buffer;
/** @c deallocate_buffer */ export declare function deallocateBuffer(b: Buffer): void;
/** @c buffer_length */ export declare function bufferLength(b: Buffer): bytes;
/** @c timm("result", $fmt) */ export declare function timm(fmt: Format): Status;
/** @c timm_dealloc */ export declare function timmDealloc(s: Status): void;
/** How many rows a constant table holds: `T.length` is written with this. @intrinsic countOf @c _countof($table) */
export declare function countOf(table: VoidPtr): bytes;
/**
 * Where a record's field lies, in bytes from the record's start: `offsetOf<Config>('flushMs')`. A
 * constant, so a table's rows may hold it (lib/config_map.ts stores through it).
 * @intrinsic offsetOf @c offsetof($T, $field)
 */
export declare function offsetOf<T>(field: keyof T & string): bytes;
