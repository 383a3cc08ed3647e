// Lowering expressions: operators with C integer semantics, literals, casts, fields and indexing.
// Names are in identifiers.ts, calls in calls.ts; this file dispatches to them.
import { BinaryExpression, Expression, Node, SyntaxKind } from 'ts-morph';
import * as C from '../c/ast.js';
import { declarationOf } from '../bindings/resolve.js';
import { isBinding, tagsOf } from '../bindings/tags.js';
import { parseTemplate, instantiate } from '../bindings/templates.js';
import { snakeCase, upperSnakeCase } from '../names.js';
import { CType, describe, isInteger, isPointer } from '../types/ctypes.js';
import { cTypeName } from '../types/spelling.js';
import { lowerCall } from './calls.js';
import { FunctionContext, Value } from './context.js';
import { isInFunction } from './constants.js';
import { lowerIdentifier } from './identifiers.js';
import { arithmeticType, requireInteger } from './integers.js';

const ASSIGNMENT_OPERATORS: Partial<Record<SyntaxKind, C.AssignmentOperator>> = {
    [SyntaxKind.EqualsToken]: '=', [SyntaxKind.PlusEqualsToken]: '+=', [SyntaxKind.MinusEqualsToken]: '-=',
    [SyntaxKind.AsteriskEqualsToken]: '*=', [SyntaxKind.PercentEqualsToken]: '%=', [SyntaxKind.AmpersandEqualsToken]: '&=',
    [SyntaxKind.BarEqualsToken]: '|=', [SyntaxKind.CaretEqualsToken]: '^=', [SyntaxKind.LessThanLessThanEqualsToken]: '<<=',
    [SyntaxKind.GreaterThanGreaterThanEqualsToken]: '>>=', [SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: '>>=',
    [SyntaxKind.SlashEqualsToken]: '/=',
};

const BINARY_OPERATORS: Partial<Record<SyntaxKind, C.BinaryOperator>> = {
    [SyntaxKind.AsteriskToken]: '*', [SyntaxKind.PercentToken]: '%', [SyntaxKind.PlusToken]: '+', [SyntaxKind.MinusToken]: '-',
    [SyntaxKind.LessThanLessThanToken]: '<<', [SyntaxKind.GreaterThanGreaterThanToken]: '>>',
    [SyntaxKind.GreaterThanGreaterThanGreaterThanToken]: '>>',
    [SyntaxKind.LessThanToken]: '<', [SyntaxKind.LessThanEqualsToken]: '<=', [SyntaxKind.GreaterThanToken]: '>',
    [SyntaxKind.GreaterThanEqualsToken]: '>=', [SyntaxKind.EqualsEqualsEqualsToken]: '==',
    [SyntaxKind.ExclamationEqualsEqualsToken]: '!=', [SyntaxKind.AmpersandToken]: '&', [SyntaxKind.CaretToken]: '^',
    [SyntaxKind.BarToken]: '|', [SyntaxKind.AmpersandAmpersandToken]: '&&', [SyntaxKind.BarBarToken]: '||',
};

export function lowerExpression(f: FunctionContext, e: Expression, expected?: CType): Value {
    switch (e.getKind()) {
        case SyntaxKind.NumericLiteral: return numericLiteral(f, e);
        case SyntaxKind.BigIntLiteral: return bigIntLiteral(f, e, expected);
        case SyntaxKind.TrueKeyword: return { e: C.name('true'), t: f.types.boolType(e) };
        case SyntaxKind.FalseKeyword: return { e: C.name('false'), t: f.types.boolType(e) };
        case SyntaxKind.NullKeyword: return { e: C.num(0), t: { k: 'null' } };
        case SyntaxKind.StringLiteral:
        case SyntaxKind.NoSubstitutionTemplateLiteral:
            return stringLiteral(f, e, expected);
        case SyntaxKind.TemplateExpression:
            throw f.fail(e, 'a template literal can only be passed where a format is expected (rprintf, bprintf, ...)');
        case SyntaxKind.Identifier: return lowerIdentifier(f, e.asKindOrThrow(SyntaxKind.Identifier));
        case SyntaxKind.ParenthesizedExpression: {
            const inner = lowerExpression(f, e.asKindOrThrow(SyntaxKind.ParenthesizedExpression).getExpression(), expected);
            return { ...inner, e: { k: 'paren', inner: inner.e } };
        }
        case SyntaxKind.NonNullExpression:
            return lowerExpression(f, e.asKindOrThrow(SyntaxKind.NonNullExpression).getExpression(), expected);
        case SyntaxKind.AsExpression: return cast(f, e.asKindOrThrow(SyntaxKind.AsExpression));
        case SyntaxKind.TypeAssertionExpression:
            throw f.fail(e, "write casts as 'x as T'");
        case SyntaxKind.BinaryExpression: return binary(f, e.asKindOrThrow(SyntaxKind.BinaryExpression));
        case SyntaxKind.PrefixUnaryExpression: return prefix(f, e.asKindOrThrow(SyntaxKind.PrefixUnaryExpression));
        case SyntaxKind.PostfixUnaryExpression: {
            const p = e.asKindOrThrow(SyntaxKind.PostfixUnaryExpression);
            const operand = lowerAssignable(f, p.getOperand());
            requireInteger(f, p.getOperand(), operand.t, 'increment or decrement');
            const op = p.getOperatorToken() === SyntaxKind.PlusPlusToken ? '++' : '--';
            return { e: { k: 'postfix', op, operand: operand.e }, t: operand.t };
        }
        case SyntaxKind.ConditionalExpression: {
            const ce = e.asKindOrThrow(SyntaxKind.ConditionalExpression);
            const test = lowerCondition(f, ce.getCondition());
            const a = lowerExpression(f, ce.getWhenTrue(), expected);
            const b = lowerExpression(f, ce.getWhenFalse(), expected);
            return { e: { k: 'conditional', test, then: a.e, else: b.e }, t: a.t.k === 'null' || a.t.k === 'literal-int' ? b.t : a.t };
        }
        case SyntaxKind.PropertyAccessExpression: return propertyAccess(f, e.asKindOrThrow(SyntaxKind.PropertyAccessExpression));
        case SyntaxKind.ElementAccessExpression: return elementAccess(f, e.asKindOrThrow(SyntaxKind.ElementAccessExpression));
        case SyntaxKind.CallExpression: return lowerCall(f, e.asKindOrThrow(SyntaxKind.CallExpression), expected);
        case SyntaxKind.ArrowFunction:
            throw f.fail(e, 'choose how this closure is allocated: closure(heap, ...), oneShot(heap, ...), embedded(...) at module level, or stackClosure(...)');
        case SyntaxKind.ObjectLiteralExpression:
            throw f.fail(e, 'object literals are not in the dialect: allocate a record from a heap and set its fields (or list records in a constant table)');
        case SyntaxKind.ArrayLiteralExpression:
            throw f.fail(e, 'array literals are not in the dialect, except as a constant table at module level: `const T: readonly E[] = [...]`');
    }
    throw f.fail(e, `this expression (${e.getKindName()}) is not in the dialect`);
}

/** A condition: C's truth of integers, booleans and pointers. */
export function lowerCondition(f: FunctionContext, e: Expression): C.Expr {
    const v = lowerExpression(f, e);
    if (v.t.k === 'string' || v.t.k === 'fixed' || v.t.k === 'table' || (v.t.k === 'kstruct' && v.place === 'value')) {
        throw f.fail(e, `${describe(v.t)} is not a condition`);
    }
    return v.e;
}

/** The left side of an assignment: a local, state, a field or an element; never a constant. */
export function lowerAssignable(f: FunctionContext, e: Expression): Value {
    if (!(Node.isIdentifier(e) || Node.isPropertyAccessExpression(e) || Node.isElementAccessExpression(e) || Node.isParenthesizedExpression(e))) {
        throw f.fail(e, 'this cannot be assigned to');
    }
    if (Node.isIdentifier(e)) {
        const decl = declarationOf(e);
        if (decl && Node.isVariableDeclaration(decl) && !f.m.stateFields.has(decl) && !isInFunction(decl)) {
            throw f.fail(e, `'${e.getText()}' is a constant`);
        }
    }
    const v = lowerExpression(f, e);
    if (v.readonly) throw f.fail(e, 'a constant table cannot be changed');
    return v;
}

function numericLiteral(f: FunctionContext, e: Expression): Value {
    const text = e.getText().replace(/_/g, '');
    const t: CType = { k: 'literal-int' };
    if (/^0[oO]/.test(text)) return { e: C.num('0' + text.slice(2)), t };
    if (/^0[bB]/.test(text)) return { e: C.num('0x' + BigInt(text).toString(16)), t };
    const value = BigInt(text);
    if (value > 2n ** 53n) throw f.fail(e, 'integer literals above 2^53 lose precision in TypeScript: write a bigint literal (e.g. 0xffffffffffffffffn)');
    if (/^0[0-7]+$/.test(text)) throw f.fail(e, 'legacy octal literals are not in the dialect: write 0o...');
    return { e: C.num(text.toLowerCase().startsWith('0x') ? '0x' + text.slice(2).toLowerCase() : text), t };
}

function bigIntLiteral(f: FunctionContext, e: Expression, expected?: CType): Value {
    const text = e.getText().replace(/_/g, '').replace(/n$/, '');
    const value = BigInt(text);
    if (value >= 2n ** 64n) throw f.fail(e, 'integer literal does not fit in 64 bits');
    const signed = expected?.k === 'int' && expected.signed;
    if (signed && value >= 2n ** 63n) throw f.fail(e, 'integer literal does not fit in a signed 64-bit integer');
    const hex = /^0[xX]/.test(text);
    const c = (hex ? '0x' + value.toString(16) : value.toString()) + (signed ? 'll' : 'ull');
    return { e: C.num(c), t: expected?.k === 'int' ? expected : f.types.intOf(false, 64, e) };
}

function stringLiteral(f: FunctionContext, e: Expression, expected?: CType): Value {
    const text = Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e) ? e.getLiteralText() : '';
    if (!expected || expected.k !== 'string') {
        throw f.fail(e, `a string literal needs a string type here (a binding type with @literal), not ${expected ? describe(expected) : 'an unknown type'}`);
    }
    const literal = instantiate(parseTemplate(expected.literal, true), new Map([['s', [{ k: 'string', text }]]]), new Map());
    return { e: literal, t: expected };
}

