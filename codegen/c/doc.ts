// A small layout engine (after Wadler's "prettier printer" and the Prettier project's variant):
// the printer describes C as documents with possible line breaks, and `render` picks the breaks so
// that lines stay within the width, packing call arguments the way Nanos code does (as many per
// line as fit, the rest aligned after the opening parenthesis).

export type Doc =
    | string
    | Doc[]
    /** A space (or nothing) when its group is flat; a line break when the group breaks. */
    | { t: 'line'; flat: string }
    /** Flat if the whole group fits on the line, else broken. */
    | { t: 'group'; doc: Doc }
    /** Continuation lines of `doc` start at the column where `doc` starts. */
    | { t: 'align'; doc: Doc }
    /** Continuation lines of `doc` start `by` columns further in. */
    | { t: 'indent'; by: number; doc: Doc }
    /** content, separator, content, ...: a separator breaks only when the next content does not fit. */
    | { t: 'fill'; parts: Doc[] }
    /** A C string literal (escaped characters, quotes excluded) that may be split into adjacent literals. */
    | { t: 'cstring'; chars: string[] };

export const line: Doc = { t: 'line', flat: ' ' };
export const softline: Doc = { t: 'line', flat: '' };
export const group = (doc: Doc): Doc => ({ t: 'group', doc });
export const align = (doc: Doc): Doc => ({ t: 'align', doc });
export const indent = (by: number, doc: Doc): Doc => ({ t: 'indent', by, doc });
export const fill = (parts: Doc[]): Doc => ({ t: 'fill', parts });

/** `items` joined by `sep` + a line, packed as fill does. */
export function packed(items: Doc[], sep: string): Doc {
    const parts: Doc[] = [];
    items.forEach((item, i) => {
        if (i > 0) parts.push(line);
        parts.push(i < items.length - 1 ? [item, sep] : item);
    });
    return fill(parts);
}

type Mode = 'flat' | 'break';

/** String literals shorter than this stay whole, even past the width. */
const MIN_SPLIT = 40;
interface Command { indent: number; mode: Mode; doc: Doc }

/** Lays `doc` out in `width` columns, its first line starting at column `start` (already indented). */
export function render(doc: Doc, width: number, start: number): string[] {
    const lines: string[] = [];
    let current = '';
    let column = start;
    const stack: Command[] = [{ indent: start, mode: 'break', doc }];
    const newline = (indent: number) => {
        lines.push(current.trimEnd());
        current = ' '.repeat(indent);
        column = indent;
    };
    while (stack.length > 0) {
        const { indent, mode, doc } = stack.pop()!;
        if (typeof doc === 'string') {
            current += doc;
            column += doc.length;
            continue;
        }
        if (Array.isArray(doc)) {
            for (let i = doc.length - 1; i >= 0; i--) stack.push({ indent, mode, doc: doc[i]! });
            continue;
        }
        switch (doc.t) {
            case 'line':
                if (mode === 'flat') {
                    current += doc.flat;
                    column += doc.flat.length;
                } else {
                    newline(indent);
                }
                break;
            case 'group': {
                const flat: Command = { indent, mode: 'flat', doc: doc.doc };
                stack.push(mode === 'flat' || fits(flat, stack, width - column) ? flat : { indent, mode: 'break', doc: doc.doc });
                break;
            }
            case 'align':
                stack.push({ indent: column, mode, doc: doc.doc });
                break;
            case 'indent':
                stack.push({ indent: indent + doc.by, mode, doc: doc.doc });
                break;
            case 'fill':
                fillStep(doc.parts, indent, mode, stack, width - column);
                break;
            case 'cstring': {
                const whole = `"${doc.chars.join('')}"`;
                if (mode === 'flat' || fits({ indent, mode: 'flat', doc: whole }, stack, width - column)) {
                    current += whole;
                    column += whole.length;
                    break;
                }
                // Adjacent literals, one per line, each aligned where the first one starts; a short
                // literal is never cut.
                if (doc.chars.length < MIN_SPLIT) {
                    current += whole;
                    column += whole.length;
                    break;
                }
                const pieces = splitString(doc.chars, Math.max(MIN_SPLIT / 2, width - column - 2 - trailingWidth(stack)));
                const at = column;
                pieces.forEach((piece, i) => {
                    if (i > 0) newline(at);
                    current += `"${piece}"`;
                    column += piece.length + 2;
                });
                break;
            }
        }
    }
    lines.push(current.trimEnd());
    return lines;
}

