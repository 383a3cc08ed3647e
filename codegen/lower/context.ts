// What the lowering of one module knows: its names, its state, the headers it needs, the
// diagnostics sink, and the passes it lowers with. Every lowering file reaches the others through
// `passes` (wired once in lower/index.ts), so none imports another: the passes form no cycle.
import path from 'node:path';
import { Expression, Node, SourceFile, TypeNode } from 'ts-morph';
import * as C from '../c/ast.js';
import { IncludeRule } from '../bindings/includes.js';
import { ClosureForm, includeRule } from '../bindings/prelude.js';
import { namedTypes } from '../bindings/resolve.js';
import { isBinding, tagsOf } from '../bindings/tags.js';
import { Diagnostics } from '../diagnostics.js';
import { snakeCase } from '../names.js';
import { CType, TypeError_, TypeResolver } from '../types/ctypes.js';
import { FunctionScope } from './scope.js';

/** Where each dialect module of the run belongs: its klib folder, and each klib's entry module. */
export interface Program {
    klibOf(file: SourceFile): string | undefined;
    /** The module of a klib folder that exports `init` (its interface to other klibs), if any. */
    entryOf(klib: string): SourceFile | undefined;
}

export interface ModuleInfo {
    klib: string;
    module: string;
    file: SourceFile;
    /** Path written in #line directives and banners (relative to the working directory). */
    sourcePath: string;
    /** Name of the static state struct (and its variable), e.g. `counter`. */
    stateName: string;
    program: Program;
}

/** A lowered expression: its C, its type, and for structs whether it is the struct or a pointer to it. */
export interface Value {
    e: C.Expr;
    t: CType;
    /** For kernel structs and table rows: 'value' when `e` is the struct itself (an lvalue), 'pointer' when it points to one. */
    place?: 'value' | 'pointer';
    /** A row (or a field of a row) of a constant table: it cannot be assigned. */
    readonly?: boolean;
}

export interface StateField {
    decl: Node;
    name: string;
    type: CType;
    /** For embedded closures: the closure type and the form's C (closure_struct, init_closure_func). */
    embedded?: { closureType: string; form: ClosureForm };
    init?: C.Expr;
}

/** The passes of the lowering, each in its own file. */
export interface Passes {
    expression(f: FunctionContext, e: Expression, expected?: CType): Value;
    condition(f: FunctionContext, e: Expression): C.Expr;
    /** A value as an argument of `type` (string literals, formats, struct addresses, function names). */
    argument(f: FunctionContext, e: Expression, type: CType): C.Expr[];
    /** A closure made by one of the closure forms (closure(), oneShot(), stackClosure()). */
    closure(f: FunctionContext, call: import('ts-morph').CallExpression, kind: string, expected?: CType): Value;
}

export class ModuleContext {
    /** Kernel headers of the bindings used. */
    readonly includes = new Map<string, IncludeRule>();
    /** Structs that bindings name only by pointer (`struct tls_trust *`): declared `struct x;` first. */
    readonly opaqueStructs = new Set<string>();
    /** Headers of other dialect modules this module needs, as include paths relative to it. */
    readonly moduleIncludes = new Set<string>();
    readonly stateFields = new Map<Node, StateField>();
    private readonly usedNames = new Set<string>();
    /** Static functions referenced before their definition: they get a prototype. */
    readonly forwardRefs = new Set<Node>();
    readonly definedFunctions = new Set<Node>();
    private readonly examined = new Set<SourceFile>();

    constructor(
        readonly info: ModuleInfo,
        readonly types: TypeResolver,
        readonly diags: Diagnostics,
        readonly passes: Passes,
    ) {}

    uniqueName(base: string): string {
        let name = base;
        for (let i = 2; this.usedNames.has(name); i++) name = `${base}_${i}`;
        this.usedNames.add(name);
        return name;
    }

    reserveName(name: string): void {
        this.usedNames.add(name);
    }

    error(node: Node, message: string): void {
        this.diags.error(node, message);
    }

    /** Reports an error and gives what to throw to abandon the construct. */
    fail(node: Node, message: string): Reported {
        this.error(node, message);
        return new Reported();
    }

    /** True when `file` is a module of another klib (resolved when the klibs are loaded, not linked in). */
    isForeign(file: SourceFile): boolean {
        const klib = this.info.program.klibOf(file);
        return klib !== undefined && klib !== this.info.klib && this.info.program.entryOf(klib) !== undefined;
    }

    /** The include path, relative to this module, of the header that declares what `other` exports. */
    headerOf(other: SourceFile): string | undefined {
        if (other === this.info.file || other.isDeclarationFile()) return undefined;
        // Another klib is reached through its interface: the header of its entry module.
        const klib = this.info.program.klibOf(other);
        const target = klib && this.isForeign(other) ? this.info.program.entryOf(klib)! : other;
        const header = `${snakeCase(target.getBaseNameWithoutExtension())}.h`;
        const dir = path.dirname(target.getFilePath());
        if (dir === path.dirname(this.info.file.getFilePath())) return header;
        return `../${snakeCase(path.basename(dir))}/${header}`;
    }