function cast(f: FunctionContext, e: import('ts-morph').AsExpression): Value {
    const typeNode = e.getTypeNodeOrThrow();
    if (typeNode.getText() === 'const') throw f.fail(e, "'as const' is not in the dialect");
    const target = f.resolveType(typeNode, e);
    const inner = lowerExpression(f, e.getExpression(), target);
    if (isInteger(target) || target.k === 'bool') {
        if (!isInteger(inner.t) && inner.t.k !== 'bool') {
            throw f.fail(e, `cannot convert ${describe(inner.t)} to ${describe(target)}: casts convert between integer types`);
        }
    } else if (!(isPointer(target) && isPointer(inner.t))) {
        throw f.fail(e, `cannot convert ${describe(inner.t)} to ${describe(target)}`);
    }
    return { e: C.cast(cTypeName(target), inner.e), t: target };
}

function binary(f: FunctionContext, e: BinaryExpression): Value {
    const opKind = e.getOperatorToken().getKind();
    const opText = e.getOperatorToken().getText();
    if (opKind in ASSIGNMENT_OPERATORS) return assignment(f, e);
    if (opKind === SyntaxKind.SlashToken) {
        throw f.fail(e.getOperatorToken(), "'/' divides as floating point in TypeScript: write Math.trunc(a / b) for C integer division");
    }
    const op = BINARY_OPERATORS[opKind];
    if (!op) throw f.fail(e.getOperatorToken(), `'${opText}' is not in the dialect`);
    if (op === '&&' || op === '||') {
        const a = lowerCondition(f, e.getLeft());
        const b = lowerCondition(f, e.getRight());
        return { e: C.binary(op, a, b), t: f.types.boolType(e) };
    }
    const left = lowerExpression(f, e.getLeft());
    const right = lowerExpression(f, e.getRight(), left.t);
    if (op === '==' || op === '!=') {
        if (left.t.k === 'string' || right.t.k === 'string') {
            throw f.fail(e, 'strings are compared with a binding (e.g. runtime_strcmp), not ===');
        }
        if (left.t.k === 'kstruct' && left.place === 'value') throw f.fail(e, 'structs stored by value cannot be compared');
        return { e: C.binary(op, left.e, right.e), t: f.types.boolType(e) };
    }
    if (op === '<' || op === '>' || op === '<=' || op === '>=') {
        requireInteger(f, e.getLeft(), left.t, `'${opText}'`);
        requireInteger(f, e.getRight(), right.t, `'${opText}'`);
        return { e: C.binary(op, left.e, right.e), t: f.types.boolType(e) };
    }
    if (op === '+' && (left.t.k === 'string' || right.t.k === 'string')) {
        throw f.fail(e, 'string concatenation is not in the dialect: format into a buffer with bprintf(`...`)');
    }
    requireInteger(f, e.getLeft(), left.t, `'${opText}'`);
    requireInteger(f, e.getRight(), right.t, `'${opText}'`);
    if (opKind === SyntaxKind.GreaterThanGreaterThanGreaterThanToken) {
        // `>>>` shifts in zeros: a signed operand is shifted as the unsigned type of its width.
        const t = arithmeticType(f, left.t, { k: 'literal-int' }, e);
        if (t.k === 'int' && t.signed) {
            const u = f.types.intOf(false, t.bits, e);
            return { e: C.binary('>>', C.cast(u.c, left.e), right.e), t: u };
        }
        return { e: C.binary('>>', left.e, right.e), t };
    }
    const t = op === '<<' || op === '>>'
        ? arithmeticType(f, left.t, { k: 'literal-int' }, e)
        : arithmeticType(f, left.t, right.t, e);
    return { e: C.binary(op, left.e, right.e), t };
}

