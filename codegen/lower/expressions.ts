// Lowering expressions: operators with C integer semantics, names, fields, literals and casts.
// Calls (bindings, user functions, closures, intrinsics) are in calls.ts.
import { Expression, Node, SyntaxKind } from 'ts-morph';
import { CType, TypeError_, cTypeName, declarationOf, describe, isInteger, isPointer } from './ctypes.js';
import { Reported } from './context.js';
import type { Lowerer } from './lowerer.js';
import { cStringLiteral, snakeCase, upperSnakeCase } from './names.js';
import { tagsOf, isBinding } from './tags.js';

export interface CExpr {
    c: string;
    t: CType;
    /** For kernel structs: 'value' when `c` is the struct itself (an lvalue), 'pointer' when it points to one. */
    place?: 'value' | 'pointer';
}

const ASSIGNMENT_OPERATORS = new Set([
    SyntaxKind.EqualsToken, SyntaxKind.PlusEqualsToken, SyntaxKind.MinusEqualsToken,
    SyntaxKind.AsteriskEqualsToken, SyntaxKind.PercentEqualsToken, SyntaxKind.AmpersandEqualsToken,
    SyntaxKind.BarEqualsToken, SyntaxKind.CaretEqualsToken, SyntaxKind.LessThanLessThanEqualsToken,
    SyntaxKind.GreaterThanGreaterThanEqualsToken, SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
    SyntaxKind.SlashEqualsToken,
]);

export function lowerExpression(l: Lowerer, e: Expression, expected?: CType): CExpr {
    switch (e.getKind()) {
        case SyntaxKind.NumericLiteral: return numericLiteral(l, e);
        case SyntaxKind.BigIntLiteral: return bigIntLiteral(l, e, expected);
        case SyntaxKind.TrueKeyword: return { c: 'true', t: l.types.boolType(e) };
        case SyntaxKind.FalseKeyword: return { c: 'false', t: l.types.boolType(e) };
        case SyntaxKind.NullKeyword: return { c: '0', t: { k: 'null' } };
        case SyntaxKind.StringLiteral:
        case SyntaxKind.NoSubstitutionTemplateLiteral:
            return stringLiteral(l, e, expected);
        case SyntaxKind.TemplateExpression:
            throw l.fail(e, 'a template literal can only be passed where a format is expected (rprintf, bprintf, ...)');
        case SyntaxKind.Identifier: return l.lowerName(e.asKindOrThrow(SyntaxKind.Identifier));
        case SyntaxKind.ParenthesizedExpression: {
            const inner = lowerExpression(l, e.asKindOrThrow(SyntaxKind.ParenthesizedExpression).getExpression(), expected);
            return { ...inner, c: `(${inner.c})` };
        }
        case SyntaxKind.NonNullExpression:
            return lowerExpression(l, e.asKindOrThrow(SyntaxKind.NonNullExpression).getExpression(), expected);
        case SyntaxKind.AsExpression: return cast(l, e.asKindOrThrow(SyntaxKind.AsExpression));
        case SyntaxKind.TypeAssertionExpression:
            throw l.fail(e, "write casts as 'x as T'");
        case SyntaxKind.BinaryExpression: return binary(l, e.asKindOrThrow(SyntaxKind.BinaryExpression));
        case SyntaxKind.PrefixUnaryExpression: return prefix(l, e.asKindOrThrow(SyntaxKind.PrefixUnaryExpression));
        case SyntaxKind.PostfixUnaryExpression: {
            const p = e.asKindOrThrow(SyntaxKind.PostfixUnaryExpression);
            const operand = l.lowerAssignable(p.getOperand());
            requireInteger(l, p.getOperand(), operand.t, 'increment or decrement');
            const op = p.getOperatorToken() === SyntaxKind.PlusPlusToken ? '++' : '--';
            return { c: `${operand.c}${op}`, t: operand.t };
        }
        case SyntaxKind.ConditionalExpression: {
            const ce = e.asKindOrThrow(SyntaxKind.ConditionalExpression);
            const cond = l.lowerCondition(ce.getCondition());
            const a = lowerExpression(l, ce.getWhenTrue(), expected);
            const b = lowerExpression(l, ce.getWhenFalse(), expected);
            return { c: `${cond} ? ${a.c} : ${b.c}`, t: a.t.k === 'null' || a.t.k === 'literal-int' ? b.t : a.t };
        }
        case SyntaxKind.PropertyAccessExpression: return propertyAccess(l, e.asKindOrThrow(SyntaxKind.PropertyAccessExpression));
        case SyntaxKind.ElementAccessExpression: return elementAccess(l, e.asKindOrThrow(SyntaxKind.ElementAccessExpression));
        case SyntaxKind.CallExpression: return l.lowerCall(e.asKindOrThrow(SyntaxKind.CallExpression), expected);
        case SyntaxKind.ArrowFunction:
            throw l.fail(e, 'choose how this closure is allocated: closure(heap, ...), oneShot(heap, ...), embedded(...) at module level, or stackClosure(...)');
    }
    throw l.fail(e, `this expression (${e.getKindName()}) is not in the dialect`);
}

