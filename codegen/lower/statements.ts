// Lowering one function body (a top-level function or a closure) to C: statements, names and the
// closures it creates. Expressions are in expressions.ts, calls in calls.ts.
import {
    ArrowFunction, Block, CallExpression, EnumDeclaration, Expression, FunctionDeclaration, Identifier,
    Node, ParameterDeclaration, SourceFile, Statement, SyntaxKind, TypeNode, VariableDeclaration,
} from 'ts-morph';
import { lowerCall, closureParamList } from './calls.js';
import { Capture, closureFunctionHead, findCaptures } from './closures.js';
import { CType, TypeError_, cTypeName, declarationOf, declare, describe, isInteger, isPointer } from './ctypes.js';
import { ModuleContext, Reported } from './context.js';
import { CWriter } from './cwriter.js';
import { arithmeticType, CExpr, lowerExpression } from './expressions.js';
import { isReservedInC, snakeCase, upperSnakeCase } from './names.js';
import { ClosureForm, FunctionScope } from './scope.js';
import { isBinding, tagsOf } from './tags.js';

export class Lowerer {
    constructor(
        readonly m: ModuleContext,
        private scope: FunctionScope,
        private w: CWriter,
        /** Definitions (closures) that must come before the top-level function being lowered. */
        readonly hoisted: string[],
        /** The C name prefix for closures created here (the top-level function's name). */
        private readonly prefix: string,
    ) {}

    get types() { return this.m.types; }

    fail(node: Node, message: string): Reported {
        this.m.error(node, message);
        return new Reported();
    }

    resolveType(node: TypeNode | undefined, at: Node): CType {
        try {
            const t = this.types.fromTypeNode(node, at);
            if (node) this.useTypeBindings(node);
            const opaque = t.k === 'opaque' ? /^struct (\w+) \*$/.exec(t.c) : null;
            if (opaque) this.m.opaqueStructs.add(opaque[1]!);
            return t;
        } catch (e) {
            if (e instanceof TypeError_) throw this.fail(e.node, e.message);
            throw e;
        }
    }

    resolveEnum(decl: EnumDeclaration, at: Node): CType {
        try {
            return this.types.fromEnum(decl, at);
        } catch (e) {
            if (e instanceof TypeError_) throw this.fail(e.node, e.message);
            throw e;
        }
    }

    arithmetic(a: CType, b: CType, at: Node): CType {
        return arithmeticType(this, a, b, at);
    }

    useBinding(decl: Node): void {
        const include = tagsOf(decl).get('include') ?? this.includeOfDeclarationFile(decl);
        this.m.useBinding(decl, include);
    }

    /** Kernel types used in a declaration need their header too (e.g. a record with a console_driver field). */
    private useTypeBindings(node: TypeNode): void {
        for (const ref of [node, ...node.getDescendants()]) {
            if (!Node.isTypeReference(ref)) continue;
            const decl = declarationOf(ref.getTypeName());
            if (decl && isBinding(decl) && !tagsOf(decl).has('intrinsic')) this.useBinding(decl);
            else if (decl) this.useModule(decl.getSourceFile());
        }
    }

    private readonly headersExamined = new Set<SourceFile>();

    /**
     * Includes another module's header, and first the kernel headers its exported declarations
     * need: a generated header includes nothing itself (the Nanos headers have no include guards,
     * so only the .c file may include them).
     */
    useModule(file: SourceFile): void {
        this.m.useModule(file);
        if (file === this.m.info.file || file.isDeclarationFile() || this.headersExamined.has(file)) return;
        this.headersExamined.add(file);
        const typeNodes: (TypeNode | undefined)[] = [];
        for (const f of file.getFunctions()) {
            if (!f.isExported()) continue;
            typeNodes.push(f.getReturnTypeNode(), ...f.getParameters().map(p => p.getTypeNode()));
        }
        for (const i of file.getInterfaces()) {
            if (i.isExported()) typeNodes.push(...i.getProperties().map(p => p.getTypeNode()));
        }
        for (const n of typeNodes) if (n) this.useTypeBindings(n);
    }

