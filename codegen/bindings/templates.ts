// Binding templates: the C a binding's `@c` (or `@literal`) tag writes, with holes for the
// arguments (`allocate($h, sizeof(struct $T))`, `ss(%s)`). The tag's text is read once into a tree:
// `name(args)` becomes a C call whose arguments are templates themselves, anything else stays text
// with holes. Instantiating one gives a C expression; the printer lays it out like any other.
import * as C from '../c/ast.js';

export type Template =
    | { k: 'call'; callee: string; args: Template[] }
    | { k: 'hole'; name: string }
    /**
     * `precedence`: how tightly the text binds (16 primary, 14 a cast, 2 anything else); `inner`:
     * for text wholly in parentheses, what is inside them, printed bare where that is enough.
     */
    | { k: 'text'; pieces: TextPiece[]; precedence: number; inner?: Template };

type TextPiece = string | { hole: string; argument: boolean } | { space: true };

const cache = new Map<string, Template>();

/** Reads a template whose holes are written `$name` (or, with `percent`, the single hole `%s`). */
export function parseTemplate(text: string, percent = false): Template {
    const key = (percent ? '%' : '$') + text;
    let t = cache.get(key);
    if (!t) {
        t = parse(text.trim(), percent);
        cache.set(key, t);
    }
    return t;
}

function parse(text: string, percent: boolean): Template {
    const hole = holeAt(text, 0, percent);
    if (hole && hole.end === text.length) return { k: 'hole', name: hole.name };
    const callee = /^[A-Za-z_]\w*/.exec(text)?.[0];
    if (callee && text[callee.length] === '(' && closing(text, callee.length) === text.length - 1) {
        const inner = text.slice(callee.length + 1, -1);
        const args = inner.trim() === '' ? [] : splitArguments(inner).map(a => parse(a.trim(), percent));
        return { k: 'call', callee, args };
    }
    const pieces: TextPiece[] = [];
    let literal = '';
    for (let i = 0; i < text.length;) {
        const h = holeAt(text, i, percent);
        if (!h) {
            literal += text[i++];
            continue;
        }
        if (literal) pieces.push(literal);
        literal = '';
        const before = text.slice(0, i).trimEnd();
        const after = text.slice(h.end).trimStart();
        // A hole standing as a whole macro argument, or as the whole right side of `x = $v;`.
        const argument = (/[(,]$/.test(before) && /^[,)]/.test(after)) || (/[^=!<>]=$/.test(before) && /^[;,)]/.test(after));
        pieces.push({ hole: h.name, argument });
        i = h.end;
    }
    if (literal) pieces.push(literal);
    const t: Template = { k: 'text', pieces: breakAfterStatements(pieces), precedence: isPostfix(text) ? 16 : isCast(text) ? 14 : 2 };
    if (text.startsWith('(') && closing(text, 0) === text.length - 1 && !text.startsWith('({')) {
        const inner = text.slice(1, -1).trim();
        if (isPostfix(inner) || isCast(inner)) t.inner = parse(inner, percent);
    }
    return t;
}

/** `(type)operand`: a cast of a primary or postfix operand. */
function isCast(text: string): boolean {
    const type = /^\((const\s+)?(struct\s+)?[A-Za-z_]\w*(\s+const)?(\s*\*)*\s*\)/.exec(text);
    return !!type && isPostfix(text.slice(type[0].length).trim());
}

/**
 * Where a long binding text may continue on the next line: after the `; ` between statements of a
 * statement expression (never before an `else`, which would then seem unguarded), and after the
 * `, ` between arguments of a call inside it.
 */
function breakAfterStatements(pieces: TextPiece[]): TextPiece[] {
    const out: TextPiece[] = [];
    let braces = 0;
    let parens = 0;
    pieces.forEach((p, index) => {
        if (typeof p !== 'string') { out.push(p); return; }
        let start = 0;
        for (let i = 0; i < p.length; i++) {
            const ch = p[i];
            if (ch === '"' || ch === "'") { i = literalEnd(p, i); continue; }
            if (ch === '{') braces++;
            else if (ch === '}') braces--;
            else if (ch === '(') parens++;
            else if (ch === ')') parens--;
            const statementEnd = ch === ';' && braces >= 1;
            const argumentEnd = ch === ',' && parens >= 2 && braces >= 1;
            if ((!statementEnd && !argumentEnd) || p[i + 1] !== ' ') continue;
            const next = typeof pieces[index + 1] === 'string' ? pieces[index + 1] as string : '';
            const rest = p.slice(i + 2) + next;
            if (rest.startsWith('else') || rest.startsWith('}')) continue;
            out.push(p.slice(start, i + 1), { space: true });
            start = i + 2;
            i++;
        }
        if (start < p.length) out.push(p.slice(start));
    });
    return out;
}

