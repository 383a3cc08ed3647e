/*
 * The klib dialect's prelude: integer types, fixed arrays, and the intrinsics the compiler lowers
 * itself (the closure forms are declared with their C in nanos/closures.d.ts). Like TypeScript's
 * lib.d.ts, klibc always loads it and its names are global: a module may use `u32` or `closure`
 * without importing them (importing them from here works too).
 * Tags (read by klibc, see docs/dialect.md):
 *   @int signed|unsigned BITS   an integer type of that width
 *   @c NAME                     the C type (or function, macro, constant) a declaration lowers to
 *   @fmt SPEC                   the format specifier a template literal uses for a value of this type
 *   @intrinsic KIND             a construct the compiler lowers itself
 */
import type { closure, embedded, oneShot, stackClosure } from './nanos/closures';

/** @c u8 @int unsigned 8 @fmt %u */ export type u8 = number;
/** @c u16 @int unsigned 16 @fmt %u */ export type u16 = number;
/** @c u32 @int unsigned 32 @fmt %u */ export type u32 = number;
/** @c u64 @int unsigned 64 @fmt %lu */ export type u64 = number;
/** @c s8 @int signed 8 @fmt %d */ export type s8 = number;
/** @c s16 @int signed 16 @fmt %d */ export type s16 = number;
/** @c s32 @int signed 32 @fmt %d */ export type s32 = number;
/** @c s64 @int signed 64 @fmt %ld */ export type s64 = number;
/** A count of bytes. @c bytes @int unsigned 64 @fmt %lu */ export type bytes = number;
/** The kernel's fixed-point time: 2^32 per second. @c timestamp @int unsigned 64 @fmt %lu */
export type timestamp = number;
/** What TypeScript's `boolean` lowers to. @c boolean @bool @fmt %d */ export type bool = boolean;
/** The C type a function without a result lowers to. @c void @void */ export type Void = void;

/** A fixed-size array inside a record: `buf: Fixed<u8, 64>` becomes `u8 buf[64];`. @intrinsic fixed */
export type Fixed<T, N extends number> = { [index: number]: T; readonly length: N };

/** The size in bytes of a record or kernel struct type. @intrinsic sizeof */
export declare function sizeOf<T>(): bytes;
/** The address of a kernel struct stored by value, where a plain pointer is wanted. @intrinsic addressOf */
export declare function addressOf<T>(v: T): T;

export { closure, embedded, oneShot, stackClosure } from './nanos/closures';

// The prelude's names, global: each one is the declaration above under the same name.
declare global {
    type u8 = import('./dialect').u8;
    type u16 = import('./dialect').u16;
    type u32 = import('./dialect').u32;
    type u64 = import('./dialect').u64;
    type s8 = import('./dialect').s8;
    type s16 = import('./dialect').s16;
    type s32 = import('./dialect').s32;
    type s64 = import('./dialect').s64;
    type bytes = import('./dialect').bytes;
    type timestamp = import('./dialect').timestamp;
    type bool = import('./dialect').bool;
    type Fixed<T, N extends number> = import('./dialect').Fixed<T, N>;
    const sizeOf: typeof import('./dialect').sizeOf;
    const addressOf: typeof import('./dialect').addressOf;
    const closure: typeof import('./nanos/closures').closure;
    const oneShot: typeof import('./nanos/closures').oneShot;
    const embedded: typeof import('./nanos/closures').embedded;
    const stackClosure: typeof import('./nanos/closures').stackClosure;
}