    /** A binding without its own @include takes the include of the first declaration in its file that has one. */
    private includeOfDeclarationFile(decl: Node): string | undefined {
        for (const s of decl.getSourceFile().getStatements()) {
            const inc = tagsOf(s).get('include');
            if (inc) return inc;
        }
        return undefined;
    }

    functionName(decl: FunctionDeclaration): string {
        return tagsOf(decl).get('c') ?? snakeCase(decl.getNameOrThrow());
    }

    noteFunctionUse(decl: FunctionDeclaration, at: Node): void {
        if (decl.getSourceFile() !== this.m.info.file) {
            this.useModule(decl.getSourceFile());
            return;
        }
        if (!this.m.definedFunctions.has(decl)) this.m.forwardRefs.add(decl);
        void at;
    }

    /** The declared type of a variable or parameter (closure parameters take the closure type's). */
    typeOfDeclaration(decl: Node, at: Node): CType {
        for (let s: FunctionScope | undefined = this.scope; s; s = s.parent) {
            const local = s.locals.get(decl) ?? s.captures.get(decl);
            if (local) return local.type;
        }
        if (Node.isVariableDeclaration(decl) || Node.isParameterDeclaration(decl)) {
            return this.resolveType(decl.getTypeNode(), at);
        }
        throw this.fail(at, `cannot tell the type of '${at.getText()}'`);
    }

    /** A local named like its C type (`session session`) would hide the type from the rest of the function. */
    checkLocalName(at: Node, cName: string, type: CType): void {
        if (isReservedInC(cName)) throw this.fail(at, `'${cName}' is a C keyword: give the variable another name`);
        if (type.k !== 'fixed' && type.k !== 'fnptr' && type.k !== 'format' && type.k !== 'never' && type.k !== 'null' &&
            type.k !== 'literal-int' && cTypeName(type) === cName) {
            throw this.fail(at, `'${cName}' is also the name of its C type: give the variable another name`);
        }
    }

    // ---- names ----

    lowerName(id: Identifier): CExpr {
        const decl = declarationOf(id);
        if (!decl) throw this.fail(id, `cannot find '${id.getText()}'`);
        if (Node.isParameterDeclaration(decl) || (Node.isVariableDeclaration(decl) && decl.getFirstAncestor(n => Node.isFunctionDeclaration(n) || Node.isArrowFunction(n)))) {
            return this.lowerLocal(id, decl);
        }
        if (Node.isVariableDeclaration(decl)) return this.lowerModuleVariable(id, decl);
        if (Node.isFunctionDeclaration(decl)) {
            throw this.fail(id, `the function '${id.getText()}' is not a value here: pass a closure (closure(), embedded(), ...) or assign it to a function pointer field`);
        }
        throw this.fail(id, `'${id.getText()}' is not a value`);
    }

    private lowerLocal(id: Identifier, decl: Node): CExpr {
        const local = this.scope.locals.get(decl);
        if (local) {
            if (Node.isParameterDeclaration(decl)) this.scope.usedParams.add(decl);
            const place = local.type.k === 'kstruct' ? (Node.isParameterDeclaration(decl) ? 'pointer' : local.place ?? 'value') : undefined;
            return { c: local.cName, t: local.type, place };
        }
        const captured = this.scope.captures.get(decl);
        if (captured) return { c: `bound(${captured.cName})`, t: captured.type, place: captured.type.k === 'kstruct' ? 'pointer' : undefined };
        throw this.fail(id, `'${id.getText()}' is used before it is declared`);
    }