/**
 * Whether C text binds like a primary or postfix expression: a parenthesized group or a name, then
 * only calls, subscripts and member accesses (`(x)`, `($s).len`, `f(a)->b[2]`).
 */
function isPostfix(text: string): boolean {
    let i = 0;
    if (text[0] === '(') i = closing(text, 0) + 1;
    else i = /^[A-Za-z_$]\w*/.exec(text)?.[0].length ?? 0;
    if (i <= 0) return false;
    while (i < text.length) {
        const rest = text.slice(i);
        const member = /^(->|\.)\s*\$?\w+/.exec(rest);
        if (member) { i += member[0].length; continue; }
        if (rest[0] === '(') { const end = closing(text, i); if (end < 0) return false; i = end + 1; continue; }
        if (rest[0] === '[') { const end = text.indexOf(']', i); if (end < 0) return false; i = end + 1; continue; }
        return false;
    }
    return true;
}

function holeAt(text: string, i: number, percent: boolean): { name: string; end: number } | undefined {
    if (percent) return text.startsWith('%s', i) ? { name: 's', end: i + 2 } : undefined;
    if (text[i] !== '$') return undefined;
    const name = /^\w+/.exec(text.slice(i + 1))?.[0];
    return name ? { name, end: i + 1 + name.length } : undefined;
}

/** The index of the parenthesis closing the one at `open`, skipping string and character literals. */
function closing(text: string, open: number): number {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        const ch = text[i];
        if (ch === '"' || ch === "'") i = literalEnd(text, i);
        else if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) return i;
    }
    return -1;
}

function literalEnd(text: string, start: number): number {
    const quote = text[start];
    for (let i = start + 1; i < text.length; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === quote) return i;
    }
    return text.length;
}

function splitArguments(inner: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < inner.length; i++) {
        const ch = inner[i];
        if (ch === '"' || ch === "'") i = literalEnd(inner, i);
        else if (ch === '(' || ch === '[' || ch === '{') depth++;
        else if (ch === ')' || ch === ']' || ch === '}') depth--;
        else if (ch === ',' && depth === 0) {
            parts.push(inner.slice(start, i));
            start = i + 1;
        }
    }
    parts.push(inner.slice(start));
    return parts;
}

/** The holes a template names. */
export function holesOf(t: Template): string[] {
    switch (t.k) {
        case 'hole': return [t.name];
        case 'call': return t.args.flatMap(holesOf);
        case 'text': return t.pieces.flatMap(p => typeof p === 'string' || 'space' in p ? [] : [p.hole]);
    }
}

/**
 * The C expression of a template: `values` gives each hole's expressions (a format gives several:
 * its string and its arguments), `words` the holes that stand for a name (`$T`: a struct's name).
 */
export function instantiate(t: Template, values: Map<string, C.Expr[]>, words: Map<string, string>): C.Expr {
    switch (t.k) {
        case 'hole': {
            const v = one(values, words, t.name);
            return v;
        }
        case 'call':
            return C.call(t.callee, t.args.flatMap(a => a.k === 'hole' && values.has(a.name)
                ? values.get(a.name)! : [instantiate(a, values, words)]));
        case 'text': {
            const pieces: C.TemplatePiece[] = [];
            for (const p of t.pieces) {
                if (typeof p === 'string' || 'space' in p) pieces.push(p);
                else if (words.has(p.hole)) pieces.push(words.get(p.hole)!);
                else if (p.argument && values.has(p.hole)) {
                    values.get(p.hole)!.forEach((v, i) => {
                        if (i > 0) pieces.push(', ');
                        pieces.push({ hole: v, argument: true });
                    });
                } else pieces.push({ hole: one(values, words, p.hole), argument: p.argument });
            }
            // Adjacent text (a `$T` filled in) reads as one piece.
            const merged: C.TemplatePiece[] = [];
            for (const p of pieces) {
                const last = merged[merged.length - 1];
                if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
                else merged.push(p);
            }
            const bare = t.inner ? instantiate(t.inner, values, words) : undefined;
            return { k: 'template', pieces: merged, precedence: t.precedence, bare };
        }
    }
}

function one(values: Map<string, C.Expr[]>, words: Map<string, string>, name: string): C.Expr {
    const w = words.get(name);
    if (w !== undefined) return C.name(w);
    const v = values.get(name);
    if (!v || v.length !== 1) throw new TemplateError(`$${name} must be one value here`);
    return v[0]!;
}

export class TemplateError extends Error {}
