/*
 * Bindings: manifest values, tuples and symbols (runtime/tuple.h, symbol.h), and the byte-level
 * buffer access a parser of manifest strings needs (runtime/buffer.h).
 */
import type { bytes, s32, u8, u64 } from '../dialect';
import type { Buffer, BytePtr, CString, SString } from './runtime';

/** Any manifest value: a string, tuple, vector, symbol or integer. @c value @anyptr @include kernel.h */
export interface Value {}
/** A tuple (symbol keys). @c tuple @include kernel.h */
export interface Tuple { readonly __kind: 'tuple' }
/** An interned name, compared by pointer. @c symbol @include kernel.h */
export interface KSymbol { readonly __kind: 'symbol' }

/** Visits one (key, value) pair of a tuple; false stops the walk. @closure binding_handler @include kernel.h */
export type BindingHandler = (k: Value, v: Value) => boolean;

/** @c get_root_tuple */ export declare function getRootTuple(): Tuple;
/** The `environment` tuple; 0 when the manifest has none. @c get_environment */
export declare function getEnvironment(): Tuple | null;
/** The value under key `k`, 0 when absent. @c get($t, $k) */ export declare function getValue(t: Value, k: KSymbol): Value | null;
/** @c is_tuple */ export declare function isTuple(v: Value): boolean;
/** True for strings and untyped buffers. @c is_string */ export declare function isString(v: Value): boolean;
/** A string value as the buffer it is. @c ((buffer)($v)) */ export declare function valueBuffer(v: Value): Buffer;
/** A tuple value as a tuple. @c ((tuple)($v)) */ export declare function valueTuple(v: Value): Tuple;
/** A key of a tuple as a symbol. @c ((symbol)($v)) */ export declare function valueSymbol(v: Value): KSymbol;
/**
 * The number an integer value holds (an immediate or a decimal string), or `fallback` when the value
 * is not a number.
 * @c ({ u64 __n; u64_from_value($v, &__n) ? __n : ($fallback); })
 */
export declare function valueU64(v: Value, fallback: u64): u64;
/** Walks every pair of a tuple (hash order). @c iterate */
export declare function iterate(t: Value, h: BindingHandler): boolean;
/** The symbol of a literal name, interned once. @c sym_this($name) */ export declare function symbolOf(name: CString): KSymbol;
/** The text of a symbol. @c symbol_string */ export declare function symbolString(s: KSymbol): Buffer;

/** The byte at offset i of a buffer's readable data. @c byte($b, $i) */ export declare function bufferByte(b: Buffer, i: bytes): u8;
/** A pointer to offset `at` of a buffer's readable data. @c ((u8 *)buffer_ref($b, $at)) */
export declare function bufferAt(b: Buffer, at: bytes): BytePtr;
/** The readable data as an sstring (no copy). @c buffer_to_sstring */ export declare function bufferToSString(b: Buffer): SString;
/** 0 when the buffer holds exactly the literal. @c buffer_compare_with_sstring */
export declare function bufferCompare(b: Buffer, s: SString): s32;
/** Appends n bytes from p; false when the buffer cannot grow. @c buffer_write */
export declare function bufferWrite(b: Buffer, p: BytePtr, n: bytes): boolean;
/** Appends one byte (the buffer grows as needed). @c buffer_write_byte */ export declare function bufferWriteByte(b: Buffer, c: u8): boolean;
/** Appends the contents of another buffer. @c push_buffer */ export declare function pushBuffer(dst: Buffer, src: Buffer): boolean;
/** Empties a buffer, keeping its memory. @c buffer_clear */ export declare function bufferClear(b: Buffer): void;
/** Drops the first n readable bytes. @c buffer_consume */ export declare function bufferConsume(b: Buffer, n: bytes): void;
/** The offset of the first occurrence of s in b, or -1. @c buffer_strstr */ export declare function bufferFind(b: Buffer, s: SString): s32;