    private lowerModuleVariable(id: Identifier, decl: VariableDeclaration): CExpr {
        if (isBinding(decl)) {
            const c = tagsOf(decl).get('c');
            if (!c) throw this.fail(id, `binding '${decl.getName()}' has no @c tag`);
            this.useBinding(decl);
            const t = decl.getTypeNode()?.getText() === 'never' ? { k: 'never' } as CType : this.resolveType(decl.getTypeNode(), decl);
            return { c, t, place: t.k === 'kstruct' ? 'pointer' : undefined };
        }
        const field = this.m.stateFields.get(decl);
        if (field) {
            if (field.embedded) {
                return { c: `init_closure_func(&${this.m.info.stateName}.${field.name}, ${field.embedded.closureType}, ${field.embedded.fn})`, t: field.type };
            }
            return { c: `${this.m.info.stateName}.${field.name}`, t: field.type, place: field.type.k === 'kstruct' ? 'value' : undefined };
        }
        // A module constant (of this module or imported from a sibling).
        this.useModule(decl.getSourceFile());
        const t = decl.getTypeNode() ? this.resolveType(decl.getTypeNode(), decl) : lowerExpression(this, decl.getInitializerOrThrow()).t;
        return { c: constantName(decl), t };
    }

    lowerAssignable(e: Expression): CExpr {
        if (!(Node.isIdentifier(e) || Node.isPropertyAccessExpression(e) || Node.isElementAccessExpression(e) || Node.isParenthesizedExpression(e))) {
            throw this.fail(e, 'this cannot be assigned to');
        }
        if (Node.isIdentifier(e)) {
            const decl = declarationOf(e);
            if (decl && Node.isVariableDeclaration(decl) && !this.m.stateFields.has(decl) &&
                !decl.getFirstAncestor(n => Node.isFunctionDeclaration(n) || Node.isArrowFunction(n))) {
                throw this.fail(e, `'${e.getText()}' is a constant`);
            }
        }
        return lowerExpression(this, e);
    }

    /** A condition: C's truth of integers, booleans and pointers. */
    lowerCondition(e: Expression): string {
        const v = lowerExpression(this, e);
        if (v.t.k === 'string' || v.t.k === 'fixed' || (v.t.k === 'kstruct' && v.place === 'value')) {
            throw this.fail(e, `${describe(v.t)} is not a condition`);
        }
        return v.c;
    }

    /** A value of type `v.t` may go where `target` is expected: checked here so C gets no surprise. */
    checkAssignable(at: Node, v: CExpr, target: CType): void {
        const t = v.t;
        if (t.k === 'never') return;
        if (t.k === 'null') {
            if (!isPointer(target) || !('nullable' in target) || !target.nullable) {
                throw this.fail(at, `null is only for pointer types declared 'T | null', not ${describe(target)}`);
            }
            return;
        }
        if (isInteger(target) && (isInteger(t) || t.k === 'bool')) return;
        if (target.k === 'bool' && (t.k === 'bool' || isInteger(t))) return;
        if (target.k === 'format' || target.k === 'fnptr') return;
        // A `void *` binding (@anyptr) takes any pointer, as C converts to void * implicitly.
        if (target.k === 'opaque' && target.anyPointer && isPointer(t)) return;
        if (t.k !== target.k) throw this.fail(at, `${describe(t)} cannot be used as ${describe(target)}`);
    }

    lowerFunctionPointer(e: Expression, target: Extract<CType, { k: 'fnptr' }>): string {
        if (Node.isNullLiteral(e)) return '0';
        const decl = Node.isIdentifier(e) ? declarationOf(e) : undefined;
        if (decl && Node.isFunctionDeclaration(decl) && !isBinding(decl)) {
            this.noteFunctionUse(decl, e);
            const want = target.sig.getParameters().map(p => cTypeName(this.resolveType(p.getTypeNode(), p)));
            const have = decl.getParameters().map(p => cTypeName(this.resolveType(p.getTypeNode(), p)));
            if (want.join(',') !== have.join(',')) {
                throw this.fail(e, `'${e.getText()}' takes (${have.join(', ')}) but ${target.name} takes (${want.join(', ')})`);
            }
            return this.functionName(decl);
        }
        const v = lowerExpression(this, e);
        if (v.t.k !== 'fnptr') throw this.fail(e, `a function pointer (${target.name}) needs a function name`);
        return v.c;
    }

    lowerCall(call: CallExpression, expected?: CType): CExpr {
        return lowerCall(this, call, expected);
    }

    // ---- intrinsics ----

