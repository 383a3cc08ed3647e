// Closures: which variables an arrow function captures, the capture rules the dialect enforces,
// and the Nanos closure definition it becomes.
//
// Capture rules (docs/dialect.md, "Closures"): a closure copies each captured variable when it is
// created. So that TypeScript and C agree,
//   1. a captured variable must not change outside the closure (no assignment after its declaration);
//   2. a closure that changes a captured variable changes its own copy: the enclosing function must
//      not use that variable after the closure is created, and stack closures may not change captures;
//   3. structs stored by value and fixed arrays cannot be captured (capture a pointer to a record);
//   4. embedded closures live in the module state and capture nothing but module state.
import { ArrowFunction, Identifier, Node, SyntaxKind } from 'ts-morph';
import { CType, cTypeName, declarationOf, describe } from './ctypes.js';
import type { Lowerer } from './lowerer.js';
import { snakeCase } from './names.js';
import { ClosureForm } from './scope.js';

export interface Capture {
    decl: Node;
    name: string;
    type: CType;
    /** The first use inside the closure, for error locations. */
    use: Identifier;
}

function isFunctionLike(n: Node): boolean {
    return Node.isFunctionDeclaration(n) || Node.isArrowFunction(n);
}

function isInside(node: Node, container: Node): boolean {
    for (let n: Node | undefined = node; n; n = n.getParent()) if (n === container) return true;
    return false;
}

function isWrite(id: Identifier): boolean {
    const parent = id.getParent();
    if (Node.isBinaryExpression(parent) && parent.getLeft() === id) {
        const op = parent.getOperatorToken().getKind();
        return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
    }
    if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) {
        const op = parent.getOperatorToken();
        return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken;
    }
    return false;
}

/** The variables of enclosing functions that `arrow` uses, in order of first use, after checking the rules. */
export function findCaptures(l: Lowerer, arrow: ArrowFunction, form: ClosureForm): Capture[] {
    const captures = new Map<Node, Capture>();
    const writes = new Map<Node, Identifier>();
    for (const id of arrow.getDescendantsOfKind(SyntaxKind.Identifier)) {
        const parent = id.getParent();
        if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) continue;
        const decl = declarationOf(id);
        if (!decl || !(Node.isVariableDeclaration(decl) || Node.isParameterDeclaration(decl))) continue;
        if (isInside(decl, arrow)) continue;
        const owner = decl.getFirstAncestor(isFunctionLike);
        if (!owner) continue; // module state and constants are reached directly
        if (isWrite(id) && !writes.has(decl)) writes.set(decl, id);
        if (captures.has(decl)) continue;
        captures.set(decl, { decl, name: snakeCase(id.getText()), type: l.typeOfDeclaration(decl, id), use: id });
    }
    for (const capture of captures.values()) checkCapture(l, arrow, form, capture, writes.get(capture.decl));
    return [...captures.values()];
}

function checkCapture(l: Lowerer, arrow: ArrowFunction, form: ClosureForm, capture: Capture, write: Identifier | undefined): void {
    const name = capture.use.getText();
    if (form === 'embedded') {
        throw l.fail(capture.use, `an embedded closure lives in the module state and cannot capture the local '${name}': keep what it needs in module state`);
    }
    const holdsStruct = capture.type.k === 'kstruct' && !Node.isParameterDeclaration(capture.decl) &&
        !(Node.isVariableDeclaration(capture.decl) && capture.decl.hasInitializer());
    if (holdsStruct || capture.type.k === 'fixed') {
        throw l.fail(capture.use, `a closure cannot capture '${name}' (${describe(capture.type)} stored by value): capture a pointer to a record instead`);
    }
    const owner = capture.decl.getFirstAncestorOrThrow(isFunctionLike);
    const uses = owner.getDescendantsOfKind(SyntaxKind.Identifier)
        .filter(id => !isInside(id, arrow) && id.getText() === name && declarationOf(id) === capture.decl);
    const changedOutside = uses.find(id => isWrite(id));
    if (changedOutside) {
        throw l.fail(capture.use, `the closure captures '${name}', which changes outside the closure: closures copy what they capture, so copy it into a const first`);
    }
    if (write) {
        if (form === 'stackClosure') {
            throw l.fail(write, `a stack closure cannot change the captured '${name}': it would change a copy; use module state or a record`);
        }
        const usedAfter = uses.find(id => id.getStart() > arrow.getEnd());
        if (usedAfter) {
            throw l.fail(write, `the closure changes its own copy of '${name}', but the code after it reads '${name}' (line ${usedAfter.getStartLineNumber()}): keep shared state in a record or module state`);
        }
    }
}

/** The `closure_function(...)` head of a closure with captures `captures` and parameters `params`. */
export function closureFunctionHead(returnC: string, name: string, captures: Capture[], params: string[]): string[] {
    const bound = captures.map(c => `${cTypeName(c.type)}, ${c.name}`);
    const head = `closure_function(${captures.length}, ${params.length}, ${returnC}, ${name}`;
    const parts = [...bound, ...params];
    if (parts.length === 0) return [`${head})`];
    const lines = [`${head},`];
    const indent = ' '.repeat('closure_function('.length);
    if (bound.length > 0) lines.push(indent + bound.join(', ') + (params.length > 0 ? ',' : ')'));
    if (params.length > 0) lines.push(indent + params.join(', ') + ')');
    return lines;
}
