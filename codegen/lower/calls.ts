// Lowering calls: kernel bindings (by name or by a C template), functions of the klib, closures
// (apply), function pointers, and the dialect's intrinsics.
import { CallExpression, Expression, FunctionDeclaration, Node, ParameterDeclaration, SyntaxKind } from 'ts-morph';
import { CType, cTypeName, declarationOf, describe } from './ctypes.js';
import { CExpr, lowerExpression } from './expressions.js';
import { lowerFormat } from './format.js';
import type { Lowerer } from './lowerer.js';
import { snakeCase } from './names.js';
import { isBinding, tagsOf } from './tags.js';

export function lowerCall(l: Lowerer, call: CallExpression, expected?: CType): CExpr {
    const callee = call.getExpression();
    if (Node.isPropertyAccessExpression(callee) && callee.getText() === 'Math.trunc') return integerDivision(l, call);
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'charCodeAt') return byteAt(l, call, callee);
    const decl = Node.isIdentifier(callee) || Node.isPropertyAccessExpression(callee)
        ? declarationOf(Node.isIdentifier(callee) ? callee : callee.getNameNode())
        : undefined;
    if (decl && Node.isFunctionDeclaration(decl)) {
        const intrinsic = tagsOf(decl).get('intrinsic');
        if (intrinsic && isBinding(decl)) return l.lowerIntrinsic(intrinsic, call, expected);
        if (isBinding(decl)) return bindingCall(l, call, decl, expected);
        return userCall(l, call, decl);
    }
    // A call through a value: a closure (apply) or a function pointer field.
    const target = lowerExpression(l, callee);
    if (target.t.k === 'closure') {
        const args = lowerArguments(l, call, target.t.sig.getParameters());
        return { c: `apply(${[target.c, ...args].join(', ')})`, t: l.resolveType(target.t.sig.getReturnTypeNode(), call) };
    }
    if (target.t.k === 'fnptr') {
        const args = lowerArguments(l, call, target.t.sig.getParameters());
        return { c: `${target.c}(${args.join(', ')})`, t: l.resolveType(target.t.sig.getReturnTypeNode(), call) };
    }
    if (Node.isIdentifier(callee) && !decl) throw l.fail(callee, `call to undeclared function '${callee.getText()}': declare it in a binding file with its C name`);
    throw l.fail(callee, `'${callee.getText()}' cannot be called: it is ${describe(target.t)}`);
}

function integerDivision(l: Lowerer, call: CallExpression): CExpr {
    const [arg] = call.getArguments();
    const division = arg && Node.isBinaryExpression(arg) && arg.getOperatorToken().getKind() === SyntaxKind.SlashToken ? arg : undefined;
    if (!division || call.getArguments().length !== 1) {
        throw l.fail(call, 'Math.trunc is only in the dialect as integer division: Math.trunc(a / b)');
    }
    const left = lowerExpression(l, division.getLeft());
    const right = lowerExpression(l, division.getRight(), left.t);
    const t = l.arithmetic(left.t, right.t, division);
    return { c: `${left.c} / ${right.c}`, t };
}

/** `s.charCodeAt(i)` on a string type whose binding allows byte access (@bytes): byte i of the C string. */
function byteAt(l: Lowerer, call: CallExpression, callee: import('ts-morph').PropertyAccessExpression): CExpr {
    const s = lowerExpression(l, callee.getExpression());
    if (s.t.k !== 'string' || !s.t.bytes) throw l.fail(callee, `charCodeAt() reads bytes of a C string type (@bytes), not ${describe(s.t)}`);
    const [indexNode] = call.getArguments() as Expression[];
    if (!indexNode || call.getArguments().length !== 1) throw l.fail(call, 'charCodeAt() takes one index');
    const index = lowerExpression(l, indexNode);
    if (index.t.k !== 'int' && index.t.k !== 'literal-int') throw l.fail(indexNode, 'an index must be an integer');
    const byte = l.types.intOf(false, 8, call);
    return { c: `(${byte.c})${s.c}[${index.c}]`, t: byte };
}