function numericLiteral(l: Lowerer, e: Expression): CExpr {
    const text = e.getText().replace(/_/g, '');
    if (/^0[oO]/.test(text)) return { c: '0' + text.slice(2), t: { k: 'literal-int' } };
    if (/^0[bB]/.test(text)) return { c: '0x' + BigInt(text).toString(16), t: { k: 'literal-int' } };
    const value = BigInt(text);
    if (value > 2n ** 53n) throw l.fail(e, 'integer literals above 2^53 lose precision in TypeScript: write a bigint literal (e.g. 0xffffffffffffffffn)');
    if (/^0[0-7]+$/.test(text)) throw l.fail(e, 'legacy octal literals are not in the dialect: write 0o...');
    return { c: text.toLowerCase().startsWith('0x') ? '0x' + text.slice(2).toLowerCase() : text, t: { k: 'literal-int' } };
}

function bigIntLiteral(l: Lowerer, e: Expression, expected?: CType): CExpr {
    const text = e.getText().replace(/_/g, '').replace(/n$/, '');
    const value = BigInt(text);
    if (value >= 2n ** 64n) throw l.fail(e, 'integer literal does not fit in 64 bits');
    const signed = expected?.k === 'int' && expected.signed;
    if (signed && value >= 2n ** 63n) throw l.fail(e, 'integer literal does not fit in a signed 64-bit integer');
    const hex = /^0[xX]/.test(text);
    const c = (hex ? '0x' + value.toString(16) : value.toString()) + (signed ? 'll' : 'ull');
    return { c, t: expected?.k === 'int' ? expected : l.types.intOf(false, 64, e) };
}

function stringLiteral(l: Lowerer, e: Expression, expected?: CType): CExpr {
    const text = Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e) ? e.getLiteralText() : '';
    if (!expected || expected.k !== 'string') {
        throw l.fail(e, `a string literal needs a string type here (a binding type with @literal), not ${expected ? describe(expected) : 'an unknown type'}`);
    }
    return { c: expected.literal.replace('%s', cStringLiteral(text)), t: expected };
}

function cast(l: Lowerer, e: import('ts-morph').AsExpression): CExpr {
    const typeNode = e.getTypeNodeOrThrow();
    if (typeNode.getText() === 'const') throw l.fail(e, "'as const' is not in the dialect");
    const target = l.resolveType(typeNode, e);
    const inner = lowerExpression(l, e.getExpression(), target);
    if (isInteger(target) || target.k === 'bool') {
        if (!isInteger(inner.t) && inner.t.k !== 'bool') {
            throw l.fail(e, `cannot convert ${describe(inner.t)} to ${describe(target)}: casts convert between integer types`);
        }
    } else if (!(isPointer(target) && isPointer(inner.t))) {
        throw l.fail(e, `cannot convert ${describe(inner.t)} to ${describe(target)}`);
    }
    const operand = isSimple(e.getExpression()) ? inner.c : `(${inner.c})`;
    return { c: `(${cTypeName(target)})${operand}`, t: target };
}

function isSimple(e: Expression): boolean {
    return Node.isIdentifier(e) || Node.isNumericLiteral(e) || Node.isCallExpression(e) ||
        Node.isPropertyAccessExpression(e) || Node.isParenthesizedExpression(e) || Node.isElementAccessExpression(e);
}

function requireInteger(l: Lowerer, node: Node, t: CType, what: string): void {
    if (!isInteger(t)) throw l.fail(node, `${what} needs an integer operand, not ${describe(t)}`);
}

/** The type C's usual arithmetic conversions give two integer operands. */
export function arithmeticType(l: Lowerer, a: CType, b: CType, at: Node): CType {
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
    return l.types.intOf(signed, bits, at);
}

