// The program klibc compiles: the dialect modules found under the inputs, the modules of other
// folders they import (libraries and other klibs' interfaces), and the prelude, which is always
// loaded, like TypeScript's lib.d.ts, so that a file compiles alone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, SourceFile, ts } from 'ts-morph';
import { Diagnostics } from './diagnostics.js';
import { Program } from './lower/context.js';
import { snakeCase } from './names.js';

/** The prelude: klib-src/dialect.d.ts next to the compiler. */
export const PRELUDE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../klib-src/dialect.d.ts');

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
    // Only what the dialect's checks name (Math, JSON, string and array methods, Promise, Symbol,
    // Map ...): the dialect uses none of it, and parsing all of ES2022's library is a good part of
    // a run.
    lib: [
        'lib.es5.d.ts', 'lib.es2015.core.d.ts', 'lib.es2015.collection.d.ts', 'lib.es2015.promise.d.ts',
        'lib.es2015.symbol.d.ts', 'lib.es2015.iterable.d.ts', 'lib.es2020.bigint.d.ts',
    ],
};

export interface ModuleFile {
    file: SourceFile;
    /** The folder it is in (snake_case): its klib, or a library folder. */
    klib: string;
    /** Its C file's name (snake_case). */
    module: string;
    /** Named on the command line (or found under a folder that was), as opposed to imported. */
    input: boolean;
}

export interface LoadedProgram extends Program {
    project: Project;
    modules: ModuleFile[];
}

export function loadProgram(inputs: string[], diags: Diagnostics): LoadedProgram | undefined {
    const paths = findModules(inputs, diags);
    if (diags.count > 0) return undefined;
    const project = new Project({ compilerOptions: COMPILER_OPTIONS, skipAddingFilesFromTsConfig: true });
    project.addSourceFileAtPath(PRELUDE);
    const modules: ModuleFile[] = paths.map(p => moduleFile(project.addSourceFileAtPath(p), true));
    project.resolveSourceFileDependencies();
    // Dialect modules that the inputs import from other folders (a library, another klib) are compiled too.
    for (const file of project.getSourceFiles()) {
        if (file.isDeclarationFile() || file.getFilePath().includes('/node_modules/')) continue;
        if (!modules.some(m => m.file === file)) modules.push(moduleFile(file, false));
    }
    const entries = new Map<string, SourceFile>();
    for (const m of modules) if (m.file.getFunction('init')?.isExported()) entries.set(m.klib, m.file);
    const klibOf = new Map(modules.map(m => [m.file, m.klib]));
    return {
        project,
        modules,
        klibOf: file => klibOf.get(file),
        entryOf: klib => entries.get(klib),
    };
}

function moduleFile(file: SourceFile, input: boolean): ModuleFile {
    const p = file.getFilePath();
    return { file, klib: snakeCase(path.basename(path.dirname(p))), module: snakeCase(path.basename(p, '.ts')), input };
}

/** Dialect modules (.ts, not .d.ts) under the inputs; a module's klib is the folder it is in. */
function findModules(inputs: string[], diags: Diagnostics): string[] {
    const found: string[] = [];
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
        if (!found.includes(p)) found.push(p);
    };
    for (const input of inputs) visit(input, 0);
    if (found.length === 0 && diags.count === 0) {
        diags.list.push({ file: inputs.join(' '), line: 1, column: 1, message: 'no dialect modules (.ts files) found', sourceLine: '' });
    }
    return found;
}

/**
 * For each klib (a folder with a module exporting `init`), the C files it is linked from: its own
 * modules and, transitively, the modules of library folders they import (never another klib's:
 * those are resolved when the klibs are loaded). Written to c-out/<klib>/SOURCES, one path
 * relative to c-out a line, for the klib build and c-out/klib.mk.
 */
export function klibSources(program: LoadedProgram): Map<string, string> {
    const result = new Map<string, string>();
    const { modules } = program;
    const byFile = new Map(modules.map(m => [m.file, m]));
    const cPath = (m: ModuleFile) => `${m.klib}/${m.module}.c`;
    const klibs = new Set(modules.filter(m => program.entryOf(m.klib) === m.file).map(m => m.klib));
    for (const klib of klibs) {
        const seen = new Set<ModuleFile>();
        const visit = (m: ModuleFile) => {
            if (seen.has(m)) return;
            if (m.klib !== klib && program.entryOf(m.klib)) return; // another klib
            seen.add(m);
            for (const imp of m.file.getImportDeclarations()) {
                const target = imp.getModuleSpecifierSourceFile();
                const next = target && byFile.get(target);
                if (next) visit(next);
            }
            for (const ex of m.file.getExportDeclarations()) {
                const target = ex.getModuleSpecifierSourceFile();
                const next = target && byFile.get(target);
                if (next) visit(next);
            }
        };
        modules.forEach(m => { if (m.klib === klib) visit(m); });
        const own = [...seen].filter(m => m.klib === klib).map(cPath).sort();
        const libs = [...seen].filter(m => m.klib !== klib).map(cPath).sort();
        result.set(klib, [...own, ...libs].join('\n') + '\n');
    }
    return result;
}
