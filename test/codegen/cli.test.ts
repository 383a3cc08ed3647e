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

t.test('a lone file needs no import of the prelude, and gets one located error per construct, saying what to use', async t => {
    const dir = tempDir('klibc-lone-');
    const file = path.join(dir, 'lone.ts');
    fs.writeFileSync(file, [
        'export function f(x: u32): u32 {',
        '    try {',
        '        x++;',
        '    } catch (e) {',
        '        x = 0;',
        '    }',
        '    const n: u32 = arguments.length;',
        '    const r: u32 = Math.random();',
        "    const v: u32 = JSON.parse('1');",
        '    return x + n + r + v;',
        '}',
        '',
    ].join('\n'));
    const r = runKlibc(['--out', path.join(dir, 'out'), file]);
    t.equal(r.status, 1);
    const errors = r.stderr.split('\n').filter(l => l.includes(': error: '));
    t.same(errors.map(l => l.slice(file.length + 1).split(': error: ')[0]), ['2:5', '7:20', '8:20', '9:20'], 'one error each, in order');
    t.match(errors[0], /try\/catch is not in the dialect: .*return a status or a boolean/);
    t.match(errors[1], /'arguments' is not in the dialect: .*name each one/);
    t.match(errors[2], /Math.random\(\) is not in the dialect .*randomU64\(\)/);
    t.match(errors[3], /'JSON' is not in the dialect: .*json_reader/);
    t.notMatch(r.stderr, /no binding declares|cannot find|is not a value/, 'no error that hides the real one');
    t.match(r.stderr, /4 errors; no C written/);
});

t.test('a lone file without imports compiles: the prelude is implicit', async t => {
    const dir = path.join(tempDir('klibc-lone-'), 'lone');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'twice.ts');
    fs.writeFileSync(file, 'export function twice(x: u32): u64 {\n    return (x as u64) * 2;\n}\n');
    const out = path.join(dir, 'out');
    const r = runKlibc(['--out', out, file]);
    t.equal(r.status, 0, r.stderr);
    t.match(fs.readFileSync(path.join(out, 'lone', 'twice.c'), 'utf8'), /u64 twice\(u32 x\)\n\{\n    return \(u64\)x \* 2;\n\}/);
});

t.test('--line-directives maps the C to the .ts lines; without it there are none', async t => {
    const dir = klib('lines', `import { u32 } from '@ROOT/klib-src/dialect';\nexport function f(x: u32): u32 {\n    return x + 1;\n}\n`);
    const plain = tempDir('klibc-out-');
    const mapped = tempDir('klibc-out-');
    t.equal(runKlibc(['--out', plain, dir]).status, 0);
    t.equal(runKlibc(['--line-directives', '--out', mapped, dir]).status, 0);
    t.notMatch(fs.readFileSync(path.join(plain, 'lines/lines.c'), 'utf8'), /#line/);
    t.match(fs.readFileSync(path.join(mapped, 'lines/lines.c'), 'utf8'), /#line 2 ".*lines\.ts"\nu32 f\(u32 x\)\n\{\n#line 3 ".*lines\.ts"\n    return x \+ 1;/);
});

t.test('another klib is reached through its entry module only', async t => {
    const root = tempDir('klibc-klibs-');
    const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text.replace(/@ROOT/g, ROOT));
    };
    const nanos = `import { s32 } from '@ROOT/klib-src/dialect';\nimport { KLIB_INIT_OK, StatusHandler } from '@ROOT/klib-src/nanos';\n`;
    write('provider/provider.ts', `${nanos}export { helper, spot } from './inner';\nexport type { Spot } from './inner';\nexport function init(c: StatusHandler): s32 { return KLIB_INIT_OK; }\n`);
    write('provider/inner.ts', `import { u32 } from '@ROOT/klib-src/dialect';\nexport interface Spot { x: u32 }\nlet s: Spot | null = null;\nexport function helper(): u32 { return 1; }\nexport function spot(): Spot { return s!; }\n`);
    write('other/other.ts', `${nanos}import { spot } from '../provider/provider';\nexport function init(c: StatusHandler): s32 { return spot().x === 1 ? KLIB_INIT_OK : 0; }\n`);
    write('user/user.ts', `${nanos}import { helper } from '../provider/inner';\nexport function init(c: StatusHandler): s32 { return helper() === 1 ? KLIB_INIT_OK : 0; }\n`);
    const r = runKlibc(['--out', path.join(root, 'out'), root]);
    t.equal(r.status, 1);
    t.match(r.stderr, /user\.ts:3:24: error: 'inner' is inside the provider klib: import from its entry module 'provider', whose exports are the klib's interface/);
    t.match(r.stderr, /other\.ts:4:54: error: 'Spot' belongs to another klib: its fields are out of reach \(call its functions\)/);
});
