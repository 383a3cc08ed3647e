// Lowering one dialect module to a C file and, when it exports something, a header: records,
// enums, constants and tables, the module state struct, embedded closures, then functions. The
// header of a klib's entry module (the one exporting `init`) is the klib's interface to other
// klibs: its functions, re-exported ones included, with records known only by pointer.
import {
    EnumDeclaration, ExportDeclaration, FunctionDeclaration, InterfaceDeclaration, Node, SyntaxKind, VariableDeclaration,
    VariableStatement,
} from 'ts-morph';
import * as C from '../c/ast.js';
import { lineOf } from '../lines.js';
import { closureForm } from '../bindings/prelude.js';
import { orderIncludes } from '../bindings/includes.js';
import { declarationOf, namedTypes } from '../bindings/resolve.js';
import { isBinding, tagsOf } from '../bindings/tags.js';
import { snakeCase, upperSnakeCase } from '../names.js';
import { CType, TypeError_, TypeResolver } from '../types/ctypes.js';
import { cTypeName, declarator, joinTypeAndName } from '../types/spelling.js';
import { checkAssignable } from './assignability.js';
import { functionName } from './calls.js';
import { embeddedDefinition } from './closures.js';
import { fileComments, leadingComments, trailingComment } from './comments.js';
import { constantDefinition, isConstantExpression } from './constants.js';
import { FunctionContext, ModuleContext, ModuleInfo, Passes, Reported } from './context.js';
import { lowerBody } from './functions.js';
import { FunctionScope } from './scope.js';
import { isTable, tableDefinition } from './tables.js';
import { Diagnostics } from '../diagnostics.js';

export interface ModuleOutput {
    c: C.File;
    /** The header, when the module exports anything. */
    h: C.File | undefined;
}

export function lowerModule(info: ModuleInfo, types: TypeResolver, diags: Diagnostics, passes: Passes): ModuleOutput {
    return new ModuleLowerer(new ModuleContext(info, types, diags, passes)).lower();
}

/** How a signature spells records: by their typedef, or (in a klib's interface) as `struct x *`. */
type Spelling = 'typedef' | 'interface';

class ModuleLowerer {
    private readonly file;
    /** For module-level expressions (constants, tables, state initial values). */
    private readonly top: FunctionContext;
    private readonly isEntry: boolean;
    private readonly fileDoc: C.Comment[];
    private readonly firstDoc: C.Comment[];

