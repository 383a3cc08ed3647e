// Where a name used inside a function body lives, and the C expression that reaches it.
import { Node } from 'ts-morph';
import { CType } from '../types/ctypes.js';
import type { ClosureForm } from '../bindings/prelude.js';

export interface LocalVar {
    decl: Node;
    cName: string;
    type: CType;
    /** For kernel structs: a local declared without a value holds the struct; one with a value points to one. */
    place?: 'value' | 'pointer';
}

/** One C function being written: a top-level function or a closure's body. */
export class FunctionScope {
    readonly locals = new Map<Node, LocalVar>();
    /** Captured variables of an enclosing function: their bound field names and types. */
    readonly captures = new Map<Node, LocalVar>();
    /** Parameters that the body reads (the others are marked unused for -Wextra). */
    readonly usedParams = new Set<Node>();
    /** Locals whose declaration had an error: their uses abandon a statement silently. */
    readonly failed = new Set<Node>();

    constructor(
        /** The function-like node whose body this is (a FunctionDeclaration or an ArrowFunction). */
        readonly node: Node,
        readonly returnType: CType,
        readonly parent: FunctionScope | undefined,
        /** For a closure's body: the form that made it (how it reads captures, how it ends). */
        readonly form: ClosureForm | undefined,
    ) {}
}
