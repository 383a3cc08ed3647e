// Wrapping long C lines the way Nanos code does: the arguments of the outermost call continue on
// the next lines, aligned after its opening parenthesis.

const MAX_WIDTH = 100;

export function wrapLine(text: string, indentWidth: number): string[] {
    if (indentWidth + text.length <= MAX_WIDTH) return [text];
    const open = outerCallParen(text);
    if (open < 0) return [text];
    const close = matchingParen(text, open);
    const args = splitTopLevel(text.slice(open + 1, close));
    if (args.length < 2) return [text];
    const head = text.slice(0, open + 1);
    const tail = text.slice(close);
    const align = ' '.repeat(head.length);
    const lines: string[] = [];
    let current = head;
    args.forEach((arg, i) => {
        const piece = arg + (i < args.length - 1 ? ',' : tail);
        const candidate = current === head || current === align ? current + piece : `${current} ${piece}`;
        if (indentWidth + candidate.length > MAX_WIDTH && current !== head && current !== align) {
            lines.push(current);
            current = align + piece;
        } else {
            current = candidate;
        }
    });
    lines.push(current);
    return lines;
}

/** The '(' of the call that spans to the end of the line, or -1. */
function outerCallParen(text: string): number {
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
            if (ch === '\\') i++;
            else if (ch === '"') inString = false;
        } else if (ch === '"') {
            inString = true;
        } else if (ch === '(' && i > 0 && /[\w)]/.test(text[i - 1]!)) {
            const close = matchingParen(text, i);
            if (close > 0 && /^\)?[;{ ]*$/.test(text.slice(close + 1).replace(/\s/g, ' '))) return i;
        }
    }
    return -1;
}

function matchingParen(text: string, open: number): number {
    let depth = 0;
    let inString = false;
    for (let i = open; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
            if (ch === '\\') i++;
            else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) return i;
    }
    return -1;
}

function splitTopLevel(args: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let inString = false;
    let start = 0;
    for (let i = 0; i < args.length; i++) {
        const ch = args[i];
        if (inString) {
            if (ch === '\\') i++;
            else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '(' || ch === '{' || ch === '[') depth++;
        else if (ch === ')' || ch === '}' || ch === ']') depth--;
        else if (ch === ',' && depth === 0) {
            parts.push(args.slice(start, i).trim());
            start = i + 1;
        }
    }
    parts.push(args.slice(start).trim());
    return parts;
}