function binary(l: Lowerer, e: import('ts-morph').BinaryExpression): CExpr {
    const opKind = e.getOperatorToken().getKind();
    const opText = e.getOperatorToken().getText();
    if (ASSIGNMENT_OPERATORS.has(opKind)) return assignment(l, e);
    if (opKind === SyntaxKind.SlashToken) {
        throw l.fail(e.getOperatorToken(), "'/' divides as floating point in TypeScript: write Math.trunc(a / b) for C integer division");
    }
    if (opKind === SyntaxKind.AmpersandAmpersandToken || opKind === SyntaxKind.BarBarToken) {
        const a = l.lowerCondition(e.getLeft());
        const b = l.lowerCondition(e.getRight());
        return { c: `${a} ${opText} ${b}`, t: l.types.boolType(e) };
    }
    const left = lowerExpression(l, e.getLeft());
    const right = lowerExpression(l, e.getRight(), left.t);
    if (opKind === SyntaxKind.EqualsEqualsEqualsToken || opKind === SyntaxKind.ExclamationEqualsEqualsToken) {
        if (left.t.k === 'string' || right.t.k === 'string') {
            throw l.fail(e, 'strings are compared with a binding (e.g. runtime_strcmp), not ===');
        }
        if (left.t.k === 'kstruct' && left.place === 'value') throw l.fail(e, 'structs stored by value cannot be compared');
        return { c: `${left.c} ${opKind === SyntaxKind.EqualsEqualsEqualsToken ? '==' : '!='} ${right.c}`, t: l.types.boolType(e) };
    }
    if (opKind === SyntaxKind.LessThanToken || opKind === SyntaxKind.GreaterThanToken ||
        opKind === SyntaxKind.LessThanEqualsToken || opKind === SyntaxKind.GreaterThanEqualsToken) {
        requireInteger(l, e.getLeft(), left.t, `'${opText}'`);
        requireInteger(l, e.getRight(), right.t, `'${opText}'`);
        return { c: `${left.c} ${opText} ${right.c}`, t: l.types.boolType(e) };
    }
    if (opKind === SyntaxKind.PlusToken && (left.t.k === 'string' || right.t.k === 'string')) {
        throw l.fail(e, 'string concatenation is not in the dialect: format into a buffer with bprintf(`...`)');
    }
    requireInteger(l, e.getLeft(), left.t, `'${opText}'`);
    requireInteger(l, e.getRight(), right.t, `'${opText}'`);
    if (opKind === SyntaxKind.GreaterThanGreaterThanGreaterThanToken) {
        const t = arithmeticType(l, left.t, { k: 'literal-int' }, e);
        if (t.k === 'int' && t.signed) {
            const u = l.types.intOf(false, t.bits, e);
            return { c: `(${u.c})${left.c} >> ${right.c}`, t: u };
        }
        return { c: `${left.c} >> ${right.c}`, t };
    }
    const t = opKind === SyntaxKind.LessThanLessThanToken || opKind === SyntaxKind.GreaterThanGreaterThanToken
        ? arithmeticType(l, left.t, { k: 'literal-int' }, e)
        : arithmeticType(l, left.t, right.t, e);
    return { c: `${left.c} ${opText} ${right.c}`, t };
}

function assignment(l: Lowerer, e: import('ts-morph').BinaryExpression): CExpr {
    const opKind = e.getOperatorToken().getKind();
    if (opKind === SyntaxKind.SlashEqualsToken) {
        throw l.fail(e.getOperatorToken(), "'/=' divides as floating point in TypeScript: write x = Math.trunc(x / y)");
    }
    const target = l.lowerAssignable(e.getLeft());
    if (target.t.k === 'kstruct' && target.place === 'value') {
        throw l.fail(e, 'a struct stored by value cannot be assigned as a whole: set its fields');
    }
    if (target.t.k === 'fixed') throw l.fail(e, 'a fixed array cannot be assigned as a whole');
    if (target.t.k === 'fnptr' && opKind === SyntaxKind.EqualsToken) {
        return { c: `${target.c} = ${l.lowerFunctionPointer(e.getRight(), target.t)}`, t: target.t };
    }
    const value = lowerExpression(l, e.getRight(), target.t);
    if (opKind === SyntaxKind.EqualsToken) {
        l.checkAssignable(e.getRight(), value, target.t);
        return { c: `${target.c} = ${value.c}`, t: target.t };
    }
    requireInteger(l, e.getLeft(), target.t, `'${e.getOperatorToken().getText()}'`);
    requireInteger(l, e.getRight(), value.t, `'${e.getOperatorToken().getText()}'`);
    if (opKind === SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken) {
        if (target.t.k === 'int' && target.t.signed) {
            throw l.fail(e, "'>>>=' on a signed integer is not in the dialect: cast to an unsigned type first");
        }
        return { c: `${target.c} >>= ${value.c}`, t: target.t };
    }
    return { c: `${target.c} ${e.getOperatorToken().getText()} ${value.c}`, t: target.t };
}

