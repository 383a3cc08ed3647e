// Names in expressions: parameters and locals, what a closure captured, the module's state,
// constants and tables, and the constants bindings declare.
import { Identifier, Node, VariableDeclaration } from 'ts-morph';
import * as C from '../c/ast.js';
import { declarationOf } from '../bindings/resolve.js';
import { isBinding, tagsOf } from '../bindings/tags.js';
import { instantiate } from '../bindings/templates.js';
import { constantName, isReservedInC } from '../names.js';
import { isInFunction } from './constants.js';
import { tableName, tableType } from './tables.js';
import { CType } from '../types/ctypes.js';
import { cTypeName } from '../types/spelling.js';
import { FunctionContext, Reported, Value } from './context.js';
import { FunctionScope } from './scope.js';

export function lowerIdentifier(f: FunctionContext, id: Identifier): Value {
    const decl = declarationOf(id);
    if (!decl) throw f.fail(id, `cannot find '${id.getText()}'`);
    if (Node.isParameterDeclaration(decl) || (Node.isVariableDeclaration(decl) && isInFunction(decl))) {
        return local(f, id, decl);
    }
    if (Node.isVariableDeclaration(decl)) return moduleVariable(f, id, decl);
    if (Node.isFunctionDeclaration(decl)) {
        throw f.fail(id, `the function '${id.getText()}' is not a value here: pass a closure (closure(), embedded(), ...) or assign it to a function pointer field`);
    }
    throw f.fail(id, `'${id.getText()}' is not a value`);
}

function local(f: FunctionContext, id: Identifier, decl: Node): Value {
    const scope = f.scope;
    const own = scope.locals.get(decl);
    if (own) {
        if (Node.isParameterDeclaration(decl)) scope.usedParams.add(decl);
        const place = own.type.k === 'kstruct' ? (Node.isParameterDeclaration(decl) ? 'pointer' : own.place ?? 'value') : undefined;
        return { e: C.name(own.cName), t: own.type, place };
    }
    const captured = scope.captures.get(decl);
    if (captured && scope.form?.bound) {
        const e = instantiate(scope.form.bound, new Map(), new Map([['name', captured.cName]]));
        return { e, t: captured.type, place: captured.type.k === 'kstruct' ? 'pointer' : undefined };
    }
    for (let s: FunctionScope | undefined = scope; s; s = s.parent) if (s.failed.has(decl)) throw new Reported();
    throw f.fail(id, `'${id.getText()}' is used before it is declared`);
}

function moduleVariable(f: FunctionContext, id: Identifier, decl: VariableDeclaration): Value {
    const m = f.m;
    if (isBinding(decl)) {
        const c = tagsOf(decl).get('c');
        if (!c) throw f.fail(id, `binding '${decl.getName()}' has no @c tag`);
        m.useBinding(decl);
        const t = f.resolveType(decl.getTypeNode(), decl);
        return { e: C.name(c), t, place: t.k === 'kstruct' ? 'pointer' : undefined };
    }
    const field = m.stateFields.get(decl);
    if (field) {
        const place = C.member(C.name(m.info.stateName), field.name, false);
        if (field.embedded) {
            const form = field.embedded.form;
            const values = new Map([['field', [place]], ['type', [C.name(field.embedded.closureType)]], ['fn', [C.name(field.name)]]]);
            return { e: instantiate(form.create, values, new Map()), t: field.type };
        }
        return { e: place, t: field.type, place: field.type.k === 'kstruct' ? 'value' : undefined };
    }
    const table = tableType(f.m, decl);
    if (table) {
        m.useModule(decl.getSourceFile());
        return { e: C.name(tableName(decl.getName())), t: table };
    }
    // A module constant (of this module or imported from a sibling).
    m.useModule(decl.getSourceFile());
    const t = decl.getTypeNode() ? f.resolveType(decl.getTypeNode(), decl) : f.expression(decl.getInitializerOrThrow()).t;
    return { e: C.name(constantName(decl.getName())), t };
}

/** The declared type of a variable or parameter (closure parameters take the closure type's). */
export function typeOfDeclaration(f: FunctionContext, decl: Node, at: Node): CType {
    for (let s: FunctionScope | undefined = f.scope; s; s = s.parent) {
        const local = s.locals.get(decl) ?? s.captures.get(decl);
        if (local) return local.type;
    }
    if (Node.isVariableDeclaration(decl) || Node.isParameterDeclaration(decl)) return f.resolveType(decl.getTypeNode(), at);
    throw f.fail(at, `cannot tell the type of '${at.getText()}'`);
}

/** A local named like a C keyword, a closure macro or its own C type would not compile. */
export function checkLocalName(f: FunctionContext, at: Node, cName: string, type: CType): void {
    if (isReservedInC(cName)) throw f.fail(at, `'${cName}' is a C keyword: give the variable another name`);
    if (f.types.prelude.macroNames.has(cName)) {
        throw f.fail(at, `'${cName}' is the name of a kernel macro closures use: give the variable another name`);
    }
    if (type.k !== 'fixed' && type.k !== 'fnptr' && type.k !== 'format' && type.k !== 'never' && type.k !== 'null' &&
        type.k !== 'literal-int' && type.k !== 'table' && cTypeName(type) === cName) {
        throw f.fail(at, `'${cName}' is also the name of its C type: give the variable another name`);
    }
}
