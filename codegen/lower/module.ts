// Lowering one dialect module to a C file and, when it exports something, a header:
// records, enums and constants, the module state struct, embedded closures, then functions.
import {
    EnumDeclaration, FunctionDeclaration, InterfaceDeclaration, Node, SyntaxKind, VariableDeclaration, VariableStatement,
} from 'ts-morph';
import { CType, TypeError_, cTypeName, declare, TypeResolver } from './ctypes.js';
import { ModuleContext, ModuleInfo, Reported, StateField } from './context.js';
import { CWriter } from './cwriter.js';
import { Diagnostics } from './diagnostics.js';
import { lowerExpression } from './expressions.js';
import { constantName, Lowerer } from './lowerer.js';
import { snakeCase, upperSnakeCase } from './names.js';
import { FunctionScope } from './scope.js';
import { tagsOf } from './tags.js';

export interface ModuleOutput {
    c: string;
    /** The header, when the module exports anything. */
    h: string | undefined;
}

export function lowerModule(info: ModuleInfo, types: TypeResolver, diags: Diagnostics): ModuleOutput {
    return new ModuleLowerer(new ModuleContext(info, types, diags)).lower();
}

class ModuleLowerer {
    private readonly file;
    /** Lowerer for module-level expressions (constants, state initial values). */
    private readonly top: Lowerer;

    constructor(private readonly m: ModuleContext) {
        this.file = m.info.file;
        const scope = new FunctionScope(this.file, { k: 'void', c: 'void' }, undefined, undefined);
        this.top = new Lowerer(m, scope, new CWriter(m.info.sourcePath), [], m.info.stateName);
    }

    private guard<T>(f: () => T): T | undefined {
        try {
            return f();
        } catch (e) {
            if (e instanceof Reported) return undefined;
            if (e instanceof TypeError_) { this.m.error(e.node, e.message); return undefined; }
            throw e;
        }
    }

    lower(): ModuleOutput {
        const statements = this.file.getStatements();
        const records = statements.filter(Node.isInterfaceDeclaration);
        const enums = statements.filter(Node.isEnumDeclaration);
        const variables = statements.filter(Node.isVariableStatement);
        const functions = statements.filter(Node.isFunctionDeclaration).filter(f => f.hasBody());

        for (const f of functions) this.m.reserveName(this.top.functionName(f));
        this.collectState(variables);

        const typeDefs = { c: [] as string[], h: [] as string[] };
        for (const e of enums) this.guard(() => (e.isExported() ? typeDefs.h : typeDefs.c).push(this.enumDefinition(e)));
        for (const r of records) {
            this.guard(() => {
                if (r.isExported()) this.checkExportedTypes(r);
                (r.isExported() ? typeDefs.h : typeDefs.c).push(this.recordDefinition(r));
            });
        }
        const constants = { c: [] as string[], h: [] as string[] };
        for (const v of variables) {
            if (v.getDeclarationKind() !== 'const') continue;
            for (const d of v.getDeclarations()) {
                if (this.m.stateFields.has(d)) continue;
                this.guard(() => (v.isExported() ? constants.h : constants.c).push(this.constantDefinition(d)));
            }
        }

        const definitions: string[] = [];
        for (const field of this.m.stateFields.values()) {
            if (field.embedded) this.guard(() => definitions.push(this.embeddedDefinition(field)));
        }
        const prototypes: string[] = [];
        // @inline functions are always inlined; an exported one is defined in the header, so that
        // other modules' C (a file of its own each, where gcc cannot inline across) inlines it too.
        const inlineDefinitions: string[] = [];
        for (const f of functions) {
            this.m.definedFunctions.add(f);
            if (isInline(f) && f.isExported()) this.guard(() => { this.checkInline(f); inlineDefinitions.push(this.inlineDefinition(f)); });
            else this.guard(() => definitions.push(...this.functionDefinition(f)));
        }
        for (const f of functions) {
            if (this.m.forwardRefs.has(f) && !f.isExported()) prototypes.push(`${this.signature(f)};`);
        }

        const stateStruct = this.stateStruct();
        const exportedPrototypes = functions.filter(f => f.isExported() && !isInline(f)).map(f => this.guard(() => `${this.signature(f)};`) ?? '');
        const hasHeader = typeDefs.h.length + constants.h.length + exportedPrototypes.length + inlineDefinitions.length > 0;

        const includes = this.includes(hasHeader);
        const banner = `/* generated from ${this.m.info.sourcePath} by klibc - do not edit */`;
        // A struct known only through a pointer must be declared before a prototype names it.
        const forward = (text: string) => [...this.m.opaqueStructs].sort()
            .filter(n => text.includes(`struct ${n} *`)).map(n => `struct ${n};`).join('\n');
        const c = [
            [banner, ...includes].join('\n'),
            forward([constants.c.join('\n'), ...typeDefs.c, stateStruct, prototypes.join('\n'), ...definitions].join('\n')),
            constants.c.join('\n'),
            ...typeDefs.c,
            stateStruct,
            prototypes.join('\n'),
            ...definitions,
        ].filter(s => s.trim() !== '').map(s => s.replace(/\n+$/, '')).join('\n\n') + '\n';
        const h = hasHeader ? [
            [banner, '#pragma once', ...this.headerIncludes(records, functions)].join('\n'),
            forward([constants.h.join('\n'), ...typeDefs.h, exportedPrototypes.join('\n'), ...inlineDefinitions].join('\n')),
            constants.h.join('\n'),
            ...typeDefs.h,
            exportedPrototypes.join('\n'),
            ...inlineDefinitions,
        ].filter(s => s.trim() !== '').map(s => s.replace(/\n+$/, '')).join('\n\n') + '\n' : undefined;
        return { c, h };
    }

