// The compiler's passes, as TypeScript's own compiler has them: load the program (the dialect
// sources, what they import, the prelude), check it (TypeScript's errors and the dialect's rules),
// lower each module to a C syntax tree, and print the trees. Files are written only when no error
// was found anywhere.
import fs from 'node:fs';
import path from 'node:path';
import { findPrelude } from './bindings/prelude.js';
import * as C from './c/ast.js';
import { printFile } from './c/printer.js';
import { checkDialect } from './check/dialect.js';
import { checkImports } from './check/imports.js';
import { checkLibrary } from './check/library.js';
import { reportTypeScriptErrors } from './check/typescript.js';
import { Diagnostics } from './diagnostics.js';
import { lowerModule } from './lower/index.js';
import { klibSources, loadProgram, ModuleFile } from './program.js';
import { TypeResolver } from './types/ctypes.js';

export interface CompileOptions {
    /** Files or folders: a folder of modules is one klib; a folder of klib folders is several. */
    inputs: string[];
    outDir: string;
    cwd?: string;
    /** Write #line directives mapping the C to the dialect source (for gdb and sanitizer reports). */
    lineDirectives?: boolean;
}

export interface CompileResult {
    diagnostics: Diagnostics;
    /** Output path (relative to outDir) → contents. Empty when there were errors. */
    files: Map<string, string>;
}

export function compile(options: CompileOptions): CompileResult {
    const cwd = options.cwd ?? process.cwd();
    const diagnostics = new Diagnostics(cwd);
    const files = new Map<string, string>();
    const program = loadProgram(options.inputs.map(p => path.resolve(cwd, p)), diagnostics);
    if (!program) return { diagnostics, files };

    for (const m of program.modules) {
        checkDialect(m.file, diagnostics);
        checkLibrary(m.file, diagnostics);
        checkImports(m.file, program, diagnostics);
        reportTypeScriptErrors(program.project, m.file, diagnostics);
    }
    const types = new TypeResolver(findPrelude(program.project));
    const print = (file: C.File) => printFile(file, { lineDirectives: options.lineDirectives ?? false });
    for (const m of program.modules) {
        const info = {
            klib: m.klib,
            module: m.module,
            file: m.file,
            sourcePath: diagnostics.relative(m.file.getFilePath()),
            stateName: stateName(m, program.modules),
            program,
        };
        try {
            const out = lowerModule(info, types, diagnostics);
            files.set(path.join(m.klib, `${m.module}.c`), print(out.c));
            if (out.h) files.set(path.join(m.klib, `${m.module}.h`), print(out.h));
        } catch (e) {
            diagnostics.errorAt(m.file, 0, `internal compiler error: ${(e as Error).message}`);
        }
    }
    for (const [klib, list] of klibSources(program)) files.set(path.join(klib, 'SOURCES'), list);
    if (diagnostics.count > 0) files.clear();
    return { diagnostics, files };
}

/** The state struct is named after the klib, or `<klib>_<module>` in a klib of several modules. */
function stateName(m: ModuleFile, modules: ModuleFile[]): string {
    const single = modules.filter(x => x.klib === m.klib).length === 1;
    return m.module === m.klib || single ? m.klib : `${m.klib}_${m.module}`;
}

export function writeOutputs(result: CompileResult, outDir: string): void {
    for (const [rel, text] of result.files) {
        const target = path.join(outDir, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text) continue;
        fs.writeFileSync(target, text);
    }
}
