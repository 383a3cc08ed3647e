import { wrapLine } from './wrap.js';

// A C text writer that indents in the Nanos style and keeps gcc's idea of the current source line,
// so that a `#line` directive is written only where the C has drifted from the .ts line.

export class CWriter {
    private readonly lines: string[] = [];
    private indentLevel = 0;
    /** The .ts line gcc believes the next C line comes from, or undefined before any #line. */
    private mappedLine: number | undefined;

    constructor(private readonly sourcePath: string) {}

    indent(): void { this.indentLevel++; }
    dedent(): void { this.indentLevel--; }

    /** Writes a line; `tsLine` (1-based) maps it back to the .ts file with #line when needed. */
    line(text: string, tsLine?: number): void {
        if (tsLine !== undefined && this.mappedLine !== tsLine) {
            this.lines.push(`#line ${tsLine} "${this.sourcePath}"`);
            this.mappedLine = tsLine;
        }
        const indent = '    '.repeat(this.indentLevel);
        for (const piece of wrapLine(text, indent.length)) {
            this.lines.push(piece === '' ? '' : indent + piece);
            if (this.mappedLine !== undefined) this.mappedLine++;
        }
    }

    /** Writes lines that belong to no .ts line (only before the first #line, or a blank). */
    raw(text: string): void {
        for (const l of text.split('\n')) {
            this.lines.push(l === '' ? '' : '    '.repeat(this.indentLevel) + l);
            if (this.mappedLine !== undefined) this.mappedLine++;
        }
    }

    blank(): void {
        if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.raw('');
    }

    text(): string {
        while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
        return this.lines.join('\n') + '\n';
    }
}
