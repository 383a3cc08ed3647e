// Template literals passed where a binding expects a format: the text becomes a C format string
// and each ${operand} a specifier chosen from the operand's type (the type's @fmt tag).
import { Expression, Node } from 'ts-morph';
import * as C from '../c/ast.js';
import { CType, describe } from '../types/ctypes.js';
import { FunctionContext } from './context.js';

/** The format string and its arguments. */
export function lowerFormat(f: FunctionContext, e: Expression): C.Expr[] {
    if (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e)) {
        return [{ k: 'string', text: escapePercent(e.getLiteralText()) }];
    }
    if (!Node.isTemplateExpression(e)) {
        throw f.fail(e, 'a format must be a string or template literal, so its specifiers can be checked');
    }
    let text = escapePercent(e.getHead().getLiteralText());
    const args: C.Expr[] = [];
    for (const span of e.getTemplateSpans()) {
        const operandNode = span.getExpression();
        const operand = f.expression(operandNode);
        text += specifier(f, operandNode, operand.t);
        args.push(operand.e);
        text += escapePercent(span.getLiteral().getLiteralText());
    }
    return [{ k: 'string', text }, ...args];
}

function specifier(f: FunctionContext, at: Node, t: CType): string {
    switch (t.k) {
        case 'int': case 'bool': case 'opaque': case 'string':
            if (t.fmt) return t.fmt;
            break;
        case 'literal-int': case 'enum':
            return '%d';
    }
    throw f.fail(at, `a value of type ${describe(t)} cannot be formatted (its type has no @fmt tag)`);
}

function escapePercent(text: string): string {
    return text.split('%').join('%%');
}
