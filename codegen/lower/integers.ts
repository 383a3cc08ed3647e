// C's integer rules, so that the dialect's types say what C computes: the usual arithmetic
// conversions, and the check that an operator gets integers.
import { Node } from 'ts-morph';
import { CType, describe, isInteger } from '../types/ctypes.js';
import { FunctionContext } from './context.js';

export function requireInteger(f: FunctionContext, node: Node, t: CType, what: string): void {
    if (!isInteger(t)) throw f.fail(node, `${what} needs an integer operand, not ${describe(t)}`);
}

/** The type C's usual arithmetic conversions give two integer operands. */
export function arithmeticType(f: FunctionContext, a: CType, b: CType, at: Node): CType {
    const norm = (t: CType): { signed: boolean; bits: number } | undefined => {
        if (t.k === 'int') return { signed: t.signed, bits: Math.max(t.bits, 32) === t.bits ? t.bits : 32 };
        if (t.k === 'enum') return { signed: true, bits: 32 };
        return undefined;
    };
    const na = norm(a);
    const nb = norm(b);
    if (!na && !nb) return { k: 'literal-int' };
    const x = na ?? nb!;
    const y = nb ?? na!;
    const promote = (v: { signed: boolean; bits: number }, orig: CType) =>
        orig.k === 'int' && orig.bits < 32 ? { signed: true, bits: 32 } : v;
    const pa = promote(x, na ? a : b);
    const pb = promote(y, nb ? b : a);
    const bits = Math.max(pa.bits, pb.bits);
    const signed = pa.bits === pb.bits ? pa.signed && pb.signed : (pa.bits > pb.bits ? pa.signed : pb.signed);
    return f.types.intOf(signed, bits, at);
}
