/*
 * Bindings: a record's field reached by its offset (`offsetOf<Rec>('field')`), for the one reader
 * that fills every klib's configuration record from its table of keys (lib/config_map.ts). Each
 * store writes the C type its name says; the table tool (codegen/config_tables.ts) checks that
 * every row's field has the type its kind stores.
 */
import type { bytes, u32, u64 } from '../dialect';
import type { Buffer, BytePtr, SString, Tuple, VoidPtr } from '../nanos';

/** @c *(u64 *)pointer_from_u64(u64_from_pointer($r) + $at) = $v @include kernel.h */
export declare function storeU64At(r: VoidPtr, at: bytes, v: u64): void;
/** @c *(u32 *)pointer_from_u64(u64_from_pointer($r) + $at) = $v @include kernel.h */
export declare function storeU32At(r: VoidPtr, at: bytes, v: u32): void;
/** @c *(boolean *)pointer_from_u64(u64_from_pointer($r) + $at) = $v @include kernel.h */
export declare function storeBooleanAt(r: VoidPtr, at: bytes, v: boolean): void;
/** @c *(buffer *)pointer_from_u64(u64_from_pointer($r) + $at) = $v @include kernel.h */
export declare function storeBufferAt(r: VoidPtr, at: bytes, v: Buffer | null): void;
/** @c (*(buffer *)pointer_from_u64(u64_from_pointer($r) + $at)) @include kernel.h */
export declare function bufferAtField(r: VoidPtr, at: bytes): Buffer | null;
/** @c *(tuple *)pointer_from_u64(u64_from_pointer($r) + $at) = $v @include kernel.h */
export declare function storeTupleAt(r: VoidPtr, at: bytes, v: Tuple | null): void;

/** The bytes of an sstring, to be read only (a table's strings are static data). @c ((u8 *)($s).ptr) @include kernel.h */
export declare function sstringData(s: SString): BytePtr;
/** @c ($s).len @include kernel.h */ export declare function sstringSize(s: SString): bytes;