function assignment(f: FunctionContext, e: BinaryExpression): Value {
    const opKind = e.getOperatorToken().getKind();
    if (opKind === SyntaxKind.SlashEqualsToken) {
        throw f.fail(e.getOperatorToken(), "'/=' divides as floating point in TypeScript: write x = Math.trunc(x / y)");
    }
    const target = lowerAssignable(f, e.getLeft());
    if (target.t.k === 'kstruct' && target.place === 'value') {
        throw f.fail(e, 'a struct stored by value cannot be assigned as a whole: set its fields');
    }
    if (target.t.k === 'fixed') throw f.fail(e, 'a fixed array cannot be assigned as a whole');
    const op = ASSIGNMENT_OPERATORS[opKind]!;
    if (op === '=') {
        const [value] = f.passes.argument(f, e.getRight(), target.t);
        return { e: { k: 'assign', op, target: target.e, value: value! }, t: target.t };
    }
    const value = lowerExpression(f, e.getRight(), target.t);
    requireInteger(f, e.getLeft(), target.t, `'${e.getOperatorToken().getText()}'`);
    requireInteger(f, e.getRight(), value.t, `'${e.getOperatorToken().getText()}'`);
    if (opKind === SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken && target.t.k === 'int' && target.t.signed) {
        throw f.fail(e, "'>>>=' on a signed integer is not in the dialect: cast to an unsigned type first");
    }
    return { e: { k: 'assign', op, target: target.e, value: value.e }, t: target.t };
}