    private includes(ownHeader: boolean): string[] {
        // An include written `H instead of K` names a header H that includes K itself (the Nanos
        // headers have no include guards): H takes K's place, and K is not included again.
        const replacing = new Map<string, string>();
        const plain = new Set<string>();
        for (const inc of this.m.includes) {
            const m = /^(\S+)\s+instead\s+of\s+(\S+)$/.exec(inc);
            if (m) replacing.set(m[2]!, m[1]!);
            else plain.add(inc);
        }
        const first = replacing.get('kernel.h') ?? 'kernel.h';
        for (const [k, h] of replacing) {
            plain.delete(k);
            plain.add(h);
        }
        plain.delete(first);
        const system = [first, ...[...plain].sort((a, b) => a.localeCompare(b))];
        const local = [...this.m.moduleIncludes].sort();
        if (ownHeader) local.push(`${this.m.info.module}.h`);
        return [...system.map(s => `#include <${s}>`), ...local.map(s => `#include "${s}"`)];
    }

    // ---- module state ----

    private collectState(variables: VariableStatement[]): void {
        for (const v of variables) {
            for (const d of v.getDeclarations()) {
                this.guard(() => {
                    if (v.getDeclarationKind() === 'let') this.stateField(d);
                    else if (isEmbeddedCall(d)) this.embeddedField(d);
                });
            }
        }
    }

    private stateField(d: VariableDeclaration): void {
        const type = this.top.resolveType(d.getTypeNode(), d);
        const field: StateField = { decl: d, name: snakeCase(d.getName()), type };
        const init = d.getInitializer();
        if (init) {
            const v = lowerExpression(this.top, init, type);
            if (!isConstantExpression(init)) {
                throw this.top.fail(init, 'module state starts zeroed or with a constant: set it in init()');
            }
            this.top.checkAssignable(init, v, type);
            if (v.c !== '0' && v.c !== 'false') field.init = v.c;
        }
        this.m.stateFields.set(d, field);
    }

    private embeddedField(d: VariableDeclaration): void {
        const type = this.top.resolveType(d.getTypeNode(), d);
        if (type.k !== 'closure') throw this.top.fail(d, 'an embedded closure needs a closure type: annotate it (const onTick: TimerHandler = embedded(...))');
        const name = snakeCase(d.getName());
        this.m.reserveName(name);
        this.m.stateFields.set(d, { decl: d, name, type, embedded: { closureType: type.c, fn: name } });
    }

    private stateStruct(): string {
        const fields = [...this.m.stateFields.values()];
        if (fields.length === 0) return '';
        const lines = [`static struct ${this.m.info.stateName} {`];
        for (const f of fields) {
            if (f.embedded) lines.push(`    closure_struct(${f.embedded.closureType}, ${f.name});`);
            else lines.push(`    ${this.fieldDeclaration(f.type, f.name)};`);
        }
        const inits = fields.filter(f => f.init !== undefined);
        if (inits.length === 0) {
            lines.push(`} ${this.m.info.stateName};`);
        } else {
            lines.push(`} ${this.m.info.stateName} = {`);
            for (const f of inits) lines.push(`    .${f.name} = ${f.init},`);
            lines.push('};');
        }
        return lines.join('\n');
    }

