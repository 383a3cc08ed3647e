// The one printer of C: it turns a file's syntax tree into text in the Nanos style (4-space
// indentation, K&R braces, `case` under `switch`, lines of at most 100 columns, arguments packed and
// aligned after the parenthesis), writes the comments carried from the source, and, when asked,
// the #line directives that map the C back to the dialect source for gcc's messages and gdb.
import { Comment, Expr, File, FunctionHead, Initializer, Stmt, Top } from './ast.js';
import { commentLines, trailingComment } from './comments.js';
import { align, Doc, group, line, packed, render } from './doc.js';
import { callDoc, expression, full, initializerDoc, isInitializer, precedence } from './expressions.js';

export const WIDTH = 100;
const INDENT = 4;

export interface PrintOptions {
    /** Write `#line N "source.ts"` wherever the C drifts from the source line. */
    lineDirectives: boolean;
}

export function printFile(file: File, options: PrintOptions): string {
    const p = new Printer(file.sourcePath, options);
    p.raw(file.banner);
    let previous: Top | undefined;
    for (const item of file.items) {
        if (previous && separated(previous, item)) p.blank();
        p.top(item);
        previous = item;
    }
    return p.text();
}

/** Items of one compact kind (includes, defines, prototypes) follow each other without blank lines. */
function separated(a: Top, b: Top): boolean {
    const compact = (t: Top) => t.k === 'include' || t.k === 'define' || t.k === 'forwardStruct' || t.k === 'prototype' || t.k === 'extern';
    if ((a.k === 'pragmaOnce' && b.k === 'include') || (a.k === 'include' && b.k === 'include')) return false;
    if (compact(a) && a.k === b.k) return hasComments(a) || hasComments(b);
    return true;
}

function hasComments(t: Top): boolean {
    return (t.comments ?? []).some(c => c.lines.some(l => l.trim() !== ''));
}

class Printer {
    private readonly lines: string[] = [];
    /** The source line gcc takes the next C line for, once a #line was written. */
    private mapped: number | undefined;

    constructor(private readonly sourcePath: string, private readonly options: PrintOptions) {}

    text(): string {
        while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
        return this.lines.join('\n') + '\n';
    }

    raw(text: string): void {
        this.lines.push(text);
        if (this.mapped !== undefined) this.mapped++;
    }

    blank(): void {
        if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.raw('');
    }

    private comments(comments: Comment[] | undefined, indent: number): void {
        for (const c of comments ?? []) for (const l of commentLines(c, indent, WIDTH)) this.raw(l);
    }

    /** A #line before the C of source line `line`, unless gcc already counts it right. */
    private origin(line: number | undefined): void {
        if (!this.options.lineDirectives || line === undefined || this.mapped === line) return;
        this.lines.push(`#line ${line} "${this.sourcePath}"`);
        this.mapped = line;
    }

    /** Lays out `doc` at `indent`, with a trailing comment on its last line when it fits there. */
    private emit(doc: Doc, indent: number, trailing?: string): void {
        const rendered = render(doc, WIDTH, indent).map((l, i) => i === 0 ? ' '.repeat(indent) + l : l);
        if (trailing) {
            const last = rendered[rendered.length - 1]! + trailingComment(trailing);
            if (last.length <= WIDTH) rendered[rendered.length - 1] = last;
            else this.comments([{ lines: [trailing] }], indent);
        }
        for (const l of rendered) this.raw(l);
    }

    // ---- top-level items ----

