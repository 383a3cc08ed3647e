// Comments as Nanos writes them: `/* text */` on one line, or
//     /* first line
//      * next line */
// Paragraphs keep the source's line breaks; one with a line too long for its new place (deeper
// in C than in TypeScript) is wrapped again at spaces.
import { Comment } from './ast.js';

export function commentLines(comment: Comment, indent: number, width: number): string[] {
    const pad = ' '.repeat(indent);
    const text = comment.lines.map(sanitize);
    while (text.length > 0 && text[text.length - 1]!.trim() === '') text.pop();
    while (text.length > 0 && text[0]!.trim() === '') text.shift();
    if (text.length === 0) return [];
    if (text.length === 1 && indent + text[0]!.length + 6 <= width) return [`${pad}/* ${text[0]} */`];
    // Text goes after `/* ` or ` * `; the last line also takes ` */`.
    const room = Math.max(20, width - indent - 3);
    const lines = paragraphs(text).flatMap(p => p.every(l => l.length <= room) ? p : reflow(p, room));
    if (lines[lines.length - 1]!.length + 3 > room) lines.push(...reflow([lines.pop()!], room - 3));
    return lines.map((l, i) => {
        const lead = i === 0 ? '/* ' : ' * ';
        const tail = i === lines.length - 1 ? ' */' : '';
        return (pad + lead + l).trimEnd() + tail;
    });
}

/** A comment after code on its line: ` /* text *\/`. */
export function trailingComment(text: string): string {
    return ` /* ${sanitize(text)} */`;
}

/** Comment text can neither end the comment early nor seem to open another one (-Wcomment). */
function sanitize(line: string): string {
    return line.split('*/').join('* /').split('/*').join('/ *').trimEnd();
}

/**
 * Lines grouped into paragraphs: a blank line, an indented line, or a list item (`- `, `* `, `1. `)
 * starts a new one (the blank line stays on its own).
 */
function paragraphs(lines: string[]): string[][] {
    const out: string[][] = [];
    for (const line of lines) {
        const starts = line.trim() === '' || /^\s/.test(line) || /^([-*•]|\d+[.)])\s/.test(line);
        const last = out[out.length - 1];
        if (!last || starts || last[0]!.trim() === '') out.push([line]);
        else last.push(line);
    }
    return out;
}

/** A paragraph's words in lines of at most `room` characters (a longer word keeps a line of its own). */
function reflow(paragraph: string[], room: number): string[] {
    const first = paragraph[0]!;
    const lead = first.length - first.trimStart().length;
    // A list item's continuation lines up under its text.
    const marker = /^\s*([-*•]|\d+[.)])\s+/.exec(first)?.[0].length ?? lead;
    const words = paragraph.join(' ').trim().split(/\s+/);
    const out: string[] = [];
    let current = ' '.repeat(lead);
    for (const word of words) {
        const empty = current.trim() === '';
        if (!empty && current.length + 1 + word.length > room) {
            out.push(current);
            current = ' '.repeat(marker) + word;
        } else {
            current += (empty ? '' : ' ') + word;
        }
    }
    out.push(current);
    return out;
}
