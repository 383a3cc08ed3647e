// Lowering calls: kernel bindings (by name or by a C template), functions of the klib (and the
// interface of other klibs), closures and function pointers, the dialect's intrinsics, and the two
// JavaScript forms the dialect keeps: Math.trunc(a / b) and charCodeAt.
import { CallExpression, Expression, FunctionDeclaration, Node, ParameterDeclaration, PropertyAccessExpression, SyntaxKind } from 'ts-morph';
import * as C from '../c/ast.js';
import { declarationOf } from '../bindings/resolve.js';
import { isBinding, tagsOf } from '../bindings/tags.js';
import { holesOf, instantiate, parseTemplate, TemplateError } from '../bindings/templates.js';
import { snakeCase } from '../names.js';
import { CType, describe } from '../types/ctypes.js';
import { cTypeName } from '../types/spelling.js';
import { checkAssignable } from './assignability.js';
import { FunctionContext, Value } from './context.js';
import { lowerFormat } from './format.js';
import { arithmeticType } from './integers.js';

export function lowerCall(f: FunctionContext, call: CallExpression, expected?: CType): Value {
    const callee = call.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
        if (callee.getText() === 'Math.trunc') return integerDivision(f, call);
        if (callee.getName() === 'charCodeAt') return charCodeAt(f, call, callee);
    }
    const decl = Node.isIdentifier(callee) || Node.isPropertyAccessExpression(callee)
        ? declarationOf(Node.isIdentifier(callee) ? callee : callee.getNameNode())
        : undefined;
    if (decl && Node.isFunctionDeclaration(decl)) {
        const intrinsic = tagsOf(decl).get('intrinsic');
        if (intrinsic && isBinding(decl)) return intrinsicCall(f, intrinsic, call, expected, decl);
        if (isBinding(decl)) return bindingCall(f, call, decl, expected);
        return userCall(f, call, decl);
    }
    // A call through a value: a closure (apply) or a function pointer field.
    const target = f.expression(callee);
    if (target.t.k === 'closure') {
        const apply = f.types.prelude.apply;
        if (!apply) throw f.fail(call, 'no binding says how a closure is called (@intrinsic apply)');
        const args = lowerArguments(f, call, target.t.sig.getParameters());
        return { e: instantiate(apply, new Map([['closure', [target.e]], ['args', args]]), new Map()), t: f.resolveType(target.t.sig.getReturnTypeNode(), call) };
    }
    if (target.t.k === 'fnptr') {
        const args = lowerArguments(f, call, target.t.sig.getParameters());
        return { e: C.call(target.e, args), t: f.resolveType(target.t.sig.getReturnTypeNode(), call) };
    }
    if (Node.isIdentifier(callee) && !decl) throw f.fail(callee, `call to undeclared function '${callee.getText()}': declare it in a binding file with its C name`);
    throw f.fail(callee, `'${callee.getText()}' cannot be called: it is ${describe(target.t)}`);
}

function integerDivision(f: FunctionContext, call: CallExpression): Value {
    const [arg] = call.getArguments();
    const division = arg && Node.isBinaryExpression(arg) && arg.getOperatorToken().getKind() === SyntaxKind.SlashToken ? arg : undefined;
    if (!division || call.getArguments().length !== 1) {
        throw f.fail(call, 'Math.trunc is only in the dialect as integer division: Math.trunc(a / b)');
    }
    const left = f.expression(division.getLeft());
    const right = f.expression(division.getRight(), left.t);
    return { e: C.binary('/', left.e, right.e), t: arithmeticType(f, left.t, right.t, division) };
}

/**
 * `'x'.charCodeAt(0)` is the character constant `'x'`; `s.charCodeAt(i)` on a C string type that
 * allows byte access (@bytes) is byte i of it.
 */
function charCodeAt(f: FunctionContext, call: CallExpression, callee: PropertyAccessExpression): Value {
    const object = callee.getExpression();
    const [indexNode] = call.getArguments() as Expression[];
    if (!indexNode || call.getArguments().length !== 1) throw f.fail(call, 'charCodeAt() takes one index');
    if (Node.isStringLiteral(object) || Node.isNoSubstitutionTemplateLiteral(object)) {
        const text = object.getLiteralText();
        if (text.length !== 1 || indexNode.getText() !== '0') {
            throw f.fail(call, "a character constant is one character and index 0: 'x'.charCodeAt(0)");
        }
        const code = text.charCodeAt(0);
        if (code >= 0x80) throw f.fail(object, 'a character constant is one ASCII character: write a non-ASCII byte as a number');
        return { e: { k: 'char', code }, t: { k: 'literal-int' } };
    }
    const s = f.expression(object);
    if (s.t.k !== 'string' || !s.t.bytes) throw f.fail(callee, `charCodeAt() reads bytes of a C string type (@bytes), not ${describe(s.t)}`);
    const index = f.expression(indexNode);
    if (index.t.k !== 'int' && index.t.k !== 'literal-int') throw f.fail(indexNode, 'an index must be an integer');
    const byte = f.types.intOf(false, 8, call);
    return { e: C.cast(byte.c, { k: 'index', object: s.e, index: index.e }), t: byte };
}

