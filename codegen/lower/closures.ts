// Closures: which variables an arrow function captures, the capture rules the dialect enforces,
// and the Nanos closure it becomes (its definition hoisted before the enclosing function, its
// creation where the arrow was). The C forms come from the closure intrinsics' tags.
//
// Capture rules (docs/dialect.md, "Closures"): a closure copies each captured variable when it is
// created. So that TypeScript and C agree,
//   1. a captured variable must not change outside the closure (no assignment after its declaration);
//   2. a closure that changes a captured variable changes its own copy: the enclosing function must
//      not use that variable after the closure is created, and stack closures may not change captures;
//   3. structs stored by value and fixed arrays cannot be captured (capture a pointer to a record);
//   4. embedded closures live in the module state and capture nothing but module state.
import { ArrowFunction, CallExpression, FunctionDeclaration, Identifier, Node, SyntaxKind } from 'ts-morph';
import * as C from '../c/ast.js';
import { lineOf } from '../lines.js';
import { closureForm, ClosureForm } from '../bindings/prelude.js';
import { declarationOf } from '../bindings/resolve.js';
import { instantiate } from '../bindings/templates.js';
import { snakeCase } from '../names.js';
import { CType, describe } from '../types/ctypes.js';
import { cTypeName } from '../types/spelling.js';
import { FunctionContext, ModuleContext, Value } from './context.js';
import { lowerBody } from './functions.js';
import { lowerIdentifier, typeOfDeclaration } from './identifiers.js';
import { LocalVar } from './scope.js';

type ClosureType = Extract<CType, { k: 'closure' }>;

interface Capture extends LocalVar {
    /** The first use inside the closure, for error locations. */
    use: Identifier;
}

/** `closure(h, arrow)`, `oneShot(h, arrow)`, `stackClosure(arrow)`: define the closure, make it here. */
export function lowerClosure(f: FunctionContext, call: CallExpression, kind: string, expected?: CType): Value {
    const args = call.getArguments();
    const arrow = args[args.length - 1];
    if (!arrow || !Node.isArrowFunction(arrow)) throw f.fail(call, `${kind}() takes an arrow function`);
    const form = formOf(f.m, call);
    const type = closureTypeOf(f, call, expected);
    const values = new Map<string, C.Expr[]>();
    if (args.length > 1) {
        const heap = f.expression(args[0] as import('ts-morph').Expression);
        if (heap.t.k !== 'opaque') throw f.fail(args[0]!, `${kind}() needs a heap as its first argument`);
        values.set('h', [heap.e]);
    }
    const { name, captures } = defineClosure(f, arrow, type, form, call);
    values.set('fn', [C.name(name), ...captures.map(c => lowerIdentifier(f, c.use).e)]);
    return { e: instantiate(form.create, values, new Map()), t: type };
}

function formOf(m: ModuleContext, call: CallExpression): ClosureForm {
    const decl = declarationOf(call.getExpression());
    const form = decl && Node.isFunctionDeclaration(decl) ? closureForm(decl) : undefined;
    if (!form) throw m.fail(call, 'this closure form has no C form in its binding (@c, @define)');
    return form;
}

function closureTypeOf(f: FunctionContext, call: CallExpression, expected?: CType): ClosureType {
    const explicit = call.getTypeArguments()[0];
    const t = explicit ? f.resolveType(explicit, call) : expected;
    if (!t || t.k !== 'closure') {
        throw f.fail(call, 'cannot tell which closure type this is: give the variable a closure type, or write closure<Type>(...)');
    }
    return t;
}

/** Writes the closure's definition (hoisted before the enclosing function) and returns its name. */
function defineClosure(f: FunctionContext, arrow: ArrowFunction, type: ClosureType, form: ClosureForm, call: CallExpression): { name: string; captures: Capture[] } {
    const captures = findCaptures(f, arrow, form.kind);
    const name = f.m.uniqueName(`${f.prefix}_${closureNameHint(call)}`);
    const { returnType, params } = closureSignature(f.m, arrow, type);
    const lowered = lowerBody(f.m, {
        node: arrow, body: arrow.getBody(), returnType, params, form,
        parent: f.scope, captures, hoisted: f.hoisted, prefix: f.prefix,
    });
    const bound = captures.map(c => `${cTypeName(c.type)}, ${c.cName}`);
    const head: C.FunctionHead = {
        k: 'macro', macro: form.define,
        lead: [String(captures.length), String(params.length), cTypeName(returnType), name],
        groups: [bound, params.map(p => `${cTypeName(p.type)} ${p.cName}`)],
    };
    f.hoisted.push({ k: 'function', head, body: lowered.body, line: lineOf(arrow) });
    return { name, captures };
}

