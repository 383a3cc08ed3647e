// JavaScript's runtime library (Math, JSON, Date, string and array methods ...) is not in the
// dialect: TypeScript knows it from its lib files, C has none of it. Each use gets an error at its
// place saying what the dialect offers instead. Names are looked up only when their text is one
// the library declares, and confirmed by what they resolve to, so a local of the same name is fine.
import { Identifier, Node, SourceFile, ts } from 'ts-morph';
import { Diagnostics } from '../diagnostics.js';

const NO_FLOAT = 'there is no floating point in the kernel';
const DATA = 'records, Fixed<T, N> arrays, constant tables and buffers hold data';

/** Global names of the library, with what to use instead. */
const GLOBALS: Record<string, string> = {
    Math: `'Math' is not in the dialect (${NO_FLOAT}): write integer operations (a < b ? a : b); integer division is Math.trunc(a / b)`,
    JSON: "'JSON' is not in the dialect: there are no dynamic objects; read JSON from a buffer with lib/json_reader (jsonFind, jsonInteger) and write it with bprintf and lib/json_escape",
    Symbol: "'Symbol' is not in the dialect: a manifest key is a kernel symbol, symbolOf('name')",
    NaN: `'NaN' is not in the dialect (${NO_FLOAT}): use an integer sentinel or a boolean`,
    Infinity: `'Infinity' is not in the dialect (${NO_FLOAT}): use the type's largest value or a boolean`,
    isNaN: `'isNaN' is not in the dialect (${NO_FLOAT})`,
    isFinite: `'isFinite' is not in the dialect (${NO_FLOAT})`,
    Date: "'Date' is not in the dialect: read the kernel clock with kernNow(ClockId.Realtime), a timestamp (lib/time_format writes it as text)",
    RegExp: "regular expressions are not in the dialect: scan the bytes with a loop (charCodeAt, bufferByte)",
    Promise: "'Promise' is not in the dialect: asynchronous work continues in a closure (a StatusHandler, a TimerHandler ...)",
    console: "'console' is not in the dialect: print to the kernel console with rprintf(`...`)",
    setTimeout: "'setTimeout' is not in the dialect: use a kernel timer, registerTimer(kernelTimers, timer, ClockId.Monotonic, ...)",
    setInterval: "'setInterval' is not in the dialect: use a kernel timer with an interval, registerTimer(...)",
    parseInt: "'parseInt' is not in the dialect: read the digits with charCodeAt or bufferByte (lib/config_forms reads numbers from the manifest)",
    parseFloat: `'parseFloat' is not in the dialect (${NO_FLOAT})`,
    Number: "'Number' is not in the dialect: values have integer types (u32, u64, ...); convert with 'x as u32'",
    String: "'String' is not in the dialect: format a value into a buffer with bprintf(`${x}`)",
    Boolean: "'Boolean' is not in the dialect: write the condition (x !== 0, p !== null)",
    Object: `'Object' is not in the dialect: there are no dynamic objects; ${DATA}`,
    Array: `'Array' is not in the dialect: ${DATA}`,
    Map: `'Map' is not in the dialect: ${DATA}`,
    Set: `'Set' is not in the dialect: ${DATA}`,
    WeakMap: `'WeakMap' is not in the dialect: ${DATA}`,
    WeakSet: `'WeakSet' is not in the dialect: ${DATA}`,
    Error: "'Error' is not in the dialect: there are no exceptions; return a status (timm(...)) or a boolean",
    Uint8Array: "typed arrays are not in the dialect: use a Buffer, a BytePtr or Fixed<u8, N>",
    ArrayBuffer: "typed arrays are not in the dialect: use a Buffer, a BytePtr or Fixed<u8, N>",
    DataView: "typed arrays are not in the dialect: use a Buffer, a BytePtr or Fixed<u8, N>",
    BigInt: "'BigInt' is not in the dialect: 64-bit values are u64 or s64 (bigint literals like 1n are allowed)",
    encodeURIComponent: "'encodeURIComponent' is not in the dialect: percent-encode into a buffer with lib/percent",
    decodeURIComponent: "'decodeURIComponent' is not in the dialect",
    globalThis: "'globalThis' is not in the dialect: module state is a module's top-level let",
    Proxy: "'Proxy' is not in the dialect",
    Reflect: "'Reflect' is not in the dialect",
    Intl: "'Intl' is not in the dialect",
};