function prefix(f: FunctionContext, e: import('ts-morph').PrefixUnaryExpression): Value {
    const op = e.getOperatorToken();
    const operandNode = e.getOperand();
    switch (op) {
        case SyntaxKind.ExclamationToken: return { e: C.unary('!', lowerCondition(f, operandNode)), t: f.types.boolType(e) };
        case SyntaxKind.PlusPlusToken:
        case SyntaxKind.MinusMinusToken: {
            const operand = lowerAssignable(f, operandNode);
            requireInteger(f, operandNode, operand.t, 'increment or decrement');
            return { e: C.unary(op === SyntaxKind.PlusPlusToken ? '++' : '--', operand.e), t: operand.t };
        }
        case SyntaxKind.MinusToken:
        case SyntaxKind.TildeToken: {
            const operand = lowerExpression(f, operandNode);
            requireInteger(f, operandNode, operand.t, op === SyntaxKind.MinusToken ? "'-'" : "'~'");
            const t = arithmeticType(f, operand.t, { k: 'literal-int' }, e);
            return { e: C.unary(op === SyntaxKind.MinusToken ? '-' : '~', operand.e), t: operand.t.k === 'literal-int' ? operand.t : t };
        }
        case SyntaxKind.PlusToken:
            throw f.fail(e, "unary '+' converts to a number in TypeScript: it is not in the dialect");
    }
    throw f.fail(e, 'this operator is not in the dialect');
}