    private fieldDeclaration(t: CType, name: string): string {
        if (t.k === 'fnptr') {
            const ret = cTypeName(this.top.resolveType(t.sig.getReturnTypeNode(), t.sig));
            const params = t.sig.getParameters().map(p => cTypeName(this.top.resolveType(p.getTypeNode(), p)));
            return `${ret} (*${name})(${params.join(', ') || 'void'})`;
        }
        if (t.k === 'record') return `struct ${t.c} *${name}`;
        return declare(t, name);
    }

    // ---- types and constants ----

    private recordDefinition(r: InterfaceDeclaration): string {
        const name = snakeCase(r.getName());
        const lines = [`typedef struct ${name} {`];
        for (const p of r.getProperties()) {
            const t = this.top.resolveType(p.getTypeNode(), p);
            lines.push(`    ${this.fieldDeclaration(t, tagsOf(p).get('c') ?? snakeCase(p.getName()))};`);
        }
        lines.push(`} *${name};`);
        return lines.join('\n');
    }

    private enumDefinition(e: EnumDeclaration): string {
        const prefix = upperSnakeCase(e.getName());
        const members = e.getMembers().map(m => {
            const init = m.getInitializer();
            return `    ${prefix}_${upperSnakeCase(m.getName())}${init ? ` = ${init.getText()}` : ''},`;
        });
        return [`enum ${snakeCase(e.getName())} {`, ...members, '};'].join('\n');
    }

    private constantDefinition(d: VariableDeclaration): string {
        const init = d.getInitializerOrThrow();
        const type = d.getTypeNode() ? this.top.resolveType(d.getTypeNode(), d) : undefined;
        const v = lowerExpression(this.top, init, type);
        if (type) this.top.checkAssignable(init, v, type);
        if (!isConstantExpression(init)) {
            throw this.top.fail(init, 'a module constant must be a constant expression (literals, other constants and operators)');
        }
        const simple = /^-?[\w.]+$/.test(v.c) || /^ss\(".*"\)$/.test(v.c) || /^".*"$/.test(v.c);
        return `#define ${constantName(d)} ${simple ? v.c : `(${v.c})`}`;
    }

    // ---- functions and closures ----

    signature(f: FunctionDeclaration): string {
        if (!f.getReturnTypeNode()) throw this.top.fail(f.getNameNode() ?? f, 'write the return type of a function');
        const ret = this.top.resolveType(f.getReturnTypeNode(), f);
        const params = f.getParameters().map(p => {
            const t = this.top.resolveType(p.getTypeNode(), p);
            if (t.k === 'fnptr' || t.k === 'fixed' || t.k === 'format') throw this.top.fail(p, `a parameter cannot be ${t.k === 'format' ? 'a format' : 'of this type'}`);
            return `${cTypeName(t)} ${snakeCase(p.getName())}`.replace('* ', '*');
        });
        if (f.isExported()) this.checkExportedTypes(f);
        if (isInline(f) && tagsOf(f).has('noinline')) throw this.top.fail(f.getNameNode() ?? f, 'a function is @inline or @noinline, not both');
        const storage = (isInline(f) ? 'static inline __attribute__((always_inline)) ' : f.isExported() ? '' : 'static ') +
            (tagsOf(f).has('noinline') ? '__attribute__((noinline)) ' : '');
        const retC = cTypeName(ret);
        return `${storage}${retC}${retC.endsWith('*') ? '' : ' '}${this.top.functionName(f)}(${params.join(', ') || 'void'})`;
    }

    /**
     * The headers of other dialect modules whose records and enums this module's header names (in an
     * exported record's fields or an exported function's signature): the header includes them, so it
     * compiles wherever it is included, in any order.
     */
    private headerIncludes(records: InterfaceDeclaration[], functions: FunctionDeclaration[]): string[] {
        const typeNodes: (Node | undefined)[] = [];
        for (const r of records.filter(r => r.isExported())) typeNodes.push(...r.getProperties().map(p => p.getTypeNode()));
        for (const f of functions.filter(f => f.isExported())) {
            typeNodes.push(f.getReturnTypeNode(), ...f.getParameters().map(p => p.getTypeNode()));
        }
        const headers = new Set<string>();
        for (const n of typeNodes) {
            if (!n) continue;
            for (const ref of [n, ...n.getDescendants()]) {
                if (!Node.isTypeReference(ref)) continue;
                const symbol = ref.getTypeName().getSymbol();
                const decl = (symbol?.getAliasedSymbol() ?? symbol)?.getDeclarations()[0];
                if (!decl || !(Node.isInterfaceDeclaration(decl) || Node.isEnumDeclaration(decl))) continue;
                const header = this.m.headerOf(decl.getSourceFile());
                if (header) headers.add(header);
            }
        }
        return [...headers].sort().map(h => `#include "${h}"`);
    }