const MATH_RANDOM = `Math.random() is not in the dialect (${NO_FLOAT}): take random bits from the kernel with randomU64()`;

const STRING_METHODS = new Set([
    'split', 'indexOf', 'lastIndexOf', 'slice', 'substring', 'substr', 'toUpperCase', 'toLowerCase', 'trim', 'trimStart',
    'trimEnd', 'startsWith', 'endsWith', 'includes', 'replace', 'replaceAll', 'concat', 'charAt', 'codePointAt', 'padStart',
    'padEnd', 'repeat', 'at', 'localeCompare', 'match', 'matchAll', 'search', 'normalize', 'length', 'toString',
]);
const STRINGS = 'strings have no methods in the dialect: they are C strings (SString, CString); ' +
    'compare with a binding (bufferCompare, runtime_strcmp), take the length with sstringLength(s), scan bytes with charCodeAt';

const ARRAY_METHODS = new Set([
    'map', 'filter', 'forEach', 'reduce', 'reduceRight', 'push', 'pop', 'shift', 'unshift', 'splice', 'slice', 'indexOf',
    'lastIndexOf', 'includes', 'find', 'findIndex', 'findLast', 'join', 'sort', 'reverse', 'concat', 'some', 'every', 'keys',
    'values', 'entries', 'fill', 'flat', 'flatMap', 'at', 'copyWithin',
]);
const ARRAYS = 'arrays have no methods in the dialect: walk a constant table or a Fixed<T, N> with a counted for loop (up to T.length)';

export function checkLibrary(file: SourceFile, diags: Diagnostics): void {
    // Walk TypeScript's own nodes and wrap only the few identifiers worth a look: wrapping every
    // node of every module costs more than the rest of the check.
    const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
            const text = node.text;
            if (GLOBALS[text] !== undefined || STRING_METHODS.has(text) || ARRAY_METHODS.has(text)) {
                checkIdentifier(wrap(file, node) as Identifier, diags);
            }
            return;
        }
        ts.forEachChild(node, visit);
    };
    visit(file.compilerNode);
}

function checkIdentifier(id: Identifier, diags: Diagnostics): void {
    const text = id.getText();
    const parent = id.getParent();
    const isMember = Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id;
    if (isMember) {
        if (STRING_METHODS.has(text) || ARRAY_METHODS.has(text)) checkMember(id, text, parent, diags);
        return;
    }
    const message = GLOBALS[text];
    if (!message || !fromLibrary(id)) return;
    if (text === 'Math' && Node.isPropertyAccessExpression(parent) && parent.getExpression() === id) {
        const member = parent.getName();
        if (member === 'trunc') return; // integer division: Math.trunc(a / b)
        diags.error(parent, member === 'random' ? MATH_RANDOM : `Math.${member} is not in the dialect (${NO_FLOAT}): write it with integer operators; integer division is Math.trunc(a / b)`);
        return;
    }
    const target = Node.isPropertyAccessExpression(parent) && parent.getExpression() === id ? parent : id;
    diags.error(target, message);
}

/** ts-morph's wrapper of a TypeScript node of `file`. */
function wrap(file: SourceFile, node: ts.Node): Node {
    return (file as unknown as { _getNodeFromCompilerNode(n: ts.Node): Node })._getNodeFromCompilerNode(node);
}

function checkMember(id: Identifier, name: string, access: import('ts-morph').PropertyAccessExpression, diags: Diagnostics): void {
    const decl = id.getSymbol()?.getDeclarations()[0];
    if (!decl || !isLibraryFile(decl.getSourceFile())) return;
    const owner = decl.getParent();
    const ownerName = owner && Node.isInterfaceDeclaration(owner) ? owner.getName() : '';
    if (ownerName === 'String') {
        diags.error(access, `'${name}': ${STRINGS}`);
    } else if (ownerName === 'ReadonlyArray' || ownerName === 'Array') {
        if (name === 'length' && ownerName === 'ReadonlyArray') return; // a constant table's row count
        diags.error(access, `'${name}': ${ARRAYS}`);
    }
}

function fromLibrary(id: Identifier): boolean {
    const decl = id.getSymbol()?.getDeclarations()[0];
    return !decl || isLibraryFile(decl.getSourceFile());
}

function isLibraryFile(file: SourceFile): boolean {
    const p = file.getFilePath();
    return p.includes('/typescript/lib/lib.');
}
