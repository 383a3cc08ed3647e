// klibc as a user runs it: exit status, diagnostics format on stderr, nothing written on error.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { ROOT, runKlibc, tempDir } from './lib/klibc.ts';

function klib(name: string, source: string): string {
    const dir = path.join(tempDir('klibc-cli-'), name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, `${name}.ts`), source.replace(/@ROOT/g, ROOT));
    return dir;
}

t.test('a good klib compiles, exit 0, files written', async t => {
    const dir = klib('good', `import { u32 } from '@ROOT/klib-src/dialect';\nexport function twice(x: u32): u32 { return x * 2; }\n`);
    const out = tempDir('klibc-out-');
    const r = runKlibc(['--out', out, dir]);
    t.equal(r.status, 0, r.stderr);
    t.equal(r.stderr, '');
    t.ok(fs.existsSync(path.join(out, 'good/good.c')));
    t.match(fs.readFileSync(path.join(out, 'good/good.h'), 'utf8'), /u32 twice\(u32 x\);/);
});

t.test('errors: path:line:col, source line, caret; all reported; exit 1; no C', async t => {
    const dir = klib('bad', `import { u32 } from '@ROOT/klib-src/dialect';\nexport function f(x: u32): u32 {\n    var y: u32 = x;\n    return y ** 2;\n}\n`);
    const out = path.join(tempDir('klibc-out-'), 'out');
    const r = runKlibc(['--out', out, dir]);
    t.equal(r.status, 1);
    const file = path.join(dir, 'bad.ts');
    t.match(r.stderr, `${file}:3:5: error: 'var' is not in the dialect: use let or const\n    var y: u32 = x;\n    ^\n`);
    t.match(r.stderr, `${file}:4:14: error: '**' is not in the dialect: C has no power operator\n    return y ** 2;\n             ^\n`);
    t.match(r.stderr, /2 errors; no C written/);
    t.notMatch(r.stderr, /at .*\.ts:\d+:\d+\)/, 'no stack trace');
    t.notOk(fs.existsSync(out), 'output folder not created');
});

t.test('one bad module stops the whole run', async t => {
    const dir = klib('mixed', `import { u32 } from '@ROOT/klib-src/dialect';\nexport function f(x: u32): u32 { return x; }\n`);
    fs.writeFileSync(path.join(dir, 'other.ts'), 'export function g(): void { throw 1; }\n');
    const out = path.join(tempDir('klibc-out-'), 'out');
    const r = runKlibc(['--out', out, dir]);
    t.equal(r.status, 1);
    t.notOk(fs.existsSync(out));
});

t.test('usage errors exit 2', async t => {
    t.equal(runKlibc([]).status, 2);
    t.equal(runKlibc(['--bogus', 'x']).status, 2);
    const r = runKlibc(['--out', tempDir('o-'), '/nonexistent/klib']);
    t.equal(r.status, 1);
    t.match(r.stderr, /no such file or directory/);
});
