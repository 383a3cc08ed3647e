// The source's comments, carried onto the C that the commented TypeScript becomes: the doc comment
// of a declaration, the comments before a statement, one after it on its line, those closing a
// block. `//` and `/* */` alike become C comments; JSDoc tags the compiler reads (@inline) are
// left out, as they are said by the C itself.
import { Node, SourceFile, ts } from 'ts-morph';
import * as C from '../c/ast.js';

/** Tags that only instruct klibc (a C name, inlining): the C says them in its own way. */
const COMPILER_TAGS = new Set(['c', 'inline', 'noinline']);

/** The comments written before `node` (after the previous token's line). */
export function leadingComments(node: Node): C.Comment[] {
    const file = node.getSourceFile();
    const text = file.getFullText();
    const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
    return commentsOf(text, ranges);
}

/** Comments on the line of `node`'s end (`x++; // why`), as one line of text. */
export function trailingComment(node: Node): string | undefined {
    const text = node.getSourceFile().getFullText();
    const ranges = ts.getTrailingCommentRanges(text, node.getEnd()) ?? [];
    const lines = commentsOf(text, ranges).flatMap(c => c.lines).map(l => l.trim()).filter(l => l !== '');
    return lines.length > 0 ? lines.join(' ') : undefined;
}

/** Comments written before the `}` that closes a block or a source file's end. */
export function closingComments(block: Node): C.Comment[] {
    const text = block.getSourceFile().getFullText();
    const close = block.getLastChildByKind(ts.SyntaxKind.CloseBraceToken);
    if (!close) return [];
    return commentsOf(text, ts.getLeadingCommentRanges(text, close.getFullStart()) ?? []);
}

/**
 * The comments before a file's first statement that describe the file rather than that statement:
 * all of them when it is an import, else those separated from it by a blank line.
 */
export function fileComments(file: SourceFile): { file: C.Comment[]; first: C.Comment[] } {
    const first = file.getStatements()[0];
    if (!first) return { file: [], first: [] };
    const text = file.getFullText();
    const ranges = ts.getLeadingCommentRanges(text, first.getFullStart()) ?? [];
    if (Node.isImportDeclaration(first)) return { file: commentsOf(text, ranges), first: [] };
    // The last comment is the statement's own when nothing but one line break separates them.
    const last = ranges[ranges.length - 1];
    const own = last && !/\n\s*\n/.test(text.slice(last.end, first.getStart())) ? [last] : [];
    return { file: commentsOf(text, ranges.slice(0, ranges.length - own.length)), first: commentsOf(text, own) };
}

/** Comments, with consecutive `//` lines joined into one. */
function commentsOf(text: string, ranges: readonly ts.CommentRange[]): C.Comment[] {
    const out: C.Comment[] = [];
    let previousLineEnd = -1;
    for (const r of ranges) {
        const raw = text.slice(r.pos, r.end);
        if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
            const body = raw.slice(2).replace(/^ /, '');
            if (body.startsWith('/')) continue; // a triple-slash directive
            const last = out[out.length - 1];
            // A `//` right under another one continues it.
            if (last && previousLineEnd >= 0 && !/\n\s*\n/.test(text.slice(previousLineEnd, r.pos))) last.lines.push(body);
            else out.push({ lines: [body] });
            previousLineEnd = r.end;
        } else {
            const lines = blockLines(raw);
            if (lines.length > 0) out.push({ lines });
            previousLineEnd = -1;
        }
    }
    return out.filter(c => c.lines.some(l => l.trim() !== ''));
}

/** The text of a `/* *\/` or `/** *\/` comment: one entry per line, the leading ` * ` removed. */
function blockLines(raw: string): string[] {
    const inner = raw.replace(/^\/\*\*?/, '').replace(/\*\/$/, '');
    const starred = inner.split('\n').map(l => /^\s*\*/.test(l) ? l.replace(/^\s*\* ?/, '') : l);
    // Lines without a leading star keep their indentation relative to the least indented one.
    const indents = starred.slice(1).filter(l => l.trim() !== '').map(l => l.length - l.trimStart().length);
    const common = indents.length > 0 ? Math.min(...indents) : 0;
    // The first line's own spacing (`/** Text`) is not indentation.
    if (starred.length > 0) starred[0] = starred[0]!.trimStart();
    const kept = starred.map(l => removeCompilerTags(l.slice(Math.min(common, l.length - l.trimStart().length))).trimEnd());
    while (kept.length > 0 && kept[0]!.trim() === '') kept.shift();
    while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
    return kept;
}

function removeCompilerTags(line: string): string {
    // A tag is `@name` after a space or at the start; its text runs to the next tag or the line's end.
    return line.replace(/(^|\s)@(\w+)((?:(?!\s@\w).)*)/g, (whole, _lead, tag: string) => COMPILER_TAGS.has(tag) ? '' : whole);
}
