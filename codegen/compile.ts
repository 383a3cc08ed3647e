// The compiler's passes: load the dialect sources with their bindings (ts-morph), check them
// (TypeScript's own type errors and the dialect's rules), lower each module to C, and write the
// files only when no error was found anywhere.
import fs from 'node:fs';
import path from 'node:path';
import { Node, Project, SourceFile, ts } from 'ts-morph';
import { checkDialect } from './checker.js';
import { ModuleInfo } from './context.js';
import { CType, Prelude, TypeResolver } from './ctypes.js';
import { Diagnostics } from './diagnostics.js';
import { lowerModule } from './module.js';
import { snakeCase } from './names.js';
import { tagsOf } from './tags.js';

export interface CompileOptions {
    /** Files or folders: a folder of modules is one klib; a folder of klib folders is several. */
    inputs: string[];
    outDir: string;
    cwd?: string;
}

export interface CompileResult {
    diagnostics: Diagnostics;
    /** Output path (relative to outDir) → contents. Empty when there were errors. */
    files: Map<string, string>;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
};

export function compile(options: CompileOptions): CompileResult {
    const cwd = options.cwd ?? process.cwd();
    const diagnostics = new Diagnostics(cwd);
    const files = new Map<string, string>();
    const project = new Project({ compilerOptions: COMPILER_OPTIONS, skipAddingFilesFromTsConfig: true });

    const modules = findModules(options.inputs.map(p => path.resolve(cwd, p)), diagnostics);
    if (diagnostics.count > 0) return { diagnostics, files };
    const sources = modules.map(m => project.addSourceFileAtPath(m.file));
    project.resolveSourceFileDependencies();
    // Dialect modules that the inputs import from other folders (a shared library) are compiled too.
    for (const file of project.getSourceFiles()) {
        const p = file.getFilePath();
        if (file.isDeclarationFile() || sources.includes(file) || p.includes('/node_modules/')) continue;
        modules.push({ file: p, klib: snakeCase(path.basename(path.dirname(p))), module: snakeCase(path.basename(p, '.ts')) });
        sources.push(file);
    }

    for (const source of sources) {
        checkDialect(source, diagnostics);
        reportTypeScriptErrors(project, source, diagnostics);
    }
    const types = new TypeResolver(findPrelude(project));
    for (const [i, source] of sources.entries()) {
        const m = modules[i]!;
        const info: ModuleInfo = {
            klib: m.klib,
            module: m.module,
            file: source,
            sourcePath: diagnostics.relative(source.getFilePath()),
            stateName: m.module === m.klib || modules.filter(x => x.klib === m.klib).length === 1 ? m.klib : `${m.klib}_${m.module}`,
        };
        try {
            const out = lowerModule(info, types, diagnostics);
            files.set(path.join(m.klib, `${m.module}.c`), out.c);
            if (out.h) files.set(path.join(m.klib, `${m.module}.h`), out.h);
        } catch (e) {
            diagnostics.errorAt(source, 0, `internal compiler error: ${(e as Error).message}`);
        }
    }
    for (const [klib, list] of klibSources(modules, sources)) files.set(path.join(klib, 'SOURCES'), list);
    if (diagnostics.count > 0) files.clear();
    return { diagnostics, files };
}

/**
 * For each klib (a folder with a module exporting `init`), the C files it is linked from: its own
 * modules and, transitively, the modules of other folders (libraries) they import. Written to
 * c-out/<klib>/SOURCES, one path relative to c-out a line, for the klib build and c-out/klib.mk.
 */
function klibSources(modules: ModuleFile[], sources: SourceFile[]): Map<string, string> {
    const result = new Map<string, string>();
    const cPath = (i: number) => `${modules[i]!.klib}/${modules[i]!.module}.c`;
    const indexOf = new Map(sources.map((s, i) => [s, i]));
    const klibs = new Set(modules.filter((_, i) => sources[i]!.getFunction('init')?.isExported()).map(m => m.klib));
    for (const klib of klibs) {
        const seen = new Set<number>();
        const visit = (i: number) => {
            if (seen.has(i)) return;
            seen.add(i);
            for (const imp of sources[i]!.getImportDeclarations()) {
                const target = imp.getModuleSpecifierSourceFile();
                const j = target && indexOf.get(target);
                if (j !== undefined) visit(j);
            }
        };
        modules.forEach((m, i) => { if (m.klib === klib) visit(i); });
        const own = [...seen].filter(i => modules[i]!.klib === klib).map(cPath).sort();
        const libs = [...seen].filter(i => modules[i]!.klib !== klib).map(cPath).sort();
        result.set(klib, [...own, ...libs].join('\n') + '\n');
    }
    return result;
}