    /** The header declares exported functions and records, so the records and enums they use must be exported too. */
    private checkExportedTypes(f: FunctionDeclaration | InterfaceDeclaration): void {
        const nodes = Node.isFunctionDeclaration(f)
            ? [f.getReturnTypeNode(), ...f.getParameters().map(p => p.getTypeNode())]
            : f.getProperties().map(p => p.getTypeNode());
        for (const n of nodes) {
            if (!n) continue;
            for (const ref of [n, ...n.getDescendants()]) {
                if (!Node.isTypeReference(ref)) continue;
                const decl = ref.getTypeName().getSymbol()?.getDeclarations()[0];
                if (decl && (Node.isInterfaceDeclaration(decl) || Node.isEnumDeclaration(decl)) &&
                    decl.getSourceFile() === this.file && !decl.isExported()) {
                    const what = Node.isFunctionDeclaration(f) ? 'function' : 'record';
                    throw this.top.fail(ref, `the exported ${what} '${f.getName()}' uses '${decl.getName()}', which is not exported: export it so the header can declare it`);
                }
            }
        }
    }

    /**
     * An exported @inline function's body goes into the header, so it may use only what every includer of
     * the header has: its parameters and locals, the constants, records and enums its module
     * exports, its module's other @inline functions, and bindings that need no header but
     * <kernel.h> (which every generated C file includes first).
     */
    private checkInline(f: FunctionDeclaration): void {
        for (const id of f.getBodyOrThrow().getDescendantsOfKind(SyntaxKind.Identifier)) {
            const parent = id.getParent();
            if (parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) continue; // a field or member name
            const symbol = id.getSymbol();
            const decl = (symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol)?.getDeclarations()[0];
            if (!decl || decl.getFirstAncestor(n => n === f)) continue; // a parameter or local
            const what = `the @inline function '${f.getName()}' uses '${id.getText()}'`;
            if (decl.getSourceFile().isDeclarationFile()) {
                const include = tagsOf(decl).get('include') ??
                    decl.getSourceFile().getStatements().map(st => tagsOf(st).get('include')).find(i => i !== undefined);
                if (include !== undefined && include !== 'kernel.h') {
                    throw this.top.fail(id, `${what}, whose header (${include}) the header's includers may not include`);
                }
                continue;
            }
            if (decl.getSourceFile() !== this.file) throw this.top.fail(id, `${what}, from another module: only its own module's exports`);
            const exported = (Node.isFunctionDeclaration(decl) || Node.isInterfaceDeclaration(decl) || Node.isEnumDeclaration(decl) ||
                Node.isTypeAliasDeclaration(decl)) ? decl.isExported()
                : Node.isVariableDeclaration(decl) ? decl.getVariableStatement()?.isExported() === true &&
                    decl.getVariableStatement()?.getDeclarationKind() === 'const'
                : false;
            if (!exported || (Node.isFunctionDeclaration(decl) && !isInline(decl))) {
                throw this.top.fail(id, `${what}, which the header does not define: an @inline function uses only exported constants and types and other @inline functions`);
            }
        }
    }

    private inlineDefinition(f: FunctionDeclaration): string {
        const [definition, ...more] = this.functionDefinition(f).reverse();
        if (more.length > 0) throw this.top.fail(f.getNameNode() ?? f, 'an exported @inline function cannot create closures: their code would be in the header');
        return definition!;
    }

    private functionDefinition(f: FunctionDeclaration): string[] {
        if (!f.getReturnTypeNode()) throw this.top.fail(f.getNameNode() ?? f, 'write the return type of a function');
        const ret = this.top.resolveType(f.getReturnTypeNode(), f);
        const scope = new FunctionScope(f, ret, undefined, undefined);
        for (const p of f.getParameters()) {
            const t = this.top.resolveType(p.getTypeNode(), p);
            this.top.checkLocalName(p, snakeCase(p.getName()), t);
            scope.locals.set(p, { decl: p, cName: snakeCase(p.getName()), type: t });
        }
        const hoisted: string[] = [];
        const lowerer = new Lowerer(this.m, scope, new CWriter(this.m.info.sourcePath), hoisted, this.top.functionName(f));
        const body = lowerer.lowerBody(f.getBodyOrThrow(), f.getParameters(), false);
        const w = new CWriter(this.m.info.sourcePath);
        w.line(this.signature(f), f.getStartLineNumber());
        w.raw('{');
        w.raw(body.replace(/\n$/, ''));
        w.raw('}');
        return [...hoisted, w.text()];
    }

