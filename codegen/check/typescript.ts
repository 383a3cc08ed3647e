// TypeScript's own errors are dialect errors too, with two allowances the dialect makes: bigint
// literals used as 64-bit integers, and module state, which starts zeroed and so is never "used
// before being assigned".
import { Node, Project, SourceFile, ts } from 'ts-morph';
import { Diagnostics } from '../diagnostics.js';

export function reportTypeScriptErrors(project: Project, source: SourceFile, diags: Diagnostics): void {
    const program = project.getProgram();
    const all = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    for (const d of all) {
        const start = d.getStart();
        const file = d.getSourceFile();
        if (start === undefined || !file) continue;
        if (isBigIntLiteralAllowance(file, start, d.getCode())) continue;
        if (isZeroedModuleState(file, start, d.getCode())) continue;
        diags.errorAt(file, start, ts.flattenDiagnosticMessageText(d.compilerObject.messageText, ' '));
    }
}

function isZeroedModuleState(file: SourceFile, start: number, code: number): boolean {
    if (code !== 2454) return false;
    const decl = file.getDescendantAtPos(start)?.getSymbol()?.getDeclarations()[0];
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
