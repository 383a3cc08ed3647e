// Lowering statements: blocks, control flow, local declarations, returns (a one-shot closure frees
// itself before each), each carrying the comments written around it in the source.
import { Block, Expression, IfStatement, Node, Statement, SwitchStatement, SyntaxKind, VariableDeclaration } from 'ts-morph';
import * as C from '../c/ast.js';
import { lineOf } from '../lines.js';
import { instantiate } from '../bindings/templates.js';
import { snakeCase } from '../names.js';
import { CType, describe, isInteger } from '../types/ctypes.js';
import { cTypeName, joinTypeAndName, localDeclarator } from '../types/spelling.js';
import { checkAssignable } from './assignability.js';
import { closingComments, leadingComments, trailingComment } from './comments.js';
import { FunctionContext, Reported } from './context.js';
import { checkLocalName } from './identifiers.js';

/** The C statements of one source statement; none when it had an error (reported, lowering goes on). */
export function lowerStatement(f: FunctionContext, s: Statement): C.Stmt[] {
    let out: C.Stmt[];
    try {
        out = statement(f, s);
    } catch (e) {
        if (!(e instanceof Reported)) throw e;
        // Its error is reported: what it declared is not reported again wherever it is used.
        if (Node.isVariableStatement(s)) for (const d of s.getDeclarations()) f.scope.failed.add(d);
        return [];
    }
    const comments = leadingComments(s);
    const trailing = trailingComment(s);
    if (out.length === 0) return comments.length > 0 ? [{ k: 'comment', comments }] : [];
    if (comments.length > 0) out[0] = { ...out[0]!, comments: [...(out[0]!.comments ?? []), ...comments] };
    if (trailing && !Node.isBlock(s) && !endsWithInnerStatement(s)) out[out.length - 1] = { ...out[out.length - 1]!, trailing };
    return out;
}

/** A loop or branch whose last part is a statement of its own: that one carries the comment after it. */
function endsWithInnerStatement(s: Statement): boolean {
    const last = Node.isIfStatement(s) ? s.getElseStatement() ?? s.getThenStatement()
        : Node.isWhileStatement(s) || Node.isForStatement(s) ? s.getStatement()
        : undefined;
    return !!last && last.getEnd() === s.getEnd();
}

/** The statements of a block, and the comments that close it. */
export function lowerStatements(f: FunctionContext, statements: Statement[], closing?: Node): C.Stmt[] {
    const out = statements.flatMap(s => lowerStatement(f, s));
    const end = closing ? closingComments(closing) : [];
    if (end.length > 0) out.push({ k: 'comment', comments: end });
    return out;
}

function statement(f: FunctionContext, s: Statement): C.Stmt[] {
    const line = lineOf(s);
    switch (s.getKind()) {
        case SyntaxKind.Block:
            return [{ k: 'block', body: lowerStatements(f, (s as Block).getStatements(), s), line }];
        case SyntaxKind.ExpressionStatement: {
            const e = s.asKindOrThrow(SyntaxKind.ExpressionStatement).getExpression();
            return [{ k: 'expr', e: f.expression(e).e, line }];
        }
        case SyntaxKind.VariableStatement:
            return s.asKindOrThrow(SyntaxKind.VariableStatement).getDeclarations().map(d => declaration(f, d));
        case SyntaxKind.ReturnStatement: {
            const e = s.asKindOrThrow(SyntaxKind.ReturnStatement).getExpression();
            if (!e) return returnNothing(f, line);
            const v = f.expression(e, f.scope.returnType);
            checkAssignable(f, e, v, f.scope.returnType);
            return returnValue(f, v.t.k === 'kstruct' && v.place === 'value' ? C.addressOf(v.e) : v.e, line);
        }
        case SyntaxKind.IfStatement: return [ifStatement(f, s.asKindOrThrow(SyntaxKind.IfStatement), false)];
        case SyntaxKind.WhileStatement: {
            const ws = s.asKindOrThrow(SyntaxKind.WhileStatement);
            return [{ k: 'while', test: f.passes.condition(f, ws.getExpression()), body: body(f, ws.getStatement()), line }];
        }
        case SyntaxKind.DoStatement: {
            const ds = s.asKindOrThrow(SyntaxKind.DoStatement);
            const inner = body(f, ds.getStatement());
            return [{ k: 'do', body: inner.k === 'block' ? inner : { k: 'block', body: [inner] }, test: f.passes.condition(f, ds.getExpression()), line }];
        }
        case SyntaxKind.ForStatement: return [forStatement(f, s.asKindOrThrow(SyntaxKind.ForStatement))];
        case SyntaxKind.BreakStatement: return [{ k: 'break', line }];
        case SyntaxKind.ContinueStatement: return [{ k: 'continue', line }];
        case SyntaxKind.SwitchStatement: return [switchStatement(f, s.asKindOrThrow(SyntaxKind.SwitchStatement))];
        case SyntaxKind.EmptyStatement: return [];
        case SyntaxKind.FunctionDeclaration:
            throw f.fail(s, 'nested functions are not in the dialect: declare functions at module level, or use a closure');
    }
    throw f.fail(s, `this statement (${s.getKindName()}) is not in the dialect`);
}

/** A loop's or branch's body: a block, or one statement (a block when it lowers to several). */
function body(f: FunctionContext, s: Statement): C.Stmt {
    if (Node.isBlock(s)) return { k: 'block', body: lowerStatements(f, s.getStatements(), s), line: lineOf(s) };
    const lowered = lowerStatement(f, s);
    if (lowered.length === 1 && lowered[0]!.k !== 'comment') return lowered[0]!;
    return { k: 'block', body: lowered };
}

