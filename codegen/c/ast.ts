// The C syntax tree the lowering builds and the printer writes. It holds what the C means, never
// its layout: parentheses, line breaks, indentation, comments' wrapping and #line directives are
// the printer's (printer.ts). Types are kept as their C spelling (a declarator, see types/spelling.ts).

/** Where a node comes from: a line of the dialect source, for #line and gdb. */
export interface Origin {
    line?: number;
}

/** A comment carried from the dialect source: its text, one entry per paragraph line. */
export interface Comment {
    lines: string[];
}

export type BinaryOperator =
    | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '<' | '<=' | '>' | '>=' | '==' | '!='
    | '&' | '^' | '|' | '&&' | '||';

export type AssignmentOperator = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

export type Expr =
    | { k: 'name'; name: string }
    /** An integer literal, spelled as C reads it (`0x1f`, `10ull`). */
    | { k: 'number'; text: string }
    /** A character constant: `'x'`. */
    | { k: 'char'; code: number }
    /** A string literal of the given text (UTF-8); the printer escapes and may split it. */
    | { k: 'string'; text: string }
    | { k: 'call'; callee: Expr; args: Expr[] }
    | { k: 'unary'; op: '!' | '-' | '~' | '&' | '*' | '++' | '--'; operand: Expr }
    | { k: 'postfix'; op: '++' | '--'; operand: Expr }
    | { k: 'binary'; op: BinaryOperator; left: Expr; right: Expr }
    | { k: 'assign'; op: AssignmentOperator; target: Expr; value: Expr }
    | { k: 'conditional'; test: Expr; then: Expr; else: Expr }
    | { k: 'cast'; type: string; operand: Expr }
    | { k: 'member'; object: Expr; name: string; arrow: boolean }
    | { k: 'index'; object: Expr; index: Expr }
    | { k: 'sizeof'; type: string }
    /** Parentheses the dialect source wrote (kept, as a reader put them there on purpose). */
    | { k: 'paren'; inner: Expr }
    /**
     * C written by a binding (`@c` template) that is not a plain call: text with holes. A hole is
     * printed whole where it stands as a macro argument, parenthesized elsewhere unless primary.
     * `precedence` is how tightly the text binds; `bare`, for text wholly in parentheses, is what
     * is inside them, printed instead where no parentheses are needed.
     */
    | { k: 'template'; pieces: TemplatePiece[]; precedence: number; bare?: Expr };

/** Text, a hole, or a space where a long template may break its line (after a `;` of a statement expression). */
export type TemplatePiece = string | { hole: Expr; argument: boolean } | { space: true };

/** A brace initializer: `{ .a = 1, .b = ss("x") }` or `{ 1, 2, 3 }` or `{}`. */
export interface Initializer {
    k: 'init';
    items: { field?: string; value: Expr | Initializer }[];
}

export interface StatementBase extends Origin {
    /** Comments written before the statement in the source. */
    comments?: Comment[];
    /** A comment written after the statement on its line. */
    trailing?: string;
}

export type Stmt = StatementBase & (
    | { k: 'expr'; e: Expr }
    /** `declarator = init;` — `declarator` is the C spelling of the type and name (`u8 *p`). */
    | { k: 'decl'; declarator: string; init?: Expr | Initializer }
    | { k: 'return'; value?: Expr }
    | { k: 'if'; test: Expr; then: Stmt; else?: Stmt }
    | { k: 'while'; test: Expr; body: Stmt }
    | { k: 'do'; body: Stmt; test: Expr }
    | { k: 'for'; init?: Stmt; test?: Expr; step?: Expr; body: Stmt }
    | { k: 'switch'; subject: Expr; body: Stmt[] }
    /** A `case X:` or `default:` label inside a switch body. */
    | { k: 'case'; label?: Expr }
    | { k: 'break' }
    | { k: 'continue' }
    | { k: 'block'; body: Stmt[] }
    /** Comments alone (at the end of a block): `comments` holds them. */
    | { k: 'comment' }
);

/** A parameter: its declarator, and whether the body may leave it unread. */
export interface Param {
    declarator: string;
    unused?: boolean;
}

/** The head of a function: a plain C function, or a closure macro (`closure_function(...)`). */
export type FunctionHead =
    | { k: 'plain'; specifiers: string[]; returns: string; name: string; params: Param[] }
    /**
     * `macro(lead..., group1..., group2...)`: e.g. closure_function(1, 1, void, name, <bound pairs>,
     * <params>). Each group starts its own line when the head does not fit on one.
     */
    | { k: 'macro'; macro: string; lead: string[]; groups: string[][] };

export interface TopBase extends Origin {
    comments?: Comment[];
}

export interface Field {
    declarator: string;
    comments?: Comment[];
    trailing?: string;
}

export type Top = TopBase & (
    | { k: 'include'; path: string; system: boolean }
    | { k: 'pragmaOnce' }
    | { k: 'define'; name: string; value: Expr }
    /** `struct name;` for a struct known only by pointer. */
    | { k: 'forwardStruct'; name: string }
    /** A record: `typedef struct name { fields } *name;` */
    | { k: 'record'; name: string; fields: Field[] }
    | { k: 'enum'; name: string; members: { name: string; value?: Expr; comments?: Comment[] }[] }
    /** The module state: `static struct name { fields } name = { inits };` */
    | { k: 'state'; name: string; fields: Field[]; inits: { field: string; value: Expr }[] }
    /** A constant table: `declarator = { rows };` (`static const u16 days[]`). */
    | { k: 'table'; declarator: string; rows: (Expr | Initializer)[] }
    /** `extern declarator;` — a table another module defines. */
    | { k: 'extern'; declarator: string }
    | { k: 'prototype'; head: FunctionHead }
    | { k: 'function'; head: FunctionHead; body: Stmt[] }
    /** Comments alone, e.g. the file's own description. */
    | { k: 'comment' }
);

/** One C file or header: its items in order; the printer separates groups with blank lines. */
export interface File {
    /** The first line, naming the source. */
    banner: string;
    items: Top[];
    /** The dialect source path, for #line. */
    sourcePath: string;
}

// ---- constructors for the shapes lowering builds most ----

export const name = (n: string): Expr => ({ k: 'name', name: n });
export const num = (text: string | number): Expr => ({ k: 'number', text: String(text) });
export const call = (callee: string | Expr, args: Expr[]): Expr =>
    ({ k: 'call', callee: typeof callee === 'string' ? name(callee) : callee, args });
export const binary = (op: BinaryOperator, left: Expr, right: Expr): Expr => ({ k: 'binary', op, left, right });
export const unary = (op: '!' | '-' | '~' | '&' | '*' | '++' | '--', operand: Expr): Expr => ({ k: 'unary', op, operand });
export const member = (object: Expr, field: string, arrow: boolean): Expr => ({ k: 'member', object, name: field, arrow });
export const cast = (type: string, operand: Expr): Expr => ({ k: 'cast', type, operand });
export const addressOf = (operand: Expr): Expr => unary('&', operand);
export const exprStmt = (e: Expr, line?: number): Stmt => ({ k: 'expr', e, line });

/** True for `0` and `false`, what a static struct starts as anyway. */
export function isZero(e: Expr): boolean {
    return (e.k === 'number' && e.text === '0') || (e.k === 'name' && e.name === 'false');
}