export function writeOutputs(result: CompileResult, outDir: string): void {
    for (const [rel, text] of result.files) {
        const target = path.join(outDir, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text) continue;
        fs.writeFileSync(target, text);
    }
}

interface ModuleFile { file: string; klib: string; module: string }

/** Dialect modules (.ts, not .d.ts) under the inputs; a module's klib is the folder it is in. */
function findModules(inputs: string[], diags: Diagnostics): ModuleFile[] {
    const found: ModuleFile[] = [];
    const visit = (p: string, depth: number) => {
        const stat = fs.statSync(p, { throwIfNoEntry: false });
        if (!stat) {
            diags.list.push({ file: diags.relative(p), line: 1, column: 1, message: 'no such file or directory', sourceLine: '' });
            return;
        }
        if (stat.isDirectory()) {
            for (const entry of fs.readdirSync(p).sort()) {
                const child = path.join(p, entry);
                if (fs.statSync(child).isDirectory()) {
                    if (depth < 2 && entry !== 'node_modules') visit(child, depth + 1);
                } else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) {
                    visit(child, depth + 1);
                }
            }
            return;
        }
        if (p.endsWith('.d.ts') || !p.endsWith('.ts')) return;
        const klib = snakeCase(path.basename(path.dirname(p)));
        const module = snakeCase(path.basename(p, '.ts'));
        if (!found.some(f => f.file === p)) found.push({ file: p, klib, module });
    };
    for (const input of inputs) visit(input, 0);
    if (found.length === 0 && diags.count === 0) {
        diags.list.push({ file: inputs.join(' '), line: 1, column: 1, message: 'no dialect modules (.ts files) found', sourceLine: '' });
    }
    return found;
}

/** TypeScript's own errors are dialect errors too, except bigint literals used as 64-bit integers. */
function reportTypeScriptErrors(project: Project, source: SourceFile, diags: Diagnostics): void {
    const all = [...project.getProgram().getSyntacticDiagnostics(source), ...project.getProgram().getSemanticDiagnostics(source)];
    for (const d of all) {
        const start = d.getStart();
        const file = d.getSourceFile();
        if (start === undefined || !file) continue;
        if (isBigIntLiteralAllowance(file, start, d.getCode())) continue;
        if (isZeroedModuleState(file, start, d.getCode())) continue;
        const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, ' ');
        diags.errorAt(file, start, message);
    }
}

/** Module state is a static struct: it starts zeroed, so it is never "used before being assigned". */
function isZeroedModuleState(file: SourceFile, start: number, code: number): boolean {
    if (code !== 2454) return false;
    const node = file.getDescendantAtPos(start);
    const sym = node?.getSymbol();
    const decl = sym?.getDeclarations()[0];
    return !!decl && Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getParent() === decl.getSourceFile();
}

function isBigIntLiteralAllowance(file: SourceFile, start: number, code: number): boolean {
    if (code !== 2322 && code !== 2345 && code !== 2365 && code !== 2362 && code !== 2363) return false;
    const node = file.getDescendantAtPos(start);
    if (!node) return false;
    if (Node.isBigIntLiteral(node)) return true;
    const decl = node.getParentWhile(n => !Node.isVariableDeclaration(n) && !Node.isBinaryExpression(n))?.getParent();
    const holder = Node.isVariableDeclaration(node.getParent()) ? node.getParent() : decl;
    if (holder && Node.isVariableDeclaration(holder)) return !!holder.getInitializer() && Node.isBigIntLiteral(holder.getInitializerOrThrow());
    if (holder && Node.isBinaryExpression(holder)) return Node.isBigIntLiteral(holder.getLeft()) || Node.isBigIntLiteral(holder.getRight());
    return false;
}

/** The binding declarations the compiler needs by role: the C types of boolean, void and the integers. */
function findPrelude(project: Project): Prelude {
    const prelude: Prelude = { bool: undefined, void: undefined, ints: [] };
    for (const file of project.getSourceFiles()) {
        if (!file.isDeclarationFile()) continue;
        for (const alias of file.getTypeAliases()) {
            const tags = tagsOf(alias);
            const c = tags.get('c') ?? alias.getName();
            if (tags.has('bool')) prelude.bool = { k: 'bool', c, fmt: tags.get('fmt') };
            else if (tags.has('void')) prelude.void = { k: 'void', c };
            else if (tags.has('int')) {
                const [sign, bits] = tags.get('int')!.split(/\s+/);
                const t: CType = { k: 'int', c, signed: sign === 'signed', bits: Number(bits), fmt: tags.get('fmt') };
                // The first declaration of a width is the one arithmetic results take (u64 before bytes).
                if (!prelude.ints.some(x => x.signed === t.signed && x.bits === t.bits)) prelude.ints.push(t);
            }
        }
    }
    return prelude;
}
