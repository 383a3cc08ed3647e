// Constant tables: `const DAYS: readonly u16[] = [1, 3, 5]` at module level becomes
// `static const u16 days[] = { 1, 3, 5 };`. Rows are integers, characters, booleans, enum members,
// strings, or records of those written as object literals; `DAYS[i]` reads a row and
// `DAYS.length` counts them.
import { Expression, Node, SyntaxKind, VariableDeclaration } from 'ts-morph';
import * as C from '../c/ast.js';
import { constantName, snakeCase } from '../names.js';
import { CType, describe } from '../types/ctypes.js';
import { declarator } from '../types/spelling.js';
import { checkAssignable } from './assignability.js';
import { leadingComments } from './comments.js';
import { FunctionContext, ModuleContext } from './context.js';
import { isConstantExpression } from './constants.js';

/** The element type node of `readonly E[]`, when `decl` is annotated as a table. */
function elementTypeNode(decl: VariableDeclaration) {
    const t = decl.getTypeNode();
    if (!t || !Node.isTypeOperatorTypeNode(t) || t.getOperator() !== SyntaxKind.ReadonlyKeyword) return undefined;
    const inner = t.getTypeNode();
    return Node.isArrayTypeNode(inner) ? inner.getElementTypeNode() : undefined;
}

/** A table's C name: an array, so lower case (`RETENTION_DAYS` → `retention_days`). */
export function tableName(name: string): string {
    return constantName(name).toLowerCase();
}

/** The type of a module constant declared as a table, or undefined when it is not one. */
export function tableType(m: ModuleContext, decl: VariableDeclaration): CType | undefined {
    const elemNode = elementTypeNode(decl);
    if (!elemNode) return undefined;
    const elem = m.resolveType(elemNode, decl);
    const init = decl.getInitializer();
    const length = init && Node.isArrayLiteralExpression(init) ? init.getElements().length : 0;
    return { k: 'table', elem, length };
}

export function isTable(decl: VariableDeclaration): boolean {
    return elementTypeNode(decl) !== undefined;
}

/** The definition of a table (static, or visible to other modules when exported). */
export function tableDefinition(f: FunctionContext, decl: VariableDeclaration, exported: boolean): { c: C.Top; h?: C.Top } {
    const statement = decl.getVariableStatementOrThrow();
    if (statement.getDeclarationKind() !== 'const') throw f.fail(decl, "a table is constant: declare it with 'const'");
    const type = tableType(f.m, decl)!;
    if (type.k !== 'table') throw new Error('not a table');
    const init = decl.getInitializer();
    if (!init || !Node.isArrayLiteralExpression(init)) throw f.fail(decl, 'a table is written as an array literal: [a, b, c]');
    checkElement(f, decl, type.elem);
    if (init.getElements().length === 0) throw f.fail(init, 'a table has at least one row');
    const rows = init.getElements().map(e => row(f, e, type.elem));
    const name = tableName(decl.getName());
    const array = `${name}[${exported ? type.length : ''}]`;
    // Rows of records are the structs themselves.
    const elemDecl = type.elem.k === 'record' ? `${type.elem.struct} ${array}` : declarator(type.elem, array, f.types);
    const qualified = elemDecl.startsWith('const ') ? elemDecl : `const ${elemDecl}`;
    const comments = leadingComments(statement);
    return {
        c: { k: 'table', declarator: `${exported ? '' : 'static '}${qualified}`, rows, comments: exported ? [] : comments },
        h: exported ? { k: 'extern', declarator: qualified, comments } : undefined,
    };
}

function checkElement(f: FunctionContext, at: Node, elem: CType): void {
    const scalar = (t: CType) => t.k === 'int' || t.k === 'bool' || t.k === 'enum' || t.k === 'string';
    if (scalar(elem)) return;
    if (elem.k === 'record') {
        for (const p of elem.decl.getProperties()) {
            const t = f.m.resolveType(p.getTypeNode(), p);
            if (!scalar(t)) throw f.fail(at, `a table's records hold integers, booleans, enums and strings: '${p.getName()}' is ${describe(t)}`);
        }
        return;
    }
    throw f.fail(at, `a table holds integers, booleans, enums, strings or records of those, not ${describe(elem)}`);
}

function row(f: FunctionContext, e: Expression, elem: CType): C.Expr | C.Initializer {
    if (elem.k === 'record') {
        if (!Node.isObjectLiteralExpression(e)) throw f.fail(e, `a row of a table of ${elem.decl.getName()} is an object literal: { field: value, ... }`);
        const items: C.Initializer['items'] = [];
        for (const p of e.getProperties()) {
            if (!Node.isPropertyAssignment(p)) throw f.fail(p, 'write each field as `name: value`');
            const field = elem.decl.getProperty(p.getName());
            if (!field) throw f.fail(p, `'${p.getName()}' is not a field of ${elem.decl.getName()}`);
            const t = f.m.resolveType(field.getTypeNode(), field);
            items.push({ field: snakeCase(p.getName()), value: scalar(f, p.getInitializerOrThrow(), t) });
        }
        return { k: 'init', items };
    }
    return scalar(f, e, elem);
}

/** A constant row value; a string takes its type's form for static data (`@static`). */
function scalar(f: FunctionContext, e: Expression, t: CType): C.Expr {
    if (!isConstantExpression(e)) throw f.fail(e, 'a table holds constants (literals, characters, enum members and other constants)');
    const expected = t.k === 'string' && t.staticLiteral ? { ...t, literal: t.staticLiteral } : t;
    const v = f.expression(e, expected);
    checkAssignable(f, e, v, t);
    return v.e;
}