    lowerIntrinsic(kind: string, call: CallExpression, expected?: CType): CExpr {
        const args = call.getArguments() as Expression[];
        switch (kind) {
            case 'closure': case 'oneShot': case 'stackClosure': {
                const arrow = args[args.length - 1];
                if (!arrow || !Node.isArrowFunction(arrow)) throw this.fail(call, `${kind}() takes an arrow function`);
                const type = this.closureTypeOf(call, expected);
                if (kind === 'stackClosure') {
                    const { name, captures } = this.defineClosure(arrow, type, kind, call);
                    return { c: `stack_closure(${[name, ...captures.map(c => this.captureValue(c))].join(', ')})`, t: type };
                }
                const heap = lowerExpression(this, args[0]!);
                if (heap.t.k !== 'opaque') throw this.fail(args[0]!, `${kind}() needs a heap as its first argument`);
                const { name, captures } = this.defineClosure(arrow, type, kind, call);
                return { c: `closure(${[heap.c, name, ...captures.map(c => this.captureValue(c))].join(', ')})`, t: type };
            }
            case 'embedded':
                throw this.fail(call, 'embedded() closures live in the module state: declare them as a module-level const');
            case 'sizeof': {
                const typeArg = call.getTypeArguments()[0];
                if (!typeArg) throw this.fail(call, 'write the type: sizeOf<T>()');
                const t = this.resolveType(typeArg, call);
                if (t.k === 'record' || t.k === 'kstruct') return { c: `sizeof(${t.struct})`, t: this.types.intOf(false, 64, call) };
                return { c: `sizeof(${cTypeName(t)})`, t: this.types.intOf(false, 64, call) };
            }
            case 'addressOf': {
                const v = lowerExpression(this, args[0]!);
                if (v.t.k !== 'kstruct' || v.place !== 'value') throw this.fail(call, 'addressOf() takes a struct stored by value');
                return { c: `&${v.c}`, t: v.t, place: 'pointer' };
            }
        }
        throw this.fail(call, `unknown intrinsic '${kind}'`);
    }

    private closureTypeOf(call: CallExpression, expected?: CType): Extract<CType, { k: 'closure' }> {
        const explicit = call.getTypeArguments()[0];
        const t = explicit ? this.resolveType(explicit, call) : expected;
        if (!t || t.k !== 'closure') {
            throw this.fail(call, 'cannot tell which closure type this is: give the variable a closure type, or write closure<Type>(...)');
        }
        return t;
    }

    private captureValue(c: Capture): string {
        return this.lowerName(c.use).c;
    }

    /** Writes the closure's definition (hoisted before the enclosing function) and returns its name. */
    private defineClosure(arrow: ArrowFunction, type: Extract<CType, { k: 'closure' }>, form: ClosureForm, call: CallExpression): { name: string; captures: Capture[] } {
        const captures = findCaptures(this, arrow, form);
        const hint = closureNameHint(call);
        const name = this.m.uniqueName(`${this.prefix}_${hint}`);
        const returnType = this.resolveType(type.sig.getReturnTypeNode(), type.sig);
        const scope = new FunctionScope(arrow, returnType, this.scope, form);
        for (const c of captures) scope.captures.set(c.decl, { decl: c.decl, cName: c.name, type: c.type });
        const sigParams = type.sig.getParameters();
        const params = arrow.getParameters();
        if (params.length > sigParams.length) throw this.fail(arrow, `${type.name} takes ${sigParams.length} parameters`);
        // Parameters the arrow leaves out still exist in C, under the closure type's names.
        sigParams.forEach((sp, i) => {
            const p = params[i];
            const t = this.resolveType(sp.getTypeNode(), sp);
            if (p) {
                this.checkLocalName(p, snakeCase(p.getName()), t);
                scope.locals.set(p, { decl: p, cName: snakeCase(p.getName()), type: t });
            }
        });
        const cParams = closureParamList(this, sigParams).map((text, i) => {
            const p = params[i];
            return p ? text.replace(/\S+$/, snakeCase(p.getName())) : text;
        });
        const w = new CWriter(this.m.info.sourcePath);
        const head = closureFunctionHead(cTypeName(returnType), name, captures, cParams);
        w.line(head[0]!, arrow.getStartLineNumber());
        for (const h of head.slice(1)) w.line(h);
        const body = new Lowerer(this.m, scope, new CWriter(this.m.info.sourcePath), this.hoisted, this.prefix);
        const bodyText = body.lowerBody(arrow.getBody(), params, form === 'oneShot');
        w.raw('{');
        w.raw(bodyText.replace(/\n$/, ''));
        w.raw('}');
        this.hoisted.push(w.text());
        return { name, captures };
    }