    private embeddedDefinition(field: StateField): string {
        const d = field.decl as VariableDeclaration;
        const call = d.getInitializerOrThrow();
        if (!Node.isCallExpression(call)) throw this.top.fail(d, 'expected embedded(...)');
        const arrow = call.getArguments()[0];
        if (!arrow || !Node.isArrowFunction(arrow)) throw this.top.fail(call, 'embedded() takes an arrow function');
        const type = field.type as Extract<CType, { k: 'closure' }>;
        const ret = this.top.resolveType(type.sig.getReturnTypeNode(), type.sig);
        const scope = new FunctionScope(arrow, ret, undefined, 'embedded');
        const sigParams = type.sig.getParameters();
        const params = arrow.getParameters();
        const cParams = sigParams.map((sp, i) => {
            const t = this.top.resolveType(sp.getTypeNode(), sp);
            const p = params[i];
            if (p) scope.locals.set(p, { decl: p, cName: snakeCase(p.getName()), type: t });
            return `${cTypeName(t)} ${snakeCase(p ? p.getName() : sp.getName())}`;
        });
        const hoisted: string[] = [];
        const lowerer = new Lowerer(this.m, scope, new CWriter(this.m.info.sourcePath), hoisted, field.name);
        const body = lowerer.lowerBody(arrow.getBody(), params, false);
        const w = new CWriter(this.m.info.sourcePath);
        const head = `closure_func_basic(${type.c}, ${cTypeName(ret)}, ${field.name}`;
        if (cParams.length === 0) {
            w.line(`${head})`, arrow.getStartLineNumber());
        } else {
            w.line(`${head},`, arrow.getStartLineNumber());
            w.line(' '.repeat('closure_func_basic('.length) + cParams.join(', ') + ')');
        }
        w.raw('{');
        w.raw(body.replace(/\n$/, ''));
        w.raw('}');
        return [...hoisted, w.text()].join('\n\n');
    }
}

function isInline(f: FunctionDeclaration): boolean {
    return tagsOf(f).has('inline');
}

function isEmbeddedCall(d: VariableDeclaration): boolean {
    const init = d.getInitializer();
    if (!init || !Node.isCallExpression(init)) return false;
    const callee = init.getExpression();
    if (!Node.isIdentifier(callee)) return false;
    const sym = callee.getSymbol();
    const target = sym?.isAlias() ? sym.getAliasedSymbol() : sym;
    const decl = target?.getDeclarations()[0];
    return !!decl && tagsOf(decl).get('intrinsic') === 'embedded';
}

/** Literals, constants, enum members and operators on them: what C accepts in a static initializer. */
function isConstantExpression(e: Node): boolean {
    if (Node.isNumericLiteral(e) || Node.isBigIntLiteral(e) || Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e) ||
        Node.isTrueLiteral(e) || Node.isFalseLiteral(e) || Node.isNullLiteral(e)) return true;
    if (Node.isParenthesizedExpression(e)) return isConstantExpression(e.getExpression());
    if (Node.isPrefixUnaryExpression(e)) return isConstantExpression(e.getOperand());
    if (Node.isBinaryExpression(e)) return isConstantExpression(e.getLeft()) && isConstantExpression(e.getRight());
    if (Node.isAsExpression(e)) return isConstantExpression(e.getExpression());
    if (Node.isPropertyAccessExpression(e)) {
        const sym = e.getNameNode().getSymbol();
        return !!sym?.getDeclarations()[0] && Node.isEnumMember(sym.getDeclarations()[0]!);
    }
    if (Node.isIdentifier(e)) {
        const sym = e.getSymbol();
        const decl = (sym?.isAlias() ? sym.getAliasedSymbol() : sym)?.getDeclarations()[0];
        return !!decl && Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === 'const' &&
            !decl.getFirstAncestor(n => Node.isFunctionDeclaration(n) || Node.isArrowFunction(n)) &&
            (decl.getSourceFile().isDeclarationFile() || isConstantExpression(decl.getInitializerOrThrow()));
    }
    return false;
}