function userCall(l: Lowerer, call: CallExpression, decl: FunctionDeclaration): CExpr {
    l.noteFunctionUse(decl, call);
    const args = lowerArguments(l, call, decl.getParameters());
    return { c: `${l.functionName(decl)}(${args.join(', ')})`, t: l.resolveType(decl.getReturnTypeNode(), decl) };
}

/** Lowers call arguments against the parameters they bind to (string literals, struct addresses). */
export function lowerArguments(l: Lowerer, call: CallExpression, params: ParameterDeclaration[]): string[] {
    const args = call.getArguments() as Expression[];
    if (args.length !== params.length) throw l.fail(call, `expected ${params.length} arguments, got ${args.length}`);
    return args.map((arg, i) => lowerArgument(l, arg, l.resolveType(params[i]!.getTypeNode(), params[i]!)));
}

export function lowerArgument(l: Lowerer, arg: Expression, paramType: CType): string {
    if (paramType.k === 'fnptr') return l.lowerFunctionPointer(arg, paramType);
    if (paramType.k === 'format') {
        const f = lowerFormat(l, arg);
        return [f.format, ...f.args].join(', ');
    }
    const value = lowerExpression(l, arg, paramType);
    l.checkAssignable(arg, value, paramType);
    if (paramType.k === 'kstruct' && value.place === 'value') return `&${value.c}`;
    return value.c;
}

function bindingCall(l: Lowerer, call: CallExpression, decl: FunctionDeclaration, expected?: CType): CExpr {
    const tags = tagsOf(decl);
    const cName = tags.get('c');
    if (!cName) throw l.fail(call, `binding '${decl.getName()}' has no @c tag naming its C function`);
    l.useBinding(decl);
    const params = decl.getParameters();
    const args = call.getArguments() as Expression[];
    if (args.length !== params.length) throw l.fail(call, `expected ${params.length} arguments, got ${args.length}`);
    const typeParams = new Set(decl.getTypeParameters().map(p => p.getName()));
    let structOfT: string | undefined;
    const explicit = call.getTypeArguments()[0];
    if (explicit) structOfT = structName(l, l.resolveType(explicit, call), call);
    const lowered: string[] = [];
    params.forEach((p, i) => {
        const typeNode = p.getTypeNode();
        const arg = args[i]!;
        if (typeNode && typeParams.has(typeNode.getText())) {
            const value = lowerExpression(l, arg);
            structOfT ??= structName(l, value.t, arg);
            lowered.push(value.c);
        } else {
            lowered.push(lowerArgument(l, arg, l.resolveType(typeNode, p)));
        }
    });
    const returnNode = decl.getReturnTypeNode();
    let result: CType;
    if (returnNode && typeParams.has(returnNode.getText())) {
        const t = explicit ? l.resolveType(explicit, call) : expected;
        if (!t) throw l.fail(call, `write the type: ${decl.getName()}<T>(...)`);
        result = t;
        structOfT ??= structName(l, t, call);
    } else {
        result = l.resolveType(returnNode, decl);
    }
    if (/[$(]/.test(cName)) {
        const c = cName.replace(/\$(\w+)/g, (_, name: string) => {
            if (name === 'T') {
                if (!structOfT) throw l.fail(call, `cannot tell which type '${decl.getName()}' works on: write ${decl.getName()}<T>(...)`);
                return structOfT.replace(/^struct /, '');
            }
            const index = params.findIndex(p => p.getName() === name);
            if (index < 0) throw l.fail(call, `binding '${decl.getName()}': @c template names unknown parameter $${name}`);
            return lowered[index]!;
        });
        return { c, t: result };
    }
    return { c: `${cName}(${lowered.join(', ')})`, t: result };
}

function structName(l: Lowerer, t: CType, at: Node): string {
    if (t.k === 'record' || t.k === 'kstruct') return t.struct;
    throw l.fail(at, `${describe(t)} is not a record type`);
}

export function closureParamList(l: Lowerer, sigParams: ParameterDeclaration[]): string[] {
    return sigParams.map(p => `${cTypeName(l.resolveType(p.getTypeNode(), p))} ${snakeCase(p.getName())}`);
}
