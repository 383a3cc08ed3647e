// C expressions as layout documents: the printer decides every parenthesis from C's precedence
// (plus those gcc's -Wparentheses asks for), and where long expressions may break.
import { BinaryOperator, Expr, Initializer } from './ast.js';
import { align, Doc, group, line, packed } from './doc.js';
import { charConstant, stringPieces } from './literals.js';

const BINARY_PRECEDENCE: Record<BinaryOperator, number> = {
    '*': 13, '/': 13, '%': 13,
    '+': 12, '-': 12,
    '<<': 11, '>>': 11,
    '<': 10, '<=': 10, '>': 10, '>=': 10,
    '==': 9, '!=': 9,
    '&': 8,
    '^': 7,
    '|': 6,
    '&&': 5,
    '||': 4,
};

const PRIMARY = 16;
const POSTFIX = 15;
const UNARY = 14;
const CONDITIONAL = 3;
const ASSIGNMENT = 2;

/** How tightly an expression binds: it needs parentheses where a tighter one is required. */
export function precedence(e: Expr): number {
    switch (e.k) {
        case 'name': case 'number': case 'char': case 'string': case 'paren': case 'sizeof':
            return PRIMARY;
        case 'template':
            return e.precedence;
        case 'call': case 'member': case 'index': case 'postfix':
            return POSTFIX;
        case 'unary': case 'cast':
            return UNARY;
        case 'binary':
            return BINARY_PRECEDENCE[e.op];
        case 'conditional':
            return CONDITIONAL;
        case 'assign':
            return ASSIGNMENT;
    }
}

/** The document of `e` where an expression of at least `min` precedence may stand. */
export function expression(e: Expr, min = 0): Doc {
    // The source's parentheses are kept around operators (the reader's grouping), not around a
    // cast, a call or a name, which TypeScript needed them for and C does not.
    if (e.k === 'paren' && precedence(e.inner) >= UNARY && precedence(e.inner) >= min) return expression(e.inner, min);
    // A binding's text in parentheses it does not need here is printed without them.
    if (e.k === 'template' && e.bare && precedence(e.bare) >= min) return expression(e.bare, min);
    const doc = bare(e);
    return precedence(e) < min ? ['(', doc, ')'] : doc;
}

/** A full expression: an argument, an initializer, a statement (no comma operator exists here). */
export function full(e: Expr): Doc {
    return expression(e, ASSIGNMENT);
}

function bare(e: Expr): Doc {
    switch (e.k) {
        case 'name': return e.name;
        case 'number': return e.text;
        case 'char': return charConstant(e.code);
        case 'string': return { t: 'cstring', chars: stringPieces(e.text) };
        case 'sizeof': return `sizeof(${e.type})`;
        case 'paren': return ['(', expression(e.inner, 0), ')'];
        case 'call': return callDoc(expression(e.callee, POSTFIX), e.args);
        case 'member': return [expression(e.object, POSTFIX), e.arrow ? '->' : '.', e.name];
        case 'index': return [expression(e.object, POSTFIX), '[', expression(e.index, 0), ']'];
        case 'postfix': return [expression(e.operand, POSTFIX), e.op];
        case 'unary': {
            const operand = expression(e.operand, UNARY);
            // `- -x` and `& &x` read badly and `--x` would be another operator.
            const clash = (e.op === '-' || e.op === '&') && startsWith(e.operand, e.op);
            return [e.op, clash ? ['(', expression(e.operand, 0), ')'] : operand];
        }
        case 'cast': return ['(', e.type, ')', expression(e.operand, UNARY)];
        case 'binary': return binaryDoc(e);
        case 'conditional':
            return group(align([
                expression(e.test, CONDITIONAL + 1), line, '? ', expression(e.then, CONDITIONAL), line, ': ',
                expression(e.else, CONDITIONAL),
            ]));
        case 'assign': return [expression(e.target, UNARY), ` ${e.op} `, expression(e.value, ASSIGNMENT)];
        case 'template': return templateDoc(e.pieces);
    }
}

