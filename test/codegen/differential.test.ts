// Differential test: pure dialect functions run under Node as TypeScript and as compiled C (built
// freestanding against nanos-headers, called from a hosted harness) on the same random inputs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import * as pure from './differential/pure/pure.ts';
import { countNewlines } from '../../klib-src/sample/count.ts';
import { CFLAGS, compileDialect, HEADERS, ROOT, tempDir, writeFiles } from './lib/klibc.ts';

const result = compileDialect(['test/codegen/differential/pure', 'klib-src/sample/count.ts']);
t.equal(result.diagnostics.format(), '', 'pure modules compile');
const out = tempDir('klibc-diff-');
writeFiles(out, result.files);
const objects: string[] = [];
for (const rel of result.files.keys()) {
    if (!rel.endsWith('.c')) continue;
    const obj = path.join(out, rel.replace(/\.c$/, '.o'));
    const r = spawnSync('gcc', [...CFLAGS, '-O2', `-I${HEADERS}`, `-I${path.join(out, path.dirname(rel))}`, path.join(out, rel), '-o', obj], { encoding: 'utf8' });
    t.equal(r.status, 0, `${rel} compiles`, { output: r.stderr });
    objects.push(obj);
}
const exe = path.join(out, 'harness');
const link = spawnSync('gcc', ['-O2', '-o', exe, path.join(ROOT, 'test/codegen/differential/harness.c'), ...objects], { encoding: 'utf8' });
t.equal(link.status, 0, 'harness links', { output: link.stderr });

// A small deterministic generator, so a failure can be replayed.
let seed = 0x2545f491;
function rand(limit: number): number {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * limit);
}
function randomText(): string {
    let s = '';
    const n = rand(200);
    for (let i = 0; i < n; i++) s += String.fromCharCode(rand(6) === 0 ? 10 : 1 + rand(127));
    return s;
}
const hex = (s: string) => (s.length === 0 ? '-' : Buffer.from(s, 'latin1').toString('hex'));

const calls: { line: string; expected: string }[] = [];
for (let i = 0; i < 500; i++) {
    const x = rand(2 ** 32), n = 1 + rand(31);
    calls.push({ line: `rotl32 ${x} ${n}`, expected: String(pure.rotl32(x, n)) });
    const text = randomText();
    calls.push({ line: `fnv1a32 ${hex(text)}`, expected: String(pure.fnv1a32(text, text.length)) });
    calls.push({ line: `countNewlines ${hex(text)}`, expected: String(countNewlines(text, text.length)) });
    const c = rand(256);
    calls.push({ line: `hexValue ${c}`, expected: String(pure.hexValue(c)) });
    const a = rand(2 ** 40), b = rand(2 ** 20);
    calls.push({ line: `gcd ${a} ${b}`, expected: String(pure.gcd(a, b)) });
    calls.push({ line: `decimalDigits ${rand(2 ** 50)}`, expected: '' });
    calls[calls.length - 1]!.expected = String(pure.decimalDigits(Number(calls[calls.length - 1]!.line.split(' ')[1])));
    const p = rand(65536), q = rand(65536);
    calls.push({ line: `saturatingAdd16 ${p} ${q}`, expected: String(pure.saturatingAdd16(p, q)) });
}

t.test('Node and C agree on every input', async t => {
    const run = spawnSync(exe, [], { input: calls.map(c => c.line).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 26 });
    t.equal(run.status, 0);
    const got = run.stdout.trim().split('\n');
    t.equal(got.length, calls.length, 'one answer per call');
    const mismatches = calls.map((c, i) => ({ c, got: got[i] })).filter(x => x.got !== x.c.expected)
        .map(x => `${x.c.line}: node ${x.c.expected}, C ${x.got}`);
    t.same(mismatches.slice(0, 10), [], `${calls.length} calls, no mismatch`);
});

