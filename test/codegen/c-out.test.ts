// c-out/ is committed: it must be exactly what `npm run gen` makes from klib-src/, and every C file
// in it must compile warning-free against nanos-headers/.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { compileDialect, gccCompile, ROOT } from './lib/klibc.ts';
import { klibCflagsOf } from '../klibs/lib.ts';

const result = compileDialect(['klib-src']);
t.equal(result.diagnostics.format(), '', 'klib-src compiles');

t.test('c-out is fresh', async t => {
    for (const [rel, text] of result.files) {
        const committed = path.join(ROOT, 'c-out', rel);
        t.ok(fs.existsSync(committed), `c-out/${rel} exists`);
        if (fs.existsSync(committed)) t.ok(fs.readFileSync(committed, 'utf8') === text, `c-out/${rel} is up to date (run npm run gen)`);
    }
    const generated = new Set(result.files.keys());
    for (const klib of fs.readdirSync(path.join(ROOT, 'c-out'))) {
        const dir = path.join(ROOT, 'c-out', klib);
        if (!fs.statSync(dir).isDirectory()) continue;
        for (const f of fs.readdirSync(dir)) {
            if (/\.[ch]$/.test(f)) t.ok(generated.has(path.join(klib, f)), `c-out/${klib}/${f} comes from klib-src (stale file?)`);
        }
    }
});

// The printer wraps what it lays out; a comment carried from klib-src keeps its own lines, so a long
// one there shows here.
t.test('no line of c-out is over 100 columns', async t => {
    const long: string[] = [];
    for (const [rel, text] of result.files) {
        text.split('\n').forEach((line, i) => { if (line.length > 100) long.push(`c-out/${rel}:${i + 1} (${line.length})`); });
    }
    t.same(long, [], 'lines over 100 columns');
});

t.test('c-out compiles with -Wall -Wextra -Werror -ffreestanding -fPIC', async t => {
    for (const rel of result.files.keys()) {
        if (!rel.endsWith('.c')) continue;
        const file = path.join(ROOT, 'c-out', rel);
        const r = gccCompile(file, [path.join(ROOT, 'c-out', path.dirname(rel))], klibCflagsOf(file));
        t.ok(r.ok, rel, { output: r.output });
    }
});