/** Prettier's fill: keep a separator flat when the content after it fits on the line. */
function fillStep(parts: Doc[], indent: number, mode: Mode, stack: Command[], room: number): void {
    if (parts.length === 0) return;
    const content = parts[0]!;
    const contentFlat: Command = { indent, mode: 'flat', doc: content };
    const contentBreak: Command = { indent, mode: 'break', doc: content };
    const last = parts.length === 1;
    const contentFits = fits(contentFlat, last ? stack : [], room);
    if (last) {
        stack.push(contentFits ? contentFlat : contentBreak);
        return;
    }
    const separator = parts[1]!;
    const separatorFlat: Command = { indent, mode: 'flat', doc: separator };
    const separatorBreak: Command = { indent, mode: 'break', doc: separator };
    if (parts.length === 2) {
        stack.push(contentFits ? separatorFlat : separatorBreak, contentFits ? contentFlat : contentBreak);
        return;
    }
    const rest: Command = { indent, mode, doc: { t: 'fill', parts: parts.slice(2) } };
    const pairLast = parts.length === 3;
    const pairFits = fits({ indent, mode: 'flat', doc: [content, separator, parts[2]!] }, pairLast ? stack : [], room);
    if (pairFits) stack.push(rest, separatorFlat, contentFlat);
    else if (contentFits) stack.push(rest, separatorBreak, contentFlat);
    else stack.push(rest, separatorBreak, contentBreak);
}

/**
 * Whether `next`, laid out flat, and what follows it up to the next line break fit in `room`
 * columns. `rest` is the render stack (its top is what follows `next`).
 */
function fits(next: Command, rest: Command[], room: number): boolean {
    return widthUntilBreak([next], rest, room) <= room;
}

/** The width of what follows on the line once the top of `stack` is printed (up to a break). */
function trailingWidth(stack: Command[]): number {
    return widthUntilBreak([], stack, 200);
}

/** Columns taken by `queue` then `rest` (flat where their groups allow) up to a line break; stops past `limit`. */
function widthUntilBreak(queue: Command[], rest: Command[], limit: number): number {
    let width = 0;
    let restIndex = rest.length - 1;
    while (width <= limit) {
        let command = queue.pop();
        if (!command) {
            if (restIndex < 0) return width;
            command = rest[restIndex--]!;
        }
        const { mode, doc } = command;
        if (typeof doc === 'string') {
            width += doc.length;
            continue;
        }
        if (Array.isArray(doc)) {
            for (let i = doc.length - 1; i >= 0; i--) queue.push({ indent: command.indent, mode, doc: doc[i]! });
            continue;
        }
        switch (doc.t) {
            case 'line':
                if (mode === 'break') return width;
                width += doc.flat.length;
                break;
            // What follows keeps its mode (as in Prettier): a break it may take ends the measure.
            case 'group': case 'align': case 'indent':
                queue.push({ indent: command.indent, mode, doc: doc.doc });
                break;
            case 'fill':
                for (let i = doc.parts.length - 1; i >= 0; i--) queue.push({ indent: command.indent, mode, doc: doc.parts[i]! });
                break;
            case 'cstring':
                width += doc.chars.reduce((n, c) => n + c.length, 2);
                break;
        }
    }
    return width;
}

/**
 * Pieces of at most `room` characters, cut after a space, else after a comma or semicolon, else
 * after other punctuation, else where they must be.
 */
function splitString(chars: string[], room: number): string[] {
    const pieces: string[] = [];
    let start = 0;
    while (start < chars.length) {
        let width = 0;
        let end = start;
        const cuts = [-1, -1, -1];
        while (end < chars.length && width + chars[end]!.length <= room) {
            width += chars[end]!.length;
            const c = chars[end]!;
            if (c === ' ') cuts[0] = end;
            else if (c === ',' || c === ';') cuts[1] = end;
            else if (':/.&'.includes(c)) cuts[2] = end;
            end++;
        }
        if (end < chars.length) {
            const cut = cuts.find(c => c > start);
            if (cut !== undefined) end = cut + 1;
        }
        if (end === start) end = start + 1;
        pieces.push(chars.slice(start, end).join(''));
        start = end;
    }
    return pieces;
}