function intrinsicCall(f: FunctionContext, kind: string, call: CallExpression, expected: CType | undefined, decl: FunctionDeclaration): Value {
    const args = call.getArguments() as Expression[];
    switch (kind) {
        case 'closure': case 'oneShot': case 'stackClosure':
            return f.passes.closure(f, call, kind, expected);
        case 'embedded':
            throw f.fail(call, 'embedded() closures live in the module state: declare them as a module-level const');
        case 'apply':
            throw f.fail(call, 'a closure is called like a function: h(s)');
        case 'sizeof': {
            const typeArg = call.getTypeArguments()[0];
            if (!typeArg) throw f.fail(call, 'write the type: sizeOf<T>()');
            const t = f.resolveType(typeArg, call);
            const type = t.k === 'record' || t.k === 'kstruct' ? t.struct : cTypeName(t);
            return { e: { k: 'sizeof', type }, t: f.types.intOf(false, 64, call) };
        }
        case 'offsetOf': return offsetOf(f, call, decl);
        case 'addressOf': {
            const v = f.expression(args[0]!);
            if (v.t.k !== 'kstruct' || v.place !== 'value') throw f.fail(call, 'addressOf() takes a struct stored by value');
            return { e: C.addressOf(v.e), t: v.t, place: 'pointer' };
        }
    }
    throw f.fail(call, `unknown intrinsic '${kind}'`);
}

/**
 * `offsetOf<Rec>('field')`: where a record's field lies, in bytes from the record's start, as the
 * binding's template writes it (`offsetof(rec, field)`); a constant, so a table's rows may hold it.
 */
function offsetOf(f: FunctionContext, call: CallExpression, decl: FunctionDeclaration): Value {
    const typeArg = call.getTypeArguments()[0];
    const [arg] = call.getArguments();
    if (!typeArg || !arg || !Node.isStringLiteral(arg)) throw f.fail(call, "write the record and the field: offsetOf<Rec>('field')");
    const t = f.resolveType(typeArg, call);
    if (t.k !== 'record') throw f.fail(typeArg, `offsetOf takes a record of the klib, not ${describe(t)}`);
    const field = t.decl.getProperty(arg.getLiteralText());
    if (!field) throw f.fail(arg, `'${arg.getLiteralText()}' is not a field of ${t.decl.getName()}`);
    const cTag = tagsOf(decl).get('c');
    if (!cTag) throw f.fail(call, `binding '${decl.getName()}' has no @c tag saying how C writes a field's offset`);
    f.m.useBinding(decl);
    const words = new Map([['T', t.c], ['field', tagsOf(field).get('c') ?? snakeCase(field.getName())]]);
    return { e: instantiate(parseTemplate(cTag), new Map(), words), t: f.resolveType(decl.getReturnTypeNode(), decl) };
}

export function functionName(decl: FunctionDeclaration): string {
    return tagsOf(decl).get('c') ?? snakeCase(decl.getNameOrThrow());
}

/** A function of the klib used here: a prototype if it comes later, a header if it is elsewhere. */
export function noteFunctionUse(f: FunctionContext, decl: FunctionDeclaration): void {
    if (decl.getSourceFile() !== f.m.info.file) {
        f.m.useModule(decl.getSourceFile());
        return;
    }
    if (!f.m.definedFunctions.has(decl)) f.m.forwardRefs.add(decl);
}

function userCall(f: FunctionContext, call: CallExpression, decl: FunctionDeclaration): Value {
    noteFunctionUse(f, decl);
    const args = lowerArguments(f, call, decl.getParameters());
    return { e: C.call(functionName(decl), args), t: f.resolveType(decl.getReturnTypeNode(), decl) };
}

/** Lowers call arguments against the parameters they bind to. */
export function lowerArguments(f: FunctionContext, call: CallExpression, params: ParameterDeclaration[]): C.Expr[] {
    const args = call.getArguments() as Expression[];
    if (args.length !== params.length) throw f.fail(call, `expected ${params.length} arguments, got ${args.length}`);
    return args.flatMap((arg, i) => lowerArgument(f, arg, f.resolveType(params[i]!.getTypeNode(), params[i]!)));
}