function ifStatement(f: FunctionContext, s: IfStatement, isElseIf: boolean): C.Stmt {
    const line = lineOf(s);
    const test = f.passes.condition(f, s.getExpression());
    const thenStmt = s.getThenStatement();
    const elseStmt = s.getElseStatement();
    const braced = Node.isBlock(thenStmt) && (!elseStmt || Node.isBlock(elseStmt) || Node.isIfStatement(elseStmt));
    if (!braced && isElseIf) throw f.fail(s, "write braces on every branch of an 'else if' chain");
    let elseC: C.Stmt | undefined;
    if (elseStmt && braced && Node.isIfStatement(elseStmt)) {
        elseC = { ...ifStatement(f, elseStmt, true), comments: leadingComments(elseStmt) };
    } else if (elseStmt) {
        elseC = body(f, elseStmt);
    }
    return { k: 'if', test, then: body(f, thenStmt), else: elseC, line };
}

function forStatement(f: FunctionContext, s: import('ts-morph').ForStatement): C.Stmt {
    const init = s.getInitializer();
    let initC: C.Stmt | undefined;
    if (init && Node.isVariableDeclarationList(init)) {
        const decls = init.getDeclarations();
        if (decls.length !== 1) throw f.fail(init, 'declare one loop variable');
        initC = declaration(f, decls[0]!);
    } else if (init) {
        initC = { k: 'expr', e: f.expression(init as Expression).e };
    }
    const test = s.getCondition() ? f.passes.condition(f, s.getCondition()!) : undefined;
    const step = s.getIncrementor() ? f.expression(s.getIncrementor()!).e : undefined;
    return { k: 'for', init: initC, test, step, body: body(f, s.getStatement()), line: lineOf(s) };
}

function switchStatement(f: FunctionContext, s: SwitchStatement): C.Stmt {
    const subject = f.expression(s.getExpression());
    if (!isInteger(subject.t)) throw f.fail(s.getExpression(), `switch needs an integer or enum, not ${describe(subject.t)}`);
    const items: C.Stmt[] = [];
    for (const clause of s.getClauses()) {
        const comments = leadingComments(clause);
        const label = Node.isCaseClause(clause) ? f.expression(clause.getExpression(), subject.t).e : undefined;
        items.push({ k: 'case', label, line: lineOf(clause), comments });
        for (const inner of clause.getStatements()) {
            if (Node.isBlock(inner)) items.push({ k: 'block', body: lowerStatements(f, inner.getStatements(), inner), line: lineOf(inner) });
            else items.push(...lowerStatement(f, inner));
        }
    }
    return { k: 'switch', subject: subject.e, body: items, line: lineOf(s) };
}

function returnNothing(f: FunctionContext, line: number): C.Stmt[] {
    const finish = f.scope.form?.finish;
    if (finish) return [{ k: 'expr', e: instantiate(finish, new Map(), new Map()), line }, { k: 'return' }];
    return [{ k: 'return', line }];
}

/** `return v;`, or in a closure that frees itself: keep the result, finish, return it. */
export function returnValue(f: FunctionContext, value: C.Expr, line: number | undefined): C.Stmt[] {
    const finish = f.scope.form?.finish;
    if (!finish) return [{ k: 'return', value, line }];
    return [
        { k: 'decl', declarator: localDeclarator(f.scope.returnType, 'result', f.types), init: value, line },
        { k: 'expr', e: instantiate(finish, new Map(), new Map()) },
        { k: 'return', value: C.name('result') },
    ];
}

/** `T name = value` for a local, registering it in the scope. */
function declaration(f: FunctionContext, d: VariableDeclaration): C.Stmt {
    const line = lineOf(d);
    const name = snakeCase(d.getName());
    const typeNode = d.getTypeNode();
    const init = d.getInitializer();
    let type: CType | undefined = typeNode ? f.resolveType(typeNode, d) : undefined;
    let value: import('./context.js').Value | undefined;
    if (init) {
        if (type?.k === 'fnptr') throw f.fail(d, 'function pointers are fields of kernel structs, not local variables');
        value = f.expression(init, type);
        if (type) checkAssignable(f, init, value, type);
        type ??= value.t;
    }
    if (!type) throw f.fail(d, `'${d.getName()}' needs a type or an initial value`);
    if (type.k === 'literal-int') throw f.fail(d, `give '${d.getName()}' an integer type (e.g. 'const ${d.getName()}: u32 = ...')`);
    if (type.k === 'null' || type.k === 'never' || type.k === 'void' || type.k === 'format') {
        throw f.fail(d, `'${d.getName()}' needs a declared type`);
    }
    if (type.k === 'table') throw f.fail(d, `a table is a module constant: '${d.getName()}' cannot hold one`);
    if (type.k === 'record' && value?.place === 'value') {
        throw f.fail(d, `a row of a table is read where it is: write ${init!.getText()}.field`);
    }
    checkLocalName(f, d, name, type);
    if (type.k === 'kstruct' && value) {
        // `const t: Timer = conn.timer` names the struct where it is: a pointer to it.
        f.scope.locals.set(d, { decl: d, cName: name, type, place: 'pointer' });
        return { k: 'decl', declarator: joinTypeAndName(cTypeName(type), name), init: value.place === 'value' ? C.addressOf(value.e) : value.e, line };
    }
    f.scope.locals.set(d, { decl: d, cName: name, type });
    const declarator = localDeclarator(type, name, f.types);
    if (value) return { k: 'decl', declarator, init: value.e, line };
    if (type.k === 'kstruct' || type.k === 'fixed') return { k: 'decl', declarator, init: { k: 'init', items: [] }, line };
    return { k: 'decl', declarator, line };
}