function propertyAccess(f: FunctionContext, e: import('ts-morph').PropertyAccessExpression): Value {
    const decl = declarationOf(e.getNameNode());
    if (decl && Node.isEnumMember(decl)) return enumMember(f, e, decl);
    const object = lowerExpression(f, e.getExpression());
    const name = e.getName();
    if (object.t.k === 'fixed' && name === 'length') return { e: C.num(object.t.length), t: { k: 'literal-int' } };
    if (object.t.k === 'table' && name === 'length') return tableLength(f, object, e);
    if (object.t.k !== 'record' && object.t.k !== 'kstruct') {
        throw f.fail(e, `'${e.getExpression().getText()}' is ${describe(object.t)}, which has no fields the dialect can reach`);
    }
    if (object.t.k === 'record' && f.m.isForeign(object.t.decl.getSourceFile())) {
        throw f.fail(e, `'${object.t.decl.getName()}' belongs to another klib: its fields are out of reach (call its functions)`);
    }
    if (!decl || !Node.isPropertySignature(decl)) throw f.fail(e.getNameNode(), `'${name}' is not a field of ${describe(object.t)}`);
    const field = tagsOf(decl).get('c') ?? snakeCase(name);
    const type = f.resolveType(decl.getTypeNode(), decl);
    return {
        e: C.member(object.e, field, object.place !== 'value'), t: type, place: type.k === 'kstruct' ? 'value' : undefined,
        readonly: object.readonly,
    };
}

/** A table's row count: `_countof(t)` where a binding says so (@intrinsic countOf), else the number. */
function tableLength(f: FunctionContext, table: Value, at: Node): Value {
    if (table.t.k === 'table' && table.t.length === undefined) {
        throw f.fail(at, 'a table passed by reference has no length: pass its row count with it (T.length)');
    }
    const countOf = f.types.prelude.countOf;
    if (!countOf || table.t.k !== 'table') return { e: C.num(table.t.k === 'table' ? table.t.length ?? 0 : 0), t: { k: 'literal-int' } };
    f.m.useBinding(countOf.decl);
    return { e: instantiate(countOf.template, new Map([['table', [table.e]]]), new Map()), t: f.resolveType(countOf.decl.getReturnTypeNode(), at) };
}

function enumMember(f: FunctionContext, e: Node, decl: import('ts-morph').EnumMember): Value {
    const en = decl.getParent();
    const t = f.m.adapt(f.types.fromEnum(en, e));
    if (isBinding(decl)) {
        f.m.useBinding(en);
        const c = tagsOf(decl).get('c');
        if (!c) throw f.fail(e, `binding enum member '${decl.getName()}' has no @c tag`);
        return { e: C.name(c), t };
    }
    f.m.useModule(en.getSourceFile());
    return { e: C.name(`${upperSnakeCase(en.getName())}_${upperSnakeCase(decl.getName())}`), t };
}

function elementAccess(f: FunctionContext, e: import('ts-morph').ElementAccessExpression): Value {
    const object = lowerExpression(f, e.getExpression());
    const indexNode = e.getArgumentExpressionOrThrow();
    if (object.t.k === 'opaque' && object.t.index) {
        const index = lowerExpression(f, indexNode);
        requireInteger(f, indexNode, index.t, 'an index');
        return { e: { k: 'index', object: object.e, index: index.e }, t: f.resolveType(object.t.index, e) };
    }
    if (object.t.k !== 'fixed' && object.t.k !== 'table') {
        throw f.fail(e, `dynamic property access is not in the dialect: only Fixed<T, N> arrays, tables and @index pointers can be indexed, not ${describe(object.t)}`);
    }
    const index = lowerExpression(f, indexNode);
    requireInteger(f, indexNode, index.t, 'an index');
    const elem = object.t.elem;
    const byValue = elem.k === 'kstruct' || (object.t.k === 'table' && elem.k === 'record');
    return { e: { k: 'index', object: object.e, index: index.e }, t: elem, place: byValue ? 'value' : undefined, readonly: object.t.k === 'table' };
}
