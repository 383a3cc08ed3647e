// Which values may go where: checked here, with the dialect's words, so that C gets no surprise.
import { Node } from 'ts-morph';
import { CType, describe, isInteger, isPointer } from '../types/ctypes.js';
import { FunctionContext, Value } from './context.js';

/** A value of type `v.t` may go where `target` is expected. */
export function checkAssignable(f: FunctionContext, at: Node, v: Value, target: CType): void {
    const t = v.t;
    if (t.k === 'never') return;
    if (t.k === 'null') {
        if (!isPointer(target) || !('nullable' in target) || !target.nullable) {
            throw f.fail(at, `null is only for pointer types declared 'T | null', not ${describe(target)}`);
        }
        return;
    }
    if (isInteger(target) && (isInteger(t) || t.k === 'bool')) return;
    if (target.k === 'bool' && (t.k === 'bool' || isInteger(t))) return;
    if (target.k === 'format' || target.k === 'fnptr') return;
    // A `void *` binding (@anyptr) takes any pointer, as C converts to void * implicitly.
    if (target.k === 'opaque' && target.anyPointer && isPointer(t)) return;
    if (t.k !== target.k) throw f.fail(at, `${describe(t)} cannot be used as ${describe(target)}`);
    // A table goes where a reference to a table of the same rows is expected.
    if (t.k === 'table' && target.k === 'table' && describe(t.elem) !== describe(target.elem)) {
        throw f.fail(at, `${describe(t)} cannot be used as ${describe(target)}`);
    }
}