    // ---- statements ----

    /**
     * Lowers a function body into C text (indented one level), with `(void)p;` for parameters the body
     * never reads (-Wextra would warn), and closure_finish() on every exit of a one-shot closure.
     */
    lowerBody(body: Node, params: ParameterDeclaration[], oneShot: boolean): string {
        this.w.indent();
        if (Node.isBlock(body)) {
            for (const s of body.getStatements()) this.statement(s);
            if (oneShot && !endsInReturn(body)) this.w.line('closure_finish();');
        } else {
            // An expression body: `(x) => f(x)`.
            const v = lowerExpression(this, body as Expression, this.scope.returnType);
            if (this.scope.returnType.k === 'void') {
                this.w.line(`${v.c};`, body.getStartLineNumber());
                if (oneShot) this.w.line('closure_finish();');
            } else {
                this.returnValue(v.c, body);
            }
        }
        this.w.dedent();
        const unused = params.filter(p => !this.scope.usedParams.has(p));
        const voids = unused.map(p => `    (void)${snakeCase(p.getName())};\n`).join('');
        return voids + this.w.text();
    }

    private returnValue(c: string, at: Node): void {
        if (this.scope.form === 'oneShot') {
            this.w.line(`${declare(this.scope.returnType, 'result')} = ${c};`, at.getStartLineNumber());
            this.w.line('closure_finish();');
            this.w.line('return result;');
        } else {
            this.w.line(`return ${c};`, at.getStartLineNumber());
        }
    }

    statement(s: Statement): void {
        try {
            this.statementUnchecked(s);
        } catch (e) {
            if (e instanceof Reported) return; // reported; go on to find more errors
            throw e;
        }
    }

    private statementUnchecked(s: Statement): void {
        const line = s.getStartLineNumber();
        switch (s.getKind()) {
            case SyntaxKind.Block:
                this.w.line('{', line);
                this.w.indent();
                for (const inner of (s as Block).getStatements()) this.statement(inner);
                this.w.dedent();
                this.w.line('}');
                return;
            case SyntaxKind.ExpressionStatement: {
                const e = s.asKindOrThrow(SyntaxKind.ExpressionStatement).getExpression();
                this.w.line(`${lowerExpression(this, e).c};`, line);
                return;
            }
            case SyntaxKind.VariableStatement:
                for (const d of s.asKindOrThrow(SyntaxKind.VariableStatement).getDeclarations()) this.variable(d);
                return;
            case SyntaxKind.ReturnStatement: {
                const e = s.asKindOrThrow(SyntaxKind.ReturnStatement).getExpression();
                if (!e) {
                    if (this.scope.form === 'oneShot') this.w.line('closure_finish();', line);
                    this.w.line('return;', this.scope.form === 'oneShot' ? undefined : line);
                    return;
                }
                const v = lowerExpression(this, e, this.scope.returnType);
                this.checkAssignable(e, v, this.scope.returnType);
                this.returnValue(v.t.k === 'kstruct' && v.place === 'value' ? `&${v.c}` : v.c, s);
                return;
            }
            case SyntaxKind.IfStatement: return this.ifStatement(s.asKindOrThrow(SyntaxKind.IfStatement), false);
            case SyntaxKind.WhileStatement: {
                const ws = s.asKindOrThrow(SyntaxKind.WhileStatement);
                this.body(`while (${this.lowerCondition(ws.getExpression())})`, ws.getStatement(), line);
                return;
            }
            case SyntaxKind.DoStatement: {
                const ds = s.asKindOrThrow(SyntaxKind.DoStatement);
                const bodyStmt = ds.getStatement();
                this.w.line('do {', line);
                this.w.indent();
                for (const inner of Node.isBlock(bodyStmt) ? bodyStmt.getStatements() : [bodyStmt]) this.statement(inner);
                this.w.dedent();
                this.w.line(`} while (${this.lowerCondition(ds.getExpression())});`);
                return;
            }
            case SyntaxKind.ForStatement: return this.forStatement(s.asKindOrThrow(SyntaxKind.ForStatement));
            case SyntaxKind.BreakStatement: this.w.line('break;', line); return;
            case SyntaxKind.ContinueStatement: this.w.line('continue;', line); return;
            case SyntaxKind.SwitchStatement: return this.switchStatement(s.asKindOrThrow(SyntaxKind.SwitchStatement));
            case SyntaxKind.EmptyStatement: return;
            case SyntaxKind.FunctionDeclaration:
                throw this.fail(s, 'nested functions are not in the dialect: declare functions at module level, or use a closure');
        }
        throw this.fail(s, `this statement (${s.getKindName()}) is not in the dialect`);
    }