/** A binding's C: its text and holes, broken (when too long) only where the binding allows it. */
function templateDoc(pieces: Extract<Expr, { k: 'template' }>['pieces']): Doc {
    const parts: Doc[] = [];
    let current: Doc[] = [];
    for (const p of pieces) {
        if (typeof p === 'string') current.push(p);
        else if ('space' in p) {
            parts.push(current, line);
            current = [];
        } else current.push(p.argument ? full(p.hole) : expression(p.hole, POSTFIX));
    }
    parts.push(current);
    return parts.length === 1 ? current : align({ t: 'fill', parts });
}

/** `callee(args)`: arguments packed, continuing aligned after the parenthesis. */
export function callDoc(callee: Doc, args: Expr[]): Doc {
    if (args.length === 0) return [callee, '()'];
    return [callee, '(', align(packed(args.map(a => group(full(a))), ',')), ')'];
}

function binaryDoc(e: Extract<Expr, { k: 'binary' }>): Doc {
    // A chain of one operator (a && b && c) is packed; its operands line up under the first.
    const operands: Expr[] = [];
    const collect = (x: Expr) => {
        if (x.k === 'binary' && x.op === e.op && !needsClarity(e.op, x)) {
            collect(x.left);
            operands.push(x.right);
        } else {
            operands.push(x);
        }
    };
    collect(e.left);
    operands.push(e.right);
    const p = BINARY_PRECEDENCE[e.op];
    const docs = operands.map((x, i) => {
        const min = i === 0 ? p : p + 1;
        return needsClarity(e.op, x) ? ['(', expression(x, 0), ')'] : group(expression(x, min));
    });
    // A comparison stays on its line (`f(...) == 0`): its left side breaks instead.
    if (BINARY_PRECEDENCE[e.op] === 9 || BINARY_PRECEDENCE[e.op] === 10) {
        return docs.flatMap((d, i) => i > 0 ? [` ${e.op} `, d] : [d]);
    }
    const parts: Doc[] = [];
    docs.forEach((d, i) => {
        if (i > 0) parts.push(line);
        parts.push(i < docs.length - 1 ? [d, ` ${e.op}`] : d);
    });
    return align({ t: 'fill', parts });
}

/** Parentheses gcc's -Wparentheses wants, and those that make mixed bit operations readable. */
function needsClarity(parent: BinaryOperator, child: Expr): boolean {
    if (child.k === 'unary' && child.op === '!' && (parent === '==' || parent === '!=')) return true;
    if (child.k !== 'binary') return false;
    const op = child.op;
    switch (parent) {
        case '||': return op === '&&';
        case '<<': case '>>': return op === '+' || op === '-';
        case '&': case '|': case '^':
            return op !== parent && BINARY_PRECEDENCE[op] > BINARY_PRECEDENCE['&&'];
        case '==': case '!=': case '<': case '<=': case '>': case '>=':
            return BINARY_PRECEDENCE[op] === 9 || BINARY_PRECEDENCE[op] === 10;
    }
    return false;
}

function startsWith(e: Expr, op: string): boolean {
    if (e.k === 'unary') return e.op.startsWith(op);
    if (e.k === 'number') return e.text.startsWith(op);
    return false;
}

/** `{ .a = 1, .b = 2 }`, `{ 1, 2 }` or `{}`. */
export function initializerDoc(init: Initializer): Doc {
    if (init.items.length === 0) return '{}';
    const items = init.items.map(item => {
        const value = 'k' in item.value && item.value.k === 'init' ? initializerDoc(item.value) : full(item.value as Expr);
        return item.field ? [`.${item.field} = `, value] : value;
    });
    return group(['{ ', align(packed(items, ',')), ' }']);
}

export function isInitializer(x: Expr | Initializer): x is Initializer {
    return x.k === 'init';
}
