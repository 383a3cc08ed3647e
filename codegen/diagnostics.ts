// Located diagnostics, collected over a whole run and printed like a C compiler's:
//   path:line:col: error: message
//   <source line>
//   <caret>
import path from 'node:path';
import { Node, SourceFile } from 'ts-morph';

export interface Diagnostic {
    file: string;
    line: number;
    column: number;
    message: string;
    sourceLine: string;
}

export class Diagnostics {
    readonly list: Diagnostic[] = [];

    constructor(private readonly cwd: string) {}

    error(node: Node, message: string): void {
        this.errorAt(node.getSourceFile(), node.getStart(), message);
    }

    errorAt(file: SourceFile, pos: number, message: string): void {
        const { line, column } = file.getLineAndColumnAtPos(pos);
        const text = file.getFullText();
        const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
        let lineEnd = text.indexOf('\n', pos);
        if (lineEnd < 0) lineEnd = text.length;
        const diag: Diagnostic = {
            file: this.relative(file.getFilePath()),
            line,
            column,
            message,
            sourceLine: text.slice(lineStart, lineEnd).replace(/\r$/, ''),
        };
        // One error per place: the first (the dialect's own rule) explains it best.
        const duplicate = this.list.some(d => d.file === diag.file && d.line === diag.line && d.column === diag.column);
        if (!duplicate) this.list.push(diag);
    }

    get count(): number {
        return this.list.length;
    }

    relative(file: string): string {
        const rel = path.relative(this.cwd, file);
        return rel.startsWith('..') ? file : rel;
    }

    format(): string {
        const sorted = [...this.list].sort((a, b) =>
            a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
        return sorted.map(formatDiagnostic).join('');
    }
}

export function formatDiagnostic(d: Diagnostic): string {
    // The caret sits under the column, keeping tabs so it lines up in a terminal.
    const pad = d.sourceLine.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
    return `${d.file}:${d.line}:${d.column}: error: ${d.message}\n${d.sourceLine}\n${pad}^\n`;
}