    constructor(private readonly m: ModuleContext) {
        this.file = m.info.file;
        const scope = new FunctionScope(this.file, { k: 'void', c: 'void' }, undefined, undefined);
        this.top = new FunctionContext(m, scope, [], m.info.stateName);
        this.isEntry = m.info.program.entryOf(m.info.klib) === this.file;
        const docs = fileComments(this.file);
        this.fileDoc = docs.file;
        this.firstDoc = docs.first;
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

    /** The comments before a top-level statement (the file's own description excluded). */
    private docOf(statement: Node): C.Comment[] {
        return statement === this.file.getStatements()[0] ? this.firstDoc : leadingComments(statement);
    }

    lower(): ModuleOutput {
        const statements = this.file.getStatements();
        const records = statements.filter(Node.isInterfaceDeclaration);
        const enums = statements.filter(Node.isEnumDeclaration);
        const variables = statements.filter(Node.isVariableStatement);
        const functions = statements.filter(Node.isFunctionDeclaration).filter(f => f.hasBody());

        for (const f of functions) this.m.reserveName(functionName(f));
        this.collectState(variables);

        const c: C.Top[] = [];
        const h: C.Top[] = [];
        const defines = { c: [] as C.Top[], h: [] as C.Top[] };
        const types = { c: [] as C.Top[], h: [] as C.Top[] };
        const tables = { c: [] as C.Top[], h: [] as C.Top[] };
        for (const e of enums) this.guard(() => (e.isExported() ? types.h : types.c).push(this.enumDefinition(e)));
        for (const r of records) {
            this.guard(() => {
                if (r.isExported()) this.checkExportedTypes(r);
                (r.isExported() ? types.h : types.c).push(this.recordDefinition(r));
            });
        }
        for (const v of variables) {
            if (v.getDeclarationKind() !== 'const') continue;
            for (const d of v.getDeclarations()) {
                if (this.m.stateFields.has(d)) continue;
                if (isTable(d)) {
                    this.guard(() => {
                        const t = tableDefinition(this.top, d, v.isExported());
                        tables.c.push(t.c);
                        if (t.h) tables.h.push(t.h);
                    });
                    continue;
                }
                this.guard(() => (v.isExported() ? defines.h : defines.c).push({ ...constantDefinition(this.top, d), comments: this.docOf(v) }));
            }
        }

        const definitions: C.Top[] = [];
        for (const field of this.m.stateFields.values()) {
            if (field.embedded) this.guard(() => definitions.push(...this.embedded(field.decl as VariableDeclaration, field.name)));
        }
        // @inline functions are always inlined; an exported one is defined in the header, so that
        // other modules' C (a file of its own each, where gcc cannot inline across) inlines it too.
        const inlineDefinitions: C.Top[] = [];
        for (const f of functions) {
            this.m.definedFunctions.add(f);
            if (isInline(f) && f.isExported()) this.guard(() => { this.checkInline(f); inlineDefinitions.push(this.inlineDefinition(f)); });
            else this.guard(() => definitions.push(...this.functionDefinition(f)));
        }
        const prototypes: C.Top[] = functions
            .filter(f => this.m.forwardRefs.has(f) && !f.isExported())
            .flatMap(f => this.guard(() => ({ k: 'prototype', head: this.head(f, 'typedef') } as C.Top)) ?? []);

        const exported = functions.filter(f => f.isExported() && !isInline(f) && !(this.isEntry && f.getName() === 'init'));
        const headerSpelling: Spelling = this.isEntry ? 'interface' : 'typedef';
        const exportedPrototypes: C.Top[] = [...exported, ...this.reexportedFunctions()].flatMap(f =>
            this.guard(() => ({ k: 'prototype', head: this.head(f, headerSpelling), comments: this.isEntry ? this.docOf(f) : [] } as C.Top)) ?? []);
        const hasHeader = types.h.length + defines.h.length + tables.h.length + exportedPrototypes.length + inlineDefinitions.length > 0;

        const banner = `/* generated from ${this.m.info.sourcePath} by klibc - do not edit */`;
        const state = this.stateStruct();
        c.push(...this.includes(hasHeader));
        if (this.fileDoc.length > 0) c.push({ k: 'comment', comments: this.fileDoc });
        c.push(...[...this.m.opaqueStructs].sort().map(name => ({ k: 'forwardStruct', name }) as C.Top));
        c.push(...defines.c, ...types.c, ...tables.c, ...(state ? [state] : []), ...prototypes, ...definitions);
        if (hasHeader) {
            h.push({ k: 'pragmaOnce' }, ...this.headerIncludes(records, [...exported, ...inlineDefinitionsOf(functions)]));
            if (this.isEntry && this.fileDoc.length > 0) h.push({ k: 'comment', comments: this.fileDoc });
            const named = [...exported, ...this.reexportedFunctions(), ...inlineDefinitionsOf(functions)];
            h.push(...this.headerStructs(named, records.filter(r => r.isExported()), headerSpelling).map(name => ({ k: 'forwardStruct', name }) as C.Top));
            h.push(...defines.h, ...types.h, ...tables.h, ...exportedPrototypes, ...inlineDefinitions);
        }
        const sourcePath = this.m.info.sourcePath;
        return {
            c: { banner, items: c, sourcePath },
            h: hasHeader ? { banner, items: h, sourcePath } : undefined,
        };
    }

    private includes(ownHeader: boolean): C.Top[] {
        const system = orderIncludes([...this.m.includes.values()], this.m.types.prelude.firstInclude);
        const local = [...this.m.moduleIncludes].sort();
        if (ownHeader) local.push(`${this.m.info.module}.h`);
        return [
            ...system.map(path => ({ k: 'include', path, system: true }) as C.Top),
            ...local.map(path => ({ k: 'include', path, system: false }) as C.Top),
        ];
    }

    // ---- module state ----

    private collectState(variables: VariableStatement[]): void {
        for (const v of variables) {
            for (const d of v.getDeclarations()) {
                this.guard(() => {
                    if (v.getDeclarationKind() === 'let') this.stateField(v, d);
                    else if (isEmbeddedCall(d)) this.embeddedField(d);
                });
            }
        }
    }

    private stateField(v: VariableStatement, d: VariableDeclaration): void {
        const type = this.m.resolveType(d.getTypeNode(), d);
        if (type.k === 'table') {
            throw this.m.fail(d.getTypeNode() ?? d, 'a readonly array is a constant table: declare it at module level, `const T: readonly E[] = [...]`');
        }
        const init = d.getInitializer();
        let value: C.Expr | undefined;
        if (init) {
            const expected = type.k === 'string' && type.staticLiteral ? { ...type, literal: type.staticLiteral } : type;
            const lowered = this.top.expression(init, expected);
            if (!isConstantExpression(init)) {
                throw this.m.fail(init, 'module state starts zeroed or with a constant: set it in init()');
            }
            checkAssignable(this.top, init, lowered, type);
            if (!C.isZero(lowered.e)) value = lowered.e;
        }
        this.m.stateFields.set(d, { decl: d, name: snakeCase(d.getName()), type, init: value });
        this.stateDocs.set(d, { comments: v.getDeclarations()[0] === d ? this.docOf(v) : [], trailing: trailingComment(v) });
    }

    private readonly stateDocs = new Map<Node, { comments: C.Comment[]; trailing: string | undefined }>();

    private embeddedField(d: VariableDeclaration): void {
        const type = this.m.resolveType(d.getTypeNode(), d);
        if (type.k !== 'closure') throw this.m.fail(d, 'an embedded closure needs a closure type: annotate it (const onTick: TimerHandler = embedded(...))');
        const form = embeddedForm(d);
        if (!form) throw this.m.fail(d, 'embedded() has no C form in its binding (@c, @define, @field)');
        const name = snakeCase(d.getName());
        this.m.reserveName(name);
        this.m.stateFields.set(d, { decl: d, name, type, embedded: { closureType: type.c, form } });
    }

    private stateStruct(): C.Top | undefined {
        const fields = [...this.m.stateFields.values()];
        if (fields.length === 0) return undefined;
        return {
            k: 'state',
            name: this.m.info.stateName,
            fields: fields.map(f => ({
                declarator: f.embedded ? `${f.embedded.form.field}(${f.embedded.closureType}, ${f.name})` : declarator(f.type, f.name, this.m.types),
                comments: this.stateDocs.get(f.decl)?.comments,
                trailing: this.stateDocs.get(f.decl)?.trailing,
            })),
            inits: fields.filter(f => f.init).map(f => ({ field: f.name, value: f.init! })),
        };
    }

    // ---- types ----

    private recordDefinition(r: InterfaceDeclaration): C.Top {
        const name = snakeCase(r.getName());
        const fields = r.getProperties().map(p => {
            const t = this.m.resolveType(p.getTypeNode(), p);
            return { declarator: declarator(t, tagsOf(p).get('c') ?? snakeCase(p.getName()), this.m.types), comments: leadingComments(p), trailing: trailingComment(p) };
        });
        return { k: 'record', name, fields, comments: this.docOf(r) };
    }

    private enumDefinition(e: EnumDeclaration): C.Top {
        const prefix = upperSnakeCase(e.getName());
        const members = e.getMembers().map(m => {
            const init = m.getInitializer();
            const value = init ? this.top.expression(init).e : undefined;
            return { name: `${prefix}_${upperSnakeCase(m.getName())}`, value, comments: leadingComments(m) };
        });
        return { k: 'enum', name: snakeCase(e.getName()), members, comments: this.docOf(e) };
    }

    // ---- functions ----

    /** A function's head; in a klib's interface, records are spelled `struct x *`. */
    private head(f: FunctionDeclaration, spelling: Spelling): C.FunctionHead {
        if (!f.getReturnTypeNode()) throw this.m.fail(f.getNameNode() ?? f, 'write the return type of a function');
        const spell = (t: CType) => spelling === 'interface' && t.k === 'record' && !t.c.startsWith('struct ') ? `${t.struct} *` : cTypeName(t);
        const returns = spell(this.m.resolveType(f.getReturnTypeNode(), f));
        const params = f.getParameters().map(p => {
            const t = this.m.resolveType(p.getTypeNode(), p);
            if (t.k === 'fnptr' || t.k === 'fixed' || t.k === 'format') {
                throw this.m.fail(p, `a parameter cannot be ${t.k === 'format' ? 'a format' : 'of this type'}`);
            }
            return { declarator: joinTypeAndName(spell(t), snakeCase(p.getName())) };
        });
        if (f.isExported() && f.getSourceFile() === this.file) this.checkExportedTypes(f);
        const tags = tagsOf(f);
        if (isInline(f) && tags.has('noinline')) throw this.m.fail(f.getNameNode() ?? f, 'a function is @inline or @noinline, not both');
        const specifiers: string[] = [];
        if (isInline(f)) specifiers.push('static inline __attribute__((always_inline))');
        else if (!f.isExported()) specifiers.push('static');
        if (tags.has('noinline')) specifiers.push('__attribute__((noinline))');
        return { k: 'plain', specifiers, returns, name: functionName(f), params };
    }

    private functionDefinition(f: FunctionDeclaration): C.Top[] {
        const head = this.head(f, 'typedef');
        const returnType = this.m.resolveType(f.getReturnTypeNode(), f);
        const params = f.getParameters().map(p => ({ decl: p, cName: snakeCase(p.getName()), type: this.m.resolveType(p.getTypeNode(), p) }));
        const hoisted: C.Top[] = [];
        const lowered = lowerBody(this.m, { node: f, body: f.getBodyOrThrow(), returnType, params, form: undefined, hoisted, prefix: functionName(f) });
        if (head.k === 'plain') head.params.forEach((p, i) => { p.unused = lowered.unused[i]; });
        return [...hoisted, { k: 'function', head, body: lowered.body, line: lineOf(f), comments: this.docOf(f) }];
    }

    private inlineDefinition(f: FunctionDeclaration): C.Top {
        const [definition, ...closures] = this.functionDefinition(f).reverse();
        if (closures.length > 0) throw this.m.fail(f.getNameNode() ?? f, 'an exported @inline function cannot create closures: their code would be in the header');
        return definition!;
    }

    private embedded(d: VariableDeclaration, name: string): C.Top[] {
        const call = d.getInitializerOrThrow();
        if (!Node.isCallExpression(call)) throw this.m.fail(d, 'expected embedded(...)');
        const arrow = call.getArguments()[0];
        if (!arrow || !Node.isArrowFunction(arrow)) throw this.m.fail(call, 'embedded() takes an arrow function');
        const field = this.m.stateFields.get(d)!;
        const definitions = embeddedDefinition(this.m, name, arrow, field.type as Extract<CType, { k: 'closure' }>, field.embedded!.form);
        const own = definitions[definitions.length - 1]!;
        definitions[definitions.length - 1] = { ...own, comments: this.docOf(d.getVariableStatementOrThrow()) };
        return definitions;
    }

    /** Functions an entry module re-exports from the klib's other modules (`export { f } from './x'`). */
    private reexportedFunctions(): FunctionDeclaration[] {
        if (!this.isEntry) return [];
        const found: FunctionDeclaration[] = [];
        for (const ex of this.file.getStatements().filter((s): s is ExportDeclaration => Node.isExportDeclaration(s))) {
            for (const spec of ex.getNamedExports()) {
                const decl = declarationOf(spec.getNameNode());
                if (decl && Node.isFunctionDeclaration(decl) && decl.hasBody()) found.push(decl);
            }
        }
        return found;
    }

    /** Structs a header names only by pointer: kernel structs so declared, and in an interface, records. */
    private headerStructs(functions: FunctionDeclaration[], records: InterfaceDeclaration[], spelling: Spelling): string[] {
        const names = new Set<string>();
        const typeNodes = [
            ...functions.flatMap(f => [f.getReturnTypeNode(), ...f.getParameters().map(p => p.getTypeNode())]),
            ...records.flatMap(r => r.getProperties().map(p => p.getTypeNode())),
        ];
        {
            for (const n of typeNodes) {
                for (const decl of namedTypes(n)) {
                    if (!Node.isInterfaceDeclaration(decl)) continue;
                    if (isBinding(decl)) {
                        const c = tagsOf(decl).get('c') ?? '';
                        const words = c.split(' ');
                        if (words.length === 3 && words[0] === 'struct' && words[2] === '*') names.add(words[1]!);
                    } else if (spelling === 'interface' || this.m.isForeign(decl.getSourceFile())) {
                        names.add(snakeCase(decl.getName()));
                    }
                }
            }
        }
        return [...names].sort();
    }

    /**
     * The headers of other dialect modules whose records and enums this module's header names (in an
     * exported record's fields or an exported function's signature): the header includes them, so it
     * compiles wherever it is included, in any order. A klib's interface names records by pointer only.
     */
    private headerIncludes(records: InterfaceDeclaration[], functions: FunctionDeclaration[]): C.Top[] {
        const typeNodes: (import('ts-morph').TypeNode | undefined)[] = [];
        for (const r of records.filter(r => r.isExported())) typeNodes.push(...r.getProperties().map(p => p.getTypeNode()));
        for (const f of functions) typeNodes.push(f.getReturnTypeNode(), ...f.getParameters().map(p => p.getTypeNode()));
        const headers = new Set<string>();
        for (const n of typeNodes) {
            for (const decl of namedTypes(n)) {
                if (!(Node.isInterfaceDeclaration(decl) || Node.isEnumDeclaration(decl)) || isBinding(decl)) continue;
                if (Node.isInterfaceDeclaration(decl) && (this.isEntry || this.m.isForeign(decl.getSourceFile()))) continue;
                const header = this.m.headerOf(decl.getSourceFile());
                if (header) headers.add(header);
            }
        }
        return [...headers].sort().map(path => ({ k: 'include', path, system: false }) as C.Top);
    }

    /** The header declares exported functions and records, so the records and enums they use must be exported too. */
    private checkExportedTypes(f: FunctionDeclaration | InterfaceDeclaration): void {
        const nodes = Node.isFunctionDeclaration(f)
            ? [f.getReturnTypeNode(), ...f.getParameters().map(p => p.getTypeNode())]
            : f.getProperties().map(p => p.getTypeNode());
        for (const n of nodes) {
            if (!n) continue;
            for (const ref of [n, ...n.getDescendantsOfKind(SyntaxKind.TypeReference)]) {
                if (!Node.isTypeReference(ref)) continue;
                const decl = declarationOf(ref.getTypeName());
                if (decl && (Node.isInterfaceDeclaration(decl) || Node.isEnumDeclaration(decl)) &&
                    decl.getSourceFile() === this.file && !decl.isExported()) {
                    const what = Node.isFunctionDeclaration(f) ? 'function' : 'record';
                    throw this.m.fail(ref, `the exported ${what} '${f.getName()}' uses '${decl.getName()}', which is not exported: export it so the header can declare it`);
                }
            }
        }
    }

    /**
     * An exported @inline function's body goes into the header, so it may use only what every includer of
     * the header has: its parameters and locals, the constants, records and enums its module
     * exports, its module's other @inline functions, and bindings that need no header but the one
     * every C file includes first.
     */
    private checkInline(f: FunctionDeclaration): void {
        for (const id of f.getBodyOrThrow().getDescendantsOfKind(SyntaxKind.Identifier)) {
            const parent = id.getParent();
            if (parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) continue; // a field or member name
            const decl = declarationOf(id);
            if (!decl || decl.getFirstAncestor(n => n === f)) continue; // a parameter or local
            const what = `the @inline function '${f.getName()}' uses '${id.getText()}'`;
            if (isBinding(decl)) {
                const include = tagsOf(decl).get('include') ??
                    decl.getSourceFile().getStatements().map(st => tagsOf(st).get('include')).find(i => i !== undefined);
                const header = include?.trim().split(/\s+/)[0];
                if (header !== undefined && header !== this.m.types.prelude.firstInclude) {
                    throw this.m.fail(id, `${what}, whose header (${header}) the header's includers may not include`);
                }
                continue;
            }
            if (decl.getSourceFile() !== this.file) throw this.m.fail(id, `${what}, from another module: only its own module's exports`);
            const exported = (Node.isFunctionDeclaration(decl) || Node.isInterfaceDeclaration(decl) || Node.isEnumDeclaration(decl) ||
                Node.isTypeAliasDeclaration(decl)) ? decl.isExported()
                : Node.isVariableDeclaration(decl) ? decl.getVariableStatement()?.isExported() === true &&
                    decl.getVariableStatement()?.getDeclarationKind() === 'const'
                : false;
            if (!exported || (Node.isFunctionDeclaration(decl) && !isInline(decl))) {
                throw this.m.fail(id, `${what}, which the header does not define: an @inline function uses only exported constants and types and other @inline functions`);
            }
        }
    }
}

function isInline(f: FunctionDeclaration): boolean {
    return tagsOf(f).has('inline');
}

function inlineDefinitionsOf(functions: FunctionDeclaration[]): FunctionDeclaration[] {
    return functions.filter(f => f.isExported() && isInline(f));
}

function embeddedForm(d: VariableDeclaration) {
    const init = d.getInitializer();
    if (!init || !Node.isCallExpression(init)) return undefined;
    const decl = declarationOf(init.getExpression());
    return decl && Node.isFunctionDeclaration(decl) ? closureForm(decl) : undefined;
}

function isEmbeddedCall(d: VariableDeclaration): boolean {
    const init = d.getInitializer();
    if (!init || !Node.isCallExpression(init)) return false;
    const decl = declarationOf(init.getExpression());
    return !!decl && tagsOf(decl).get('intrinsic') === 'embedded';
}