    top(t: Top): void {
        this.comments(t.comments, 0);
        switch (t.k) {
            case 'include': this.raw(t.system ? `#include <${t.path}>` : `#include "${t.path}"`); return;
            case 'pragmaOnce': this.raw('#pragma once'); return;
            case 'define': {
                const head = `#define ${t.name} `;
                const flat = render([head, defineValue(t.value)], Number.MAX_SAFE_INTEGER, 0)[0]!;
                if (flat.length <= WIDTH) {
                    this.raw(flat);
                    return;
                }
                // A long macro continues on backslashed lines (a long literal as adjacent ones).
                const lines = render(defineValue(t.value), WIDTH - 2, INDENT);
                this.raw(`${head.trimEnd()} \\`);
                lines.forEach((l, i) => this.raw(`${' '.repeat(INDENT)}${l.trimStart()}${i < lines.length - 1 ? ' \\' : ''}`));
                return;
            }
            case 'forwardStruct': this.raw(`struct ${t.name};`); return;
            case 'record':
                this.raw(`typedef struct ${t.name} {`);
                this.fields(t.fields);
                this.raw(`} *${t.name};`);
                return;
            case 'enum':
                this.raw(`enum ${t.name} {`);
                for (const m of t.members) {
                    this.comments(m.comments, INDENT);
                    this.emit(m.value ? [m.name, ' = ', full(m.value), ','] : `${m.name},`, INDENT);
                }
                this.raw('};');
                return;
            case 'state':
                this.raw(`static struct ${t.name} {`);
                this.fields(t.fields);
                if (t.inits.length === 0) {
                    this.raw(`} ${t.name};`);
                } else {
                    this.raw(`} ${t.name} = {`);
                    for (const i of t.inits) this.emit([`.${i.field} = `, full(i.value), ','], INDENT);
                    this.raw('};');
                }
                return;
            case 'table': this.table(t.declarator, t.rows); return;
            case 'extern': this.emit(`extern ${t.declarator};`, 0); return;
            case 'prototype':
                this.origin(t.line);
                this.emit([headDoc(t.head), ';'], 0);
                return;
            case 'function':
                this.origin(t.line);
                this.emit(headDoc(t.head), 0);
                this.raw('{');
                this.statements(t.body, INDENT);
                this.raw('}');
                return;
            case 'comment':
                return;
        }
    }

    private fields(fields: { declarator: string; comments?: Comment[]; trailing?: string }[]): void {
        for (const f of fields) {
            this.comments(f.comments, INDENT);
            this.emit(`${f.declarator};`, INDENT, f.trailing);
        }
    }

    private table(declarator: string, rows: (Expr | Initializer)[]): void {
        if (rows.every(r => !isInitializer(r))) {
            // A table of scalars is one line when it fits, else packed like arguments.
            const items = rows.map(r => full(r as Expr));
            const flat = render([`${declarator} = { `, packed(items, ','), ' };'], Number.MAX_SAFE_INTEGER, 0)[0]!;
            if (flat.length <= WIDTH) {
                this.raw(flat);
                return;
            }
            this.raw(`${declarator} = {`);
            this.emit([packed(items, ','), ','], INDENT);
        } else {
            this.raw(`${declarator} = {`);
            for (const r of rows) this.emit([isInitializer(r) ? initializerDoc(r) : full(r), ','], INDENT);
        }
        this.raw('};');
    }

    // ---- statements ----

    statements(body: Stmt[], indent: number): void {
        for (const s of body) this.statement(s, indent);
    }

    private statement(s: Stmt, indent: number): void {
        this.comments(s.comments, indent);
        if (s.k === 'comment') return;
        this.origin(s.line);
        switch (s.k) {
            case 'expr': this.emit([full(s.e), ';'], indent, s.trailing); return;
            case 'decl': this.emit([declaration(s.declarator, s.init), ';'], indent, s.trailing); return;
            case 'return': this.emit(s.value ? ['return ', full(s.value), ';'] : 'return;', indent, s.trailing); return;
            case 'break': this.emit('break;', indent, s.trailing); return;
            case 'continue': this.emit('continue;', indent, s.trailing); return;
            case 'block':
                this.emit('{', indent, s.trailing);
                this.statements(s.body, indent + INDENT);
                this.raw(' '.repeat(indent) + '}');
                return;
            case 'if': this.ifStatement(s, indent, ''); return;
            case 'while': this.loop(['while (', align(expression(s.test)), ')'], s.body, indent, s.trailing); return;
            case 'for': {
                const init = s.init ? forPart(s.init) : '';
                const head: Doc = ['for (', align([init, ';', s.test ? [line, expression(s.test)] : '', ';',
                    s.step ? [line, full(s.step)] : '']), ')'];
                this.loop(group(head), s.body, indent, s.trailing);
                return;
            }
            case 'do':
                this.emit('do {', indent, s.trailing);
                this.statements(blockBody(s.body), indent + INDENT);
                this.emit(['} while (', align(expression(s.test)), ');'], indent);
                return;
            case 'switch':
                this.emit(['switch (', align(expression(s.subject)), ') {'], indent, s.trailing);
                for (const inner of s.body) this.statement(inner, inner.k === 'case' ? indent : indent + INDENT);
                this.raw(' '.repeat(indent) + '}');
                return;
            case 'case':
                this.emit(s.label ? ['case ', full(s.label), ':'] : 'default:', indent, s.trailing);
                return;
        }
    }