/** An embedded closure's definition: `closure_func_basic(type, ret, name, params) { body }`. */
export function embeddedDefinition(m: ModuleContext, name: string, arrow: ArrowFunction, type: ClosureType, form: ClosureForm): C.Top[] {
    const hoisted: C.Top[] = [];
    const { returnType, params } = closureSignature(m, arrow, type);
    const lowered = lowerBody(m, { node: arrow, body: arrow.getBody(), returnType, params, form, hoisted, prefix: name });
    const head: C.FunctionHead = {
        k: 'macro', macro: form.define,
        lead: [type.c, cTypeName(returnType), name],
        groups: [params.map(p => `${cTypeName(p.type)} ${p.cName}`)],
    };
    return [...hoisted, { k: 'function', head, body: lowered.body, line: lineOf(arrow) }];
}

/**
 * A closure's C signature: its type's return type and parameters, named as the arrow names them
 * (the parameters the arrow leaves out still exist in C, under the closure type's names).
 */
function closureSignature(m: ModuleContext, arrow: ArrowFunction, type: ClosureType) {
    const sigParams = type.sig.getParameters();
    const named = arrow.getParameters();
    if (named.length > sigParams.length) throw m.fail(arrow, `${type.name} takes ${sigParams.length} parameters`);
    const params = sigParams.map((sp, i) => {
        const p = named[i];
        return { decl: p, cName: snakeCase((p ?? sp).getName()), type: m.resolveType(sp.getTypeNode(), sp) };
    });
    return { returnType: m.resolveType(type.sig.getReturnTypeNode(), type.sig), params };
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
function findCaptures(f: FunctionContext, arrow: ArrowFunction, form: string): Capture[] {
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
        captures.set(decl, { decl, cName: snakeCase(id.getText()), type: typeOfDeclaration(f, decl, id), use: id });
    }
    for (const capture of captures.values()) checkCapture(f, arrow, form, capture, writes.get(capture.decl));
    return [...captures.values()];
}

function checkCapture(f: FunctionContext, arrow: ArrowFunction, form: string, capture: Capture, write: Identifier | undefined): void {
    const name = capture.use.getText();
    if (form === 'embedded') {
        throw f.fail(capture.use, `an embedded closure lives in the module state and cannot capture the local '${name}': keep what it needs in module state`);
    }
    const holdsStruct = capture.type.k === 'kstruct' && !Node.isParameterDeclaration(capture.decl) &&
        !(Node.isVariableDeclaration(capture.decl) && capture.decl.hasInitializer());
    if (holdsStruct || capture.type.k === 'fixed') {
        throw f.fail(capture.use, `a closure cannot capture '${name}' (${describe(capture.type)} stored by value): capture a pointer to a record instead`);
    }
    const owner = capture.decl.getFirstAncestorOrThrow(isFunctionLike);
    const uses = owner.getDescendantsOfKind(SyntaxKind.Identifier)
        .filter(id => !isInside(id, arrow) && id.getText() === name && declarationOf(id) === capture.decl);
    const changedOutside = uses.find(id => isWrite(id));
    if (changedOutside) {
        throw f.fail(capture.use, `the closure captures '${name}', which changes outside the closure: closures copy what they capture, so copy it into a const first`);
    }
    if (write) {
        if (form === 'stackClosure') {
            throw f.fail(write, `a stack closure cannot change the captured '${name}': it would change a copy; use module state or a record`);
        }
        const usedAfter = uses.find(id => id.getStart() > arrow.getEnd());
        if (usedAfter) {
            throw f.fail(write, `the closure changes its own copy of '${name}', but the code after it reads '${name}' (line ${lineOf(usedAfter)}): keep shared state in a record or module state`);
        }
    }
}

/** A readable name for a closure: what it is assigned to, or the parameter it is passed as. */
function closureNameHint(call: CallExpression): string {
    const parent = call.getParent();
    if (Node.isVariableDeclaration(parent)) return snakeCase(parent.getName());
    if (Node.isBinaryExpression(parent)) {
        const left = parent.getLeft();
        if (Node.isPropertyAccessExpression(left)) return snakeCase(left.getName());
        if (Node.isIdentifier(left)) return snakeCase(left.getText());
    }
    if (Node.isCallExpression(parent)) {
        const callee = parent.getExpression();
        const decl = declarationOf(Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee);
        const index = parent.getArguments().indexOf(call);
        if (decl && Node.isFunctionDeclaration(decl)) {
            const p = (decl as FunctionDeclaration).getParameters()[index];
            if (p) return snakeCase(p.getName());
        }
    }
    return 'closure';
}