/**
 * A value passed where `paramType` is expected: a format gives its string and its arguments, a
 * function pointer takes a function's name, a struct stored by value is passed by its address.
 */
export function lowerArgument(f: FunctionContext, arg: Expression, paramType: CType): C.Expr[] {
    if (paramType.k === 'fnptr') return [lowerFunctionPointer(f, arg, paramType)];
    if (paramType.k === 'format') return lowerFormat(f, arg);
    const value = f.expression(arg, paramType);
    checkAssignable(f, arg, value, paramType);
    if (paramType.k === 'kstruct' && value.place === 'value') return [C.addressOf(value.e)];
    return [value.e];
}

function lowerFunctionPointer(f: FunctionContext, e: Expression, target: Extract<CType, { k: 'fnptr' }>): C.Expr {
    if (Node.isNullLiteral(e)) return C.num(0);
    const decl = Node.isIdentifier(e) ? declarationOf(e) : undefined;
    if (decl && Node.isFunctionDeclaration(decl) && !isBinding(decl)) {
        noteFunctionUse(f, decl);
        const want = target.sig.getParameters().map(p => cTypeName(f.resolveType(p.getTypeNode(), p)));
        const have = decl.getParameters().map(p => cTypeName(f.resolveType(p.getTypeNode(), p)));
        if (want.join(',') !== have.join(',')) {
            throw f.fail(e, `'${e.getText()}' takes (${have.join(', ')}) but ${target.name} takes (${want.join(', ')})`);
        }
        return C.name(functionName(decl));
    }
    const v = f.expression(e);
    if (v.t.k !== 'fnptr') throw f.fail(e, `a function pointer (${target.name}) needs a function name`);
    return v.e;
}

function bindingCall(f: FunctionContext, call: CallExpression, decl: FunctionDeclaration, expected?: CType): Value {
    const cTag = tagsOf(decl).get('c');
    if (!cTag) throw f.fail(call, `binding '${decl.getName()}' has no @c tag naming its C function`);
    f.m.useBinding(decl);
    const params = decl.getParameters();
    const args = call.getArguments() as Expression[];
    if (args.length !== params.length) throw f.fail(call, `expected ${params.length} arguments, got ${args.length}`);
    const typeParams = new Set(decl.getTypeParameters().map(p => p.getName()));
    let structOfT: string | undefined;
    const explicit = call.getTypeArguments()[0];
    if (explicit) structOfT = structName(f, f.resolveType(explicit, call), call);
    const values = new Map<string, C.Expr[]>();
    params.forEach((p, i) => {
        const typeNode = p.getTypeNode();
        const arg = args[i]!;
        if (typeNode && typeParams.has(typeNode.getText())) {
            const value = f.expression(arg);
            structOfT ??= structName(f, value.t, arg);
            values.set(p.getName(), [value.e]);
        } else {
            values.set(p.getName(), lowerArgument(f, arg, f.resolveType(typeNode, p)));
        }
    });
    const returnNode = decl.getReturnTypeNode();
    let result: CType;
    if (returnNode && typeParams.has(returnNode.getText())) {
        const t = explicit ? f.resolveType(explicit, call) : expected;
        if (!t) throw f.fail(call, `write the type: ${decl.getName()}<T>(...)`);
        result = t;
        structOfT ??= structName(f, t, call);
    } else {
        result = f.resolveType(returnNode, decl);
    }
    if (/^\w+$/.test(cTag)) return { e: C.call(cTag, params.flatMap(p => values.get(p.getName())!)), t: result };
    const words = new Map<string, string>();
    const template = parseTemplate(cTag);
    for (const hole of holesOf(template)) {
        if (hole === 'T') {
            if (!structOfT) throw f.fail(call, `cannot tell which type '${decl.getName()}' works on: write ${decl.getName()}<T>(...)`);
            words.set('T', structOfT.slice('struct '.length));
        } else if (!values.has(hole)) {
            throw f.fail(call, `binding '${decl.getName()}': @c template names unknown parameter $${hole}`);
        }
    }
    try {
        return { e: instantiate(template, values, words), t: result };
    } catch (e) {
        if (e instanceof TemplateError) throw f.fail(call, `binding '${decl.getName()}': ${e.message}`);
        throw e;
    }
}

function structName(f: FunctionContext, t: CType, at: Node): string {
    if (t.k === 'record' || t.k === 'kstruct') return t.struct;
    throw f.fail(at, `${describe(t)} is not a record type`);
}
