// A klib reaches another klib only through that klib's interface: the exports of its entry module
// (the one exporting `init`), declared in the entry module's header. Its other modules are its own.
import { SourceFile } from 'ts-morph';
import { Diagnostics } from '../diagnostics.js';
import { Program } from '../lower/context.js';

export function checkImports(file: SourceFile, program: Program, diags: Diagnostics): void {
    const own = program.klibOf(file);
    for (const decl of [...file.getImportDeclarations(), ...file.getExportDeclarations()]) {
        const target = decl.getModuleSpecifierSourceFile();
        if (!target || target.isDeclarationFile()) continue;
        const klib = program.klibOf(target);
        const entry = klib !== undefined ? program.entryOf(klib) : undefined;
        if (!entry || klib === own || target === entry) continue;
        diags.error(decl.getModuleSpecifier() ?? decl,
            `'${target.getBaseNameWithoutExtension()}' is inside the ${klib} klib: import from its entry module ` +
            `'${entry.getBaseNameWithoutExtension()}', whose exports are the klib's interface`);
    }
}