function prefix(l: Lowerer, e: import('ts-morph').PrefixUnaryExpression): CExpr {
    const op = e.getOperatorToken();
    const operandNode = e.getOperand();
    switch (op) {
        case SyntaxKind.ExclamationToken: return { c: `!${l.lowerCondition(operandNode)}`, t: l.types.boolType(e) };
        case SyntaxKind.PlusPlusToken:
        case SyntaxKind.MinusMinusToken: {
            const operand = l.lowerAssignable(operandNode);
            requireInteger(l, operandNode, operand.t, 'increment or decrement');
            return { c: `${op === SyntaxKind.PlusPlusToken ? '++' : '--'}${operand.c}`, t: operand.t };
        }
        case SyntaxKind.MinusToken:
        case SyntaxKind.TildeToken: {
            const operand = lowerExpression(l, operandNode);
            requireInteger(l, operandNode, operand.t, op === SyntaxKind.MinusToken ? "'-'" : "'~'");
            const t = arithmeticType(l, operand.t, { k: 'literal-int' }, e);
            return { c: `${op === SyntaxKind.MinusToken ? '-' : '~'}${operand.c}`, t: operand.t.k === 'literal-int' ? operand.t : t };
        }
        case SyntaxKind.PlusToken:
            throw l.fail(e, "unary '+' converts to a number in TypeScript: it is not in the dialect");
    }
    throw l.fail(e, 'this operator is not in the dialect');
}

function propertyAccess(l: Lowerer, e: import('ts-morph').PropertyAccessExpression): CExpr {
    const decl = declarationOf(e.getNameNode());
    if (decl && Node.isEnumMember(decl)) return enumMember(l, e, decl);
    const object = lowerExpression(l, e.getExpression());
    const name = e.getName();
    if (object.t.k === 'fixed' && name === 'length') return { c: object.t.length, t: { k: 'literal-int' } };
    if (object.t.k !== 'record' && object.t.k !== 'kstruct') {
        throw l.fail(e, `'${e.getExpression().getText()}' is ${describe(object.t)}, which has no fields the dialect can reach`);
    }
    if (!decl || !Node.isPropertySignature(decl)) throw l.fail(e.getNameNode(), `'${name}' is not a field of ${describe(object.t)}`);
    const field = tagsOf(decl).get('c') ?? snakeCase(name);
    const type = l.resolveType(decl.getTypeNode(), decl);
    const arrow = object.t.k === 'kstruct' && object.place === 'value' ? '.' : '->';
    return { c: `${object.c}${arrow}${field}`, t: type, place: type.k === 'kstruct' ? 'value' : undefined };
}

function enumMember(l: Lowerer, e: Node, decl: import('ts-morph').EnumMember): CExpr {
    const en = decl.getParent();
    const t = l.resolveEnum(en, e);
    if (isBinding(decl)) {
        const c = tagsOf(decl).get('c');
        if (!c) throw l.fail(e, `binding enum member '${decl.getName()}' has no @c tag`);
        return { c, t };
    }
    return { c: `${upperSnakeCase(en.getName())}_${upperSnakeCase(decl.getName())}`, t };
}

function elementAccess(l: Lowerer, e: import('ts-morph').ElementAccessExpression): CExpr {
    const object = lowerExpression(l, e.getExpression());
    if (object.t.k === 'opaque' && object.t.index) {
        const indexNode = e.getArgumentExpressionOrThrow();
        const index = lowerExpression(l, indexNode);
        requireInteger(l, indexNode, index.t, 'an index');
        return { c: `${object.c}[${index.c}]`, t: l.resolveType(object.t.index, e) };
    }
    if (object.t.k !== 'fixed') {
        throw l.fail(e, `dynamic property access is not in the dialect: only Fixed<T, N> arrays can be indexed, not ${describe(object.t)}`);
    }
    const indexNode = e.getArgumentExpressionOrThrow();
    const index = lowerExpression(l, indexNode);
    requireInteger(l, indexNode, index.t, 'an index');
    return { c: `${object.c}[${index.c}]`, t: object.t.elem, place: object.t.elem.k === 'kstruct' ? 'value' : undefined };
}

export { TypeError_, Reported };
