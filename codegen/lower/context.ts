// What the lowering of one module knows: its names, its state struct, the bindings it used, and
// the diagnostics sink. Shared by the statement, expression, call and closure lowering.
import path from 'node:path';
import { Node, SourceFile } from 'ts-morph';
import { CType, TypeResolver } from './ctypes.js';
import { snakeCase } from './names.js';
import { Diagnostics } from './diagnostics.js';

export interface ModuleInfo {
    klib: string;
    module: string;
    file: SourceFile;
    /** Path written in #line directives and banners (relative to the working directory). */
    sourcePath: string;
    /** Name of the static state struct (and its variable), e.g. `counter`. */
    stateName: string;
}

export interface StateField {
    decl: Node;
    name: string;
    type: CType;
    /** For embedded closures: the closure type and the C function name. */
    embedded?: { closureType: string; fn: string };
    init?: string;
}

export class ModuleContext {
    readonly includes = new Set<string>();
    /** Structs that bindings name only by pointer (`@c struct tls_trust *`): declared `struct x;` first. */
    readonly opaqueStructs = new Set<string>();
    /** Headers of other dialect modules this module needs, as include paths relative to it ("util.h", "../lib/json.h"). */
    readonly moduleIncludes = new Set<string>();
    readonly stateFields = new Map<Node, StateField>();
    /** Names of closure functions already used, to keep generated names unique. */
    private readonly usedNames = new Set<string>();
    /** Static functions referenced before their definition: they get a prototype. */
    readonly forwardRefs = new Set<Node>();
    readonly definedFunctions = new Set<Node>();

    constructor(
        readonly info: ModuleInfo,
        readonly types: TypeResolver,
        readonly diags: Diagnostics,
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

    /** Notes that this module uses a declaration of another dialect module: it includes that module's header. */
    useModule(other: SourceFile): void {
        const header = this.headerOf(other);
        if (header) this.moduleIncludes.add(header);
    }

    /** The include path, relative to this module, of another dialect module's header (none for this module or a binding). */
    headerOf(other: SourceFile): string | undefined {
        if (other === this.info.file || other.isDeclarationFile()) return undefined;
        // The output puts every folder side by side (<out>/<folder>/<module>.c), with C file and
        // folder names the snake_case of the TypeScript ones, wherever the sources are.
        const header = `${snakeCase(other.getBaseNameWithoutExtension())}.h`;
        const otherDir = path.dirname(other.getFilePath());
        if (otherDir === path.dirname(this.info.file.getFilePath())) return header;
        return `../${snakeCase(path.basename(otherDir))}/${header}`;
    }

    useBinding(decl: Node, include: string | undefined): void {
        if (include) this.includes.add(include);
        void decl;
    }

    error(node: Node, message: string): void {
        this.diags.error(node, message);
    }
}

/** Thrown to abandon lowering one construct after its error was reported. */
export class Reported extends Error {
    constructor() { super('reported'); }
}
