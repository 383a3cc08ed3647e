// Module constants (`const LIMIT: u32 = 8192` → `#define LIMIT 8192`) and what counts as a
// constant expression: what C accepts in a static initializer.
import { Node, VariableDeclaration } from 'ts-morph';
import * as C from '../c/ast.js';
import { declarationOf } from '../bindings/resolve.js';
import { tagsOf } from '../bindings/tags.js';
import { constantName } from '../names.js';
import { checkAssignable } from './assignability.js';
import { FunctionContext } from './context.js';

export function constantDefinition(f: FunctionContext, d: VariableDeclaration): C.Top {
    const init = d.getInitializerOrThrow();
    const type = d.getTypeNode() ? f.resolveType(d.getTypeNode(), d) : undefined;
    const v = f.expression(init, type);
    if (type) checkAssignable(f, init, v, type);
    if (!isConstantExpression(init)) {
        throw f.fail(init, 'a module constant must be a constant expression (literals, other constants and operators)');
    }
    return { k: 'define', name: constantName(d.getName()), value: v.e };
}

/** Literals, characters, constants, enum members and operators on them. */
export function isConstantExpression(e: Node): boolean {
    if (Node.isNumericLiteral(e) || Node.isBigIntLiteral(e) || Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e) ||
        Node.isTrueLiteral(e) || Node.isFalseLiteral(e) || Node.isNullLiteral(e)) return true;
    if (Node.isParenthesizedExpression(e)) return isConstantExpression(e.getExpression());
    if (Node.isPrefixUnaryExpression(e)) return isConstantExpression(e.getOperand());
    if (Node.isBinaryExpression(e)) return isConstantExpression(e.getLeft()) && isConstantExpression(e.getRight());
    if (Node.isAsExpression(e)) return isConstantExpression(e.getExpression());
    if (Node.isCallExpression(e)) {
        // A field's offset: offsetOf<Rec>('field').
        const callee = e.getExpression();
        if (Node.isIdentifier(callee)) {
            const decl = declarationOf(callee);
            return !!decl && Node.isFunctionDeclaration(decl) && tagsOf(decl).get('intrinsic') === 'offsetOf';
        }
        // A character constant: 'x'.charCodeAt(0).
        return Node.isPropertyAccessExpression(callee) && callee.getName() === 'charCodeAt' &&
            (Node.isStringLiteral(callee.getExpression()) || Node.isNoSubstitutionTemplateLiteral(callee.getExpression()));
    }
    if (Node.isPropertyAccessExpression(e)) {
        const decl = declarationOf(e.getNameNode());
        return !!decl && Node.isEnumMember(decl);
    }
    if (Node.isIdentifier(e)) {
        const decl = declarationOf(e);
        return !!decl && Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === 'const' &&
            !isInFunction(decl) && (decl.getSourceFile().isDeclarationFile() || isConstantExpression(decl.getInitializerOrThrow()));
    }
    return false;
}

/** True for a parameter or local of a function (or closure), as opposed to a module declaration. */
export function isInFunction(decl: Node): boolean {
    return !!decl.getFirstAncestor(n => Node.isFunctionDeclaration(n) || Node.isArrowFunction(n));
}
