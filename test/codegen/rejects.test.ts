// Constructs outside the dialect: each case is one module whose `/*@*/` marker stands where the
// error must point. All cases compile in one run; each must get its located error, and no C at all
// may be produced.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { compileDialect, ROOT, tempDir } from './lib/klibc.ts';

const PRELUDE = `import { bool, bytes, closure, embedded, oneShot, stackClosure, u8, u32, u64, Fixed } from '${ROOT}/klib-src/dialect';
import { Heap, Status, StatusHandler, Thunk, Timer, rprintf, SString, CString, offsetOf } from '${ROOT}/klib-src/nanos';
interface R { a: u32 }
`;

const CASES: [name: string, source: string, message: RegExp][] = [
    ['class', `/*@*/class A {}`, /classes are not in the dialect/],
    ['class_inheritance', `/*@*/class C extends Object {}`, /class inheritance is not in the dialect/],
    ['try_catch', `function f(): void { /*@*/try { f(); } catch { f(); } }`, /try\/catch is not in the dialect/],
    ['throw', `function f(): void { /*@*/throw 1; }`, /throw is not in the dialect/],
    ['async', `/*@*/async function f(): Promise<void> {}`, /async functions are not in the dialect/],
    ['await', `async function f(): Promise<void> { /*@*/await f(); }`, /await is not in the dialect/],
    ['generator', `/*@*/function* g(): Generator<u32> { yield 1; }`, /generators are not in the dialect/],
    ['any', `function f(x: /*@*/any): void {}`, /'any' is not allowed/],
    ['unknown', `function f(x: /*@*/unknown): void {}`, /'unknown' is not allowed/],
    ['union', `function f(x: /*@*/u32 | bool): void {}`, /unions are not in the dialect, except 'T \| null'/],
    ['nullable_integer', `function f(x: /*@*/u32 | null): void {}`, /only pointer types can be null/],
    ['dynamic_property', `function f(r: R): u32 { return /*@*/r['a']; }`, /dynamic property access/],
    ['var', `function f(): void { /*@*/var x: u32 = 1; }`, /'var' is not in the dialect/],
    ['for_in', `function f(r: R): void { /*@*/for (const k in r) { f(r); } }`, /for\.\.\.in is not in the dialect/],
    ['for_of', `function f(): void { /*@*/for (const x of [1]) { f(); } }`, /for\.\.\.of is not in the dialect/],
    ['eval', `function f(): void { /*@*/eval('1'); }`, /'eval' is not in the dialect/],
    ['float', `const X: u32 = /*@*/1.5;`, /floating point is not in the dialect/],
    ['float_exponent', `const X: u32 = /*@*/1e3;`, /floating point is not in the dialect/],
    ['number_type', `function f(x: /*@*/number): void {}`, /'number' has no size/],
    ['string_type', `function f(x: /*@*/string): void {}`, /'string' is not a C type/],
    ['loose_equality', `function f(a: u32): bool { return a /*@*/== 1; }`, /'==' converts types/],
    ['loose_inequality', `function f(a: u32): bool { return a /*@*/!= 1; }`, /'!=' converts types/],
    ['power', `function f(a: u32): u32 { return a /*@*/** 2; }`, /'\*\*' is not in the dialect/],
    ['float_division', `function f(a: u32): u32 { return a /*@*// 2; }`, /Math\.trunc\(a \/ b\)/],
    ['in_operator', `function f(r: R): bool { return 'a' /*@*/in r; }`, /'in' is not in the dialect/],
    ['instanceof', `function f(r: R): bool { return r /*@*/instanceof Object; }`, /'instanceof' is not in the dialect/],
    ['typeof', `function f(a: u32): bool { return /*@*/typeof a === 'number'; }`, /'typeof' is not in the dialect/],
    ['object_literal', `function f(): void { const o = /*@*/{ a: 1 }; }`, /object literals are not in the dialect/],
    ['array_literal', `function f(): void { const a = /*@*/[1, 2]; }`, /array literals are not in the dialect, except as a constant table/],
    ['new', `function f(): void { const d = /*@*/new Date(); }`, /'new' is not in the dialect/],
    ['destructuring', `function f(r: R): void { const /*@*/{ a } = r; }`, /destructuring is not in the dialect/],
    ['optional_chaining', `function f(r: R | null): u32 { return /*@*/r?.a ?? 0; }`, /optional chaining/],
    ['nullish', `function f(a: R | null, b: R): R { return a /*@*/?? b; }`, /'\?\?' is not in the dialect/],
    ['labeled', `function f(): void { /*@*/outer: for (;;) { break outer; } }`, /labeled statements are not in the dialect/],
    ['optional_parameter', `function f(/*@*/x?: u32): void {}`, /optional parameters are not in the dialect/],
    ['default_parameter', `function f(/*@*/x: u32 = 1): void {}`, /default parameter values are not in the dialect/],
    ['rest_parameter', `function f(/*@*/...x: u32[]): void {}`, /rest parameters are not in the dialect/],
    ['nested_function', `function f(): void { /*@*/function g(): void {} g(); }`, /nested functions are not in the dialect/],
    ['function_expression', `const g = /*@*/function (): void {};`, /function expressions are not in the dialect/],
    ['exported_state', `export let /*@*/x: u32 = 0;`, /module state is private to its module/],
    ['top_level_statement', `/*@*/rprintf('x');`, /statements at module level are not in the dialect/],
    ['string_concatenation', `function f(a: SString, b: SString): void { rprintf(\`\${/*@*/a + b}\`); }`, /string concatenation is not in the dialect/],
    ['template_outside_format', `function f(n: u32): SString { return /*@*/\`x\${n}\`; }`, /template literal can only be passed where a format is expected/],
    ['plain_enum', `/*@*/enum E { A }`, /only 'const enum' is in the dialect/],
    ['optional_field', `interface Q { /*@*/a?: u32 }`, /optional fields are not in the dialect/],
    ['interface_inheritance', `interface Q extends /*@*/R { b: u32 }`, /interface inheritance is not in the dialect/],
    ['generic_function', `function id<T>(x: T): /*@*/T { return x; }`, /generic types are not in the dialect/],
    ['bare_arrow', `function f(): Thunk { return /*@*/() => {}; }`, /choose how this closure is allocated/],
    ['embedded_in_function', `function f(): Thunk { return /*@*/embedded(() => {}); }`, /embedded\(\) closures live in the module state/],
    ['closure_without_type', `function f(h: Heap): void { const c = /*@*/closure(h, () => {}); }`, /cannot tell which closure type/],
    ['capture_changed_outside', `function f(h: Heap): Thunk { let n: u32 = 0; const t: Thunk = closure(h, () => { rprintf(\`\${/*@*/n}\`); }); n = 2; return t; }`, /changes outside the closure/],
    ['capture_written_then_read', `function f(h: Heap): u32 { let n: u32 = 0; const t: Thunk = closure(h, () => { /*@*/n = 5; }); t(); return n; }`, /changes its own copy of 'n'/],
    ['stack_closure_writes_capture', `function g(t: Thunk): void { t(); } function f(): void { let n: u32 = 0; g(stackClosure(() => { /*@*/n++; })); }`, /a stack closure cannot change the captured 'n'/],
    ['capture_fixed_array', `interface B { x: Fixed<u8, 4> } function f(h: Heap, b: B): Thunk { const t: Thunk = closure(h, () => { rprintf(\`\${/*@*/b.x[0]}\`); }); return t; }`, /^$|never/],
    ['undeclared_c_function', `function f(): void { /*@*/printf('x'); }`, /Cannot find name 'printf'/],
    ['big_number_literal', `const BIG: u64 = /*@*/18446744073709551615;`, /write a bigint literal/],
    ['undefined', `function f(): u32 { const x: u32 = /*@*/undefined; return x; }`, /'undefined' is not in the dialect/],
    ['state_not_constant', `function one(): u32 { return 1; } let x: u32 = /*@*/one();`, /module state starts zeroed or with a constant/],
    ['missing_return_type', `function /*@*/f() { }`, /write the return type of a function/],
    ['this', `function f(): void { /*@*/this; }`, /'this' is not in the dialect/],
    ['delete', `function f(r: R): void { /*@*/delete r.a; }`, /'delete' is not in the dialect/],
    ['tuple_type', `function f(x: /*@*/[u32, u32]): void {}`, /tuples are not in the dialect/],
    ['inline_function_type', `function f(g: /*@*/() => void): void {}`, /inline function type has no C name/],
    ['method_signature', `interface Q { /*@*/run(): void }`, /methods are not in the dialect/],
    ['string_compare', `function f(a: SString, b: SString): bool { return /*@*/a === b; }`, /strings are compared with a binding/],
    ['wrong_closure_arity', `function f(h: Heap): StatusHandler { return closure(h, /*@*/(a: Status, b: Status) => {}); }`, /StatusHandler takes 1 parameters|not assignable/],
    ['c_keyword_local', `function f(): u32 { const /*@*/short: u32 = 1; return short; }`, /'short' is a C keyword/],
    ['kernel_macro_local', `function f(): u32 { const /*@*/bound: u32 = 1; return bound; }`, /'bound' is the name of a kernel macro closures use/],
    ['private_enum_in_exported_record', `const enum Mode { A } export interface Q { m: /*@*/Mode }`, /exported record 'Q' uses 'Mode', which is not exported/],
    ['local_named_like_its_type', `function f(/*@*/heap: Heap): void {}`, /'heap' is also the name of its C type/],
    ['inline_uses_state', `let n: u32 = 0;\n/** @inline */\nexport function f(): u32 { return /*@*/n; }`, /the @inline function 'f' uses 'n', which the header does not define/],
    ['inline_private_constant', `const K: u32 = 1;\n/** @inline */\nexport function f(): u32 { return /*@*/K; }`, /the @inline function 'f' uses 'K', which the header does not define/],
    ['inline_calls_plain_function', `export function g(): u32 { return 1; }\n/** @inline */\nexport function f(): u32 { return /*@*/g(); }`, /uses 'g', which the header does not define/],
    ['inline_and_noinline', `/** @inline @noinline */\nfunction /*@*/f(): void {}`, /@inline or @noinline, not both/],
    // JavaScript's library: each use says what the dialect offers instead.
    ['arguments', `function f(a: u32): u32 { return /*@*/arguments.length; }`, /'arguments' is not in the dialect: .*name each one/],
    ['math_random', `function f(): u32 { return /*@*/Math.random() as u32; }`, /Math.random\(\) is not in the dialect .*randomU64\(\)/],
    ['math_max', `function f(a: u32, b: u32): u32 { return /*@*/Math.max(a, b); }`, /Math.max is not in the dialect .*integer operators/],
    ['json_parse', `function f(): void { const v = /*@*/JSON.parse('1'); }`, /'JSON' is not in the dialect: .*json_reader/],
    ['string_split', `function f(): void { const p = /*@*/"a,b".split(","); }`, /'split': strings have no methods in the dialect/],
    ['string_length', `function f(s: SString): u32 { return /*@*/s.length; }`, /'length': strings have no methods in the dialect: .*sstringLength/],
    ['symbol', `function f(): void { const s = /*@*/Symbol(); }`, /'Symbol' is not in the dialect: .*symbolOf/],
    ['nan', `function f(): u32 { return /*@*/NaN; }`, /'NaN' is not in the dialect .*integer sentinel/],
    ['infinity', `function f(): u32 { return /*@*/Infinity; }`, /'Infinity' is not in the dialect/],
    ['date', `function f(): void { const d = /*@*/Date.now(); }`, /'Date' is not in the dialect: .*kernNow/],
    ['regexp_object', `function f(): void { const r = new /*@*/RegExp('x'); }`, /regular expressions are not in the dialect/],
    ['promise', `function f(): void { /*@*/Promise.resolve(1); }`, /'Promise' is not in the dialect: .*closure/],
    ['console', `function f(): void { /*@*/console.log('x'); }`, /'console' is not in the dialect: .*rprintf/],
    ['set_timeout', `function f(): void { /*@*/setTimeout(f, 10); }`, /'setTimeout' is not in the dialect: .*registerTimer/],
    ['parse_int', `function f(): u32 { return /*@*/parseInt('1'); }`, /'parseInt' is not in the dialect/],
    ['table_method', `const T: readonly u32[] = [1, 2]; function f(): void { /*@*/T.forEach(f); }`, /'forEach': arrays have no methods in the dialect/],
    // Constant tables and character constants.
    ['table_in_function', `function f(): u32 { const t: readonly u32[] = /*@*/[1, 2]; return t[0]!; }`, /array literals are not in the dialect, except as a constant table/],
    ['table_with_let', `let T: /*@*/readonly u32[] = [1];`, /a readonly array is a constant table: declare it at module level, `const T/],
    ['table_not_constant', `function one(): u32 { return 1; } const T: readonly u32[] = [/*@*/one()];`, /a table holds constants/],
    ['table_of_closures', `const /*@*/T: readonly Thunk[] = [];`, /a table holds integers, booleans, enums, strings or records of those/],
    ['table_row_assigned', `const T: readonly u32[] = [1]; function f(): void { /*@*/T[0] = 2; }`, /only permits reading/],
    ['empty_table', `const T: readonly u32[] = /*@*/[];`, /a table has at least one row/],
    ['table_row_not_record', `const T: readonly R[] = [/*@*/1];`, /not assignable to type 'R'/],
    ['object_literal_outside_table', `function f(): void { const o = /*@*/{ a: 1 }; }`, /object literals are not in the dialect: .*constant table may list records/],
    ['table_reference_length', `function f(t: readonly u32[]): bytes { return /*@*/t.length; }`, /a table passed by reference has no length: pass its row count with it/],
    ['table_reference_other_rows', `const T: readonly u32[] = [1]; function g(t: readonly u8[]): u8 { return t[0]!; } function f(): u8 { return g(/*@*/T); }`, /a table of u32 cannot be used as a table of u8/],
    ['table_reference_local', `function f(t: readonly u32[]): void { const /*@*/u = t; }`, /a table is a module constant: 'u' cannot hold one/],
    ['offset_of_not_record', `const O = offsetOf</*@*/u32>('toFixed');`, /offsetOf takes a record of the klib, not u32/],
    ['offset_of_unknown_field', `const O = offsetOf<R>(/*@*/'b');`, /not assignable to parameter of type '"a"'/],
    ['character_of_two', `const C = /*@*/'ab'.charCodeAt(0);`, /a character constant is one character and index 0/],
    ['character_not_ascii', `const C = /*@*/'é'.charCodeAt(0);`, /a character constant is one ASCII character/],
];
// The fixed-array capture case above is legal (it captures the record pointer b, not the array):
// it documents that capturing through a pointer is the way, so it expects no error.
const EXPECTED_CLEAN = new Set(['capture_fixed_array']);

const dir = path.join(tempDir('klibc-rejects-'), 'rejects');
fs.mkdirSync(dir);
const cases = CASES.map(([name, source, message]) => {
    const text = PRELUDE + source + '\n';
    const offset = text.indexOf('/*@*/');
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const file = path.join(dir, `${name}.ts`);
    fs.writeFileSync(file, text.replace('/*@*/', ''));
    return { name, line, column, message };
});

const result = compileDialect([dir]);

t.equal(result.files.size, 0, 'no C is produced when any module has an error');
t.ok(cases.length - EXPECTED_CLEAN.size >= 40, `at least 40 rejected constructs (${cases.length - EXPECTED_CLEAN.size})`);

for (const c of cases) {
    t.test(c.name, async t => {
        const mine = result.diagnostics.list.filter(d => d.file.endsWith(`${path.sep}${c.name}.ts`));
        if (EXPECTED_CLEAN.has(c.name)) {
            t.same(mine, [], 'accepted');
            return;
        }
        const hit = mine.find(d => d.line === c.line && d.column === c.column && c.message.test(d.message));
        t.ok(hit, `error at ${c.name}.ts:${c.line}:${c.column} matching ${c.message}`, { got: mine.map(d => `${d.line}:${d.column}: ${d.message}`) });
        t.ok(hit?.file.endsWith(`rejects${path.sep}${c.name}.ts`), 'names the file');
        t.match(hit?.sourceLine ?? '', /\S/, 'quotes the source line');
    });
}
