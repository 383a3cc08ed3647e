// Template literals passed where a binding expects a format: the text becomes a C format string
// and each ${operand} a specifier chosen from the operand's type (the type's @fmt tag).
import { Expression, Node } from 'ts-morph';
import { CType, describe } from './ctypes.js';
import { lowerExpression } from './expressions.js';
import type { Lowerer } from './lowerer.js';
import { cStringLiteral } from './names.js';

export interface LoweredFormat {
    /** The C string literal of the format. */
    format: string;
    args: string[];
}

export function lowerFormat(l: Lowerer, e: Expression): LoweredFormat {
    if (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e)) {
        return { format: cStringLiteral(escapePercent(e.getLiteralText())), args: [] };
    }
    if (!Node.isTemplateExpression(e)) {
        throw l.fail(e, 'a format must be a string or template literal, so its specifiers can be checked');
    }
    let text = escapePercent(e.getHead().getLiteralText());
    const args: string[] = [];
    for (const span of e.getTemplateSpans()) {
        const operandNode = span.getExpression();
        const operand = lowerExpression(l, operandNode);
        text += specifier(l, operandNode, operand.t);
        args.push(operand.c);
        text += escapePercent(span.getLiteral().getLiteralText());
    }
    return { format: cStringLiteral(text), args };
}

function specifier(l: Lowerer, at: Node, t: CType): string {
    switch (t.k) {
        case 'int': case 'bool': case 'opaque': case 'string':
            if (t.fmt) return t.fmt;
            break;
        case 'literal-int': case 'enum':
            return '%d';
    }
    throw l.fail(at, `a value of type ${describe(t)} cannot be formatted (its type has no @fmt tag)`);
}

function escapePercent(text: string): string {
    return text.replace(/%/g, '%%');
}
