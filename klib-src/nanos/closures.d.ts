/*
 * Bindings: Nanos closures (runtime/closure.h), the four ways the dialect makes one, and how a
 * closure value is called. klibc writes every closure with the macros these tags name:
 *   @c TEMPLATE     how a closure is made where it is used; $fn is its function and what it captured
 *   @define MACRO   the macro defining its function: closure_function(nl, nr, ret, name, bound..., params...)
 *                   or, for a closure stored in a struct, closure_func_basic(type, ret, name, params...)
 *   @field MACRO    the field holding a closure stored in the module state: closure_struct(type, name)
 *   @bound TEMPLATE how its body reads a captured variable
 *   @finish TEMPLATE what ends a closure that frees itself after its one call
 */
import type { Heap } from './runtime';

/**
 * A closure allocated from heap `h`; its captures become bound fields. Freed by the code that owns it
 * (or by itself, see oneShot).
 * @intrinsic closure @c closure($h, $fn) @define closure_function @bound bound($name) @include kernel.h
 */
export declare function closure<F extends Function>(h: Heap, fn: F): F;
/**
 * A heap closure that frees itself when it returns (apply it exactly once).
 * @intrinsic oneShot @c closure($h, $fn) @define closure_function @bound bound($name) @finish closure_finish()
 */
export declare function oneShot<F extends Function>(h: Heap, fn: F): F;
/**
 * A closure stored in the module state; it may capture nothing but module state.
 * @intrinsic embedded @c init_closure_func(&$field, $type, $fn) @define closure_func_basic @field closure_struct
 */
export declare function embedded<F extends Function>(fn: F): F;
/**
 * A closure on the caller's stack, valid until the caller returns (synchronous callbacks).
 * @intrinsic stackClosure @c stack_closure($fn) @define closure_function @bound bound($name)
 */
export declare function stackClosure<F extends Function>(fn: F): F;
/**
 * Calls a closure: `h(s)` on a closure value `h` is apply(h, s). Never called by name.
 * @intrinsic apply @c apply($closure, $args)
 */
export declare function applyClosure(...args: never[]): never;