    private body(head: string, stmt: Statement, line: number): void {
        if (Node.isBlock(stmt)) {
            this.w.line(`${head} {`, line);
            this.w.indent();
            for (const inner of stmt.getStatements()) this.statement(inner);
            this.w.dedent();
            this.w.line('}');
        } else if (this.scope.form === 'oneShot' && Node.isReturnStatement(stmt)) {
            // A one-shot closure's return is several C statements.
            this.w.line(`${head} {`, line);
            this.w.indent();
            this.statement(stmt);
            this.w.dedent();
            this.w.line('}');
        } else {
            this.w.line(head, line);
            this.w.indent();
            this.statement(stmt);
            this.w.dedent();
        }
    }

    private ifStatement(s: import('ts-morph').IfStatement, isElseIf: boolean): void {
        const line = s.getStartLineNumber();
        const head = `${isElseIf ? '} else ' : ''}if (${this.lowerCondition(s.getExpression())})`;
        const thenStmt = s.getThenStatement();
        const elseStmt = s.getElseStatement();
        if (!Node.isBlock(thenStmt) || (elseStmt && !Node.isBlock(elseStmt) && !Node.isIfStatement(elseStmt))) {
            if (isElseIf) throw this.fail(s, "write braces on every branch of an 'else if' chain");
            this.body(head, thenStmt, line);
            if (elseStmt) this.body('else', elseStmt, elseStmt.getStartLineNumber());
            return;
        }
        this.w.line(`${head} {`, isElseIf ? undefined : line);
        this.w.indent();
        for (const inner of thenStmt.getStatements()) this.statement(inner);
        this.w.dedent();
        if (!elseStmt) {
            this.w.line('}');
        } else if (Node.isIfStatement(elseStmt)) {
            this.ifStatement(elseStmt, true);
        } else {
            this.w.line('} else {');
            this.w.indent();
            for (const inner of (elseStmt as Block).getStatements()) this.statement(inner);
            this.w.dedent();
            this.w.line('}');
        }
    }

    private forStatement(s: import('ts-morph').ForStatement): void {
        const init = s.getInitializer();
        let initC = '';
        if (init && Node.isVariableDeclarationList(init)) {
            const decls = init.getDeclarations();
            if (decls.length !== 1) throw this.fail(init, 'declare one loop variable');
            initC = this.declaration(decls[0]!);
        } else if (init) {
            initC = lowerExpression(this, init as Expression).c;
        }
        const cond = s.getCondition() ? this.lowerCondition(s.getCondition()!) : '';
        const inc = s.getIncrementor() ? lowerExpression(this, s.getIncrementor()!).c : '';
        this.body(`for (${initC}; ${cond}; ${inc})`, s.getStatement(), s.getStartLineNumber());
    }