    /** `head {` body `}`, or `head` and one statement on the next line. */
    private loop(head: Doc, body: Stmt, indent: number, trailing?: string): void {
        if (body.k === 'block') {
            this.emit([head, ' {'], indent, trailing);
            this.statements(body.body, indent + INDENT);
            this.raw(' '.repeat(indent) + '}');
        } else {
            this.emit(head, indent, trailing);
            this.statement(body, indent + INDENT);
        }
    }

    private ifStatement(s: Extract<Stmt, { k: 'if' }>, indent: number, lead: string): void {
        const head: Doc = [lead, 'if (', align(expression(s.test)), ')'];
        if (s.then.k !== 'block') {
            this.emit(head, indent, s.trailing);
            this.statement(s.then, indent + INDENT);
            if (s.else?.k === 'if') {
                this.comments(s.else.comments, indent);
                this.ifStatement(s.else, indent, 'else ');
            } else if (s.else) {
                this.loop('else', s.else, indent);
            }
            return;
        }
        this.emit([head, ' {'], indent, s.trailing);
        this.statements(s.then.body, indent + INDENT);
        if (!s.else) {
            this.raw(' '.repeat(indent) + '}');
        } else if (s.else.k === 'if' && s.else.then.k === 'block') {
            this.comments(s.else.comments, indent + INDENT);
            this.ifStatement(s.else, indent, '} else ');
        } else {
            this.emit('} else {', indent);
            this.statements(blockBody(s.else), indent + INDENT);
            this.raw(' '.repeat(indent) + '}');
        }
    }
}

function blockBody(s: Stmt): Stmt[] {
    return s.k === 'block' ? s.body : [s];
}

function declaration(declarator: string, init: Expr | Initializer | undefined): Doc {
    if (!init) return declarator;
    return [declarator, ' = ', isInitializer(init) ? initializerDoc(init) : full(init)];
}

/** The first part of a for loop: a declaration or an expression, without its semicolon. */
function forPart(s: Stmt): Doc {
    if (s.k === 'decl') return declaration(s.declarator, s.init);
    if (s.k === 'expr') return full(s.e);
    throw new Error(`a for loop cannot start with a ${s.k} statement`);
}

/** A #define's value, parenthesized unless it is a primary or a call (or a negative number). */
function defineValue(e: Expr): Doc {
    if (precedence(e) >= 15) return expression(e);
    if (e.k === 'unary' && e.op === '-' && e.operand.k === 'number') return expression(e);
    return ['(', expression(e), ')'];
}

export function headDoc(head: FunctionHead): Doc {
    if (head.k === 'plain') {
        const returns = head.returns.endsWith('*') ? head.returns : head.returns + ' ';
        const params = head.params.length === 0 ? ['void'] :
            head.params.map(p => p.unused ? `${p.declarator} __attribute__((unused))` : p.declarator);
        const specifiers = head.specifiers.map(s => s + ' ').join('');
        return [specifiers, returns, head.name, '(', align(packed(params, ',')), ')'];
    }
    // closure_function(1, 1, void, name,
    //                  <bound pairs>,
    //                  <params>)
    const groups = head.groups.filter(g => g.length > 0);
    const all = [...head.lead, ...groups.flat()];
    const flat = `${head.macro}(${all.join(', ')})`;
    if (groups.length === 0 || flat.length <= 100 && groups.length === 0) return flat;
    const parts: Doc[] = [head.lead.join(', ')];
    groups.forEach((g, i) => {
        parts.push(',', { t: 'line', flat: ' ' });
        parts.push(packed(g, i === groups.length - 1 ? ',' : ','));
    });
    return [head.macro, '(', align(parts.map(p => p)), ')'];
}

export { callDoc };
