/*
 * The klib dialect's prelude: integer types and the intrinsics the compiler lowers itself.
 * Tags (read by klibc, see docs/dialect.md):
 *   @int signed|unsigned BITS   an integer type of that width
 *   @c NAME                     the C type (or function, macro, constant) a declaration lowers to
 *   @fmt SPEC                   the format specifier a template literal uses for a value of this type
 *   @intrinsic KIND             a construct the compiler lowers itself
 */

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

/**
 * A closure allocated from heap `h`; its captures become bound fields. Freed by the code that owns it
 * (or by itself, see oneShot).
 * @intrinsic closure
 */
export declare function closure<F extends Function>(h: object, fn: F): F;
/** A heap closure that frees itself when it returns (apply it exactly once). @intrinsic oneShot */
export declare function oneShot<F extends Function>(h: object, fn: F): F;
/** A closure stored in the module state; it may capture nothing but module state. @intrinsic embedded */
export declare function embedded<F extends Function>(fn: F): F;
/** A closure on the caller's stack, valid until the caller returns (synchronous callbacks). @intrinsic stackClosure */
export declare function stackClosure<F extends Function>(fn: F): F;
/** The size in bytes of a record or kernel struct type. @intrinsic sizeof */
export declare function sizeOf<T>(): bytes;
/** The address of a kernel struct stored by value, where a plain pointer is wanted. @intrinsic addressOf */
export declare function addressOf<T>(v: T): T;