    private switchStatement(s: import('ts-morph').SwitchStatement): void {
        const subject = lowerExpression(this, s.getExpression());
        if (!isInteger(subject.t)) throw this.fail(s.getExpression(), `switch needs an integer or enum, not ${describe(subject.t)}`);
        this.w.line(`switch (${subject.c}) {`, s.getStartLineNumber());
        for (const clause of s.getClauses()) {
            if (Node.isCaseClause(clause)) {
                const label = lowerExpression(this, clause.getExpression(), subject.t);
                this.w.line(`case ${label.c}:`, clause.getStartLineNumber());
            } else {
                this.w.line('default:', clause.getStartLineNumber());
            }
            this.w.indent();
            for (const inner of clause.getStatements()) {
                if (Node.isBlock(inner)) {
                    this.w.line('{', inner.getStartLineNumber());
                    this.w.indent();
                    for (const st of inner.getStatements()) this.statement(st);
                    this.w.dedent();
                    this.w.line('}');
                } else {
                    this.statement(inner);
                }
            }
            this.w.dedent();
        }
        this.w.line('}');
    }

    private variable(d: VariableDeclaration): void {
        this.w.line(`${this.declaration(d)};`, d.getStartLineNumber());
    }

    /** `T name = value` for a local, registering it in the scope. */
    private declaration(d: VariableDeclaration): string {
        const name = snakeCase(d.getName());
        const typeNode = d.getTypeNode();
        const init = d.getInitializer();
        let type: CType | undefined = typeNode ? this.resolveType(typeNode, d) : undefined;
        let value: CExpr | undefined;
        if (init) {
            if (type?.k === 'fnptr') throw this.fail(d, 'function pointers are fields of kernel structs, not local variables');
            value = lowerExpression(this, init, type);
            if (type) this.checkAssignable(init, value, type);
            type ??= value.t;
        }
        if (!type) throw this.fail(d, `'${d.getName()}' needs a type or an initial value`);
        if (type.k === 'literal-int') throw this.fail(d, `give '${d.getName()}' an integer type (e.g. 'const ${d.getName()}: u32 = ...')`);
        if (type.k === 'null' || type.k === 'never' || type.k === 'void' || type.k === 'format') {
            throw this.fail(d, `'${d.getName()}' needs a declared type`);
        }
        this.checkLocalName(d, name, type);
        if (type.k === 'kstruct' && value) {
            // `const t: Timer = conn.timer` names the struct where it is: a pointer to it.
            this.scope.locals.set(d, { decl: d, cName: name, type, place: 'pointer' });
            return `${cTypeName(type)}${cTypeName(type).endsWith('*') ? '' : ' '}${name} = ${value.place === 'value' ? '&' : ''}${value.c}`;
        }
        this.scope.locals.set(d, { decl: d, cName: name, type });
        if (value) return `${declare(type, name)} = ${value.c}`;
        if (type.k === 'kstruct' || type.k === 'fixed') return `${declare(type, name)} = {}`;
        return declare(type, name);
    }
}

function endsInReturn(block: Block): boolean {
    const last = block.getStatements().at(-1);
    return !!last && Node.isReturnStatement(last);
}

function closureNameHint(call: CallExpression): string {
    const parent = call.getParent();
    if (Node.isVariableDeclaration(parent)) return snakeCase(parent.getName());
    if (Node.isBinaryExpression(parent)) {
        const left = parent.getLeft();
        if (Node.isPropertyAccessExpression(left)) return snakeCase(left.getName());
        if (Node.isIdentifier(left)) return snakeCase(left.getText());
    }
    if (Node.isCallExpression(parent)) {
        const callee = parent.getExpression();
        const decl = declarationOf(Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee);
        const index = parent.getArguments().indexOf(call);
        if (decl && Node.isFunctionDeclaration(decl)) {
            const p = decl.getParameters()[index];
            if (p) return snakeCase(p.getName());
        }
    }
    return 'closure';
}

/** The C name of a module constant: UPPER_CASE stays, anything else becomes snake_case. */
export function constantName(decl: VariableDeclaration): string {
    const name = decl.getName();
    return /^[A-Z][A-Z0-9_]*$/.test(name) ? name : snakeCase(name);
}

export { upperSnakeCase };