    /**
     * Includes another module's header, and first the kernel headers its exported declarations
     * need: a generated header includes no kernel header itself (the Nanos headers have no include
     * guards, so only the .c file may include them).
     */
    useModule(file: SourceFile): void {
        const header = this.headerOf(file);
        if (!header) return;
        this.moduleIncludes.add(header);
        if (this.examined.has(file)) return;
        this.examined.add(file);
        const typeNodes: (TypeNode | undefined)[] = [];
        for (const f of file.getFunctions()) {
            if (!f.isExported()) continue;
            typeNodes.push(f.getReturnTypeNode(), ...f.getParameters().map(p => p.getTypeNode()));
        }
        if (!this.isForeign(file)) {
            for (const i of file.getInterfaces()) {
                if (i.isExported()) typeNodes.push(...i.getProperties().map(p => p.getTypeNode()));
            }
        }
        for (const n of typeNodes) this.useTypes(n);
    }

    /** Notes the kernel headers a binding declaration needs. */
    useBinding(decl: Node): void {
        const tag = tagsOf(decl).get('include') ?? includeOfFile(decl);
        if (!tag) return;
        const rule = includeRule(tag);
        this.includes.set(rule.header + ' ' + rule.replaces.join(' ') + ' ' + rule.after.join(' '), rule);
    }

    /** The headers the types named in a type annotation need (kernel types, records of other modules). */
    useTypes(node: TypeNode | undefined): void {
        for (const decl of namedTypes(node)) {
            if (isBinding(decl) && !tagsOf(decl).has('intrinsic')) this.useBinding(decl);
            else if (!isBinding(decl) && !this.isForeign(decl.getSourceFile())) this.useModule(decl.getSourceFile());
        }
    }

    /** The C type of an annotation; reports and abandons the construct when it has none. */
    resolveType(node: TypeNode | undefined, at: Node): CType {
        const cached = node && this.resolved.get(node.compilerNode);
        if (cached) return cached;
        let t: CType;
        try {
            t = this.types.fromTypeNode(node, at);
        } catch (e) {
            if (e instanceof TypeError_) throw this.fail(e.node, e.message);
            throw e;
        }
        this.useTypes(node);
        const adapted = this.adapt(t);
        if (node) this.resolved.set(node.compilerNode, adapted);
        return adapted;
    }

    /** Annotations already resolved (and their headers noted), by node. */
    private readonly resolved = new WeakMap<object, CType>();

    /**
     * A type as this module spells it: a record of another klib is known only by pointer
     * (`struct tls_trust *`), and so is a kernel struct a binding names only by pointer.
     */
    adapt(t: CType): CType {
        if (t.k === 'opaque') {
            const struct = opaqueStructName(t.c);
            if (struct) this.opaqueStructs.add(struct);
        }
        if (t.k === 'record' && this.isForeign(t.decl.getSourceFile())) {
            this.opaqueStructs.add(t.c);
            return { ...t, c: `struct ${t.c} *` };
        }
        return t;
    }
}

/** `struct x *` (a binding's C type naming a struct only by pointer) → `x`. */
function opaqueStructName(c: string): string | undefined {
    const words = c.split(' ');
    return words.length === 3 && words[0] === 'struct' && words[2] === '*' ? words[1] : undefined;
}

const fileIncludes = new WeakMap<object, string | undefined>();

/** A binding without its own @include takes the include of the first declaration in its file that has one. */
function includeOfFile(decl: Node): string | undefined {
    const file = decl.getSourceFile();
    if (fileIncludes.has(file.compilerNode)) return fileIncludes.get(file.compilerNode);
    const include = file.getStatements().map(s => tagsOf(s).get('include')).find(i => i !== undefined);
    fileIncludes.set(file.compilerNode, include);
    return include;
}

/** One C function being lowered (a top-level function or a closure's body) and where its closures go. */
export class FunctionContext {
    constructor(
        readonly m: ModuleContext,
        readonly scope: FunctionScope,
        /** Definitions (closures) that must come before the top-level function being lowered. */
        readonly hoisted: C.Top[],
        /** The C name prefix for closures created here (the top-level function's name). */
        readonly prefix: string,
    ) {}

    get passes(): Passes { return this.m.passes; }
    get types(): TypeResolver { return this.m.types; }

    fail(node: Node, message: string): Reported {
        return this.m.fail(node, message);
    }

    resolveType(node: TypeNode | undefined, at: Node): CType {
        return this.m.resolveType(node, at);
    }

    expression(e: Expression, expected?: CType): Value {
        return this.passes.expression(this, e, expected);
    }
}

/** Thrown to abandon lowering one construct after its error was reported. */
export class Reported extends Error {
    constructor() { super('reported'); }
}
