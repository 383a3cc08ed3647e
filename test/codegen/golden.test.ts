// Golden cases: each folder of test/codegen/golden is one klib whose C must equal expected/ exactly,
// and compile warning-free against nanos-headers. Files of other folders the case pulls in (a
// library, another klib's interface) are kept under their folder's name. The `linedirectives`
// case is compiled with --line-directives. UPDATE_GOLDEN=1 rewrites expected/.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { compileDialect, gccCompile, ROOT, tempDir, writeFiles } from './lib/klibc.ts';

const GOLDEN = path.join(ROOT, 'test/codegen/golden');
const update = process.env.UPDATE_GOLDEN === '1';

for (const feature of fs.readdirSync(GOLDEN).sort()) {
    const dir = path.join(GOLDEN, feature);
    if (feature === 'expected' || !fs.statSync(dir).isDirectory()) continue;
    t.test(feature, async t => {
        const result = compileDialect([path.relative(ROOT, dir)], { lineDirectives: feature === 'linedirectives' });
        // A file of the case's own folder by its name, one of another folder under that folder.
        const own = path.basename(dir);
        const key = (rel: string) => path.dirname(rel) === own ? path.basename(rel) : rel;
        t.equal(result.diagnostics.format(), '', 'compiles without diagnostics');
        const expectedDir = path.join(GOLDEN, 'expected', feature);
        if (update) {
            fs.rmSync(expectedDir, { recursive: true, force: true });
            for (const [rel, text] of result.files) {
                fs.mkdirSync(path.dirname(path.join(expectedDir, key(rel))), { recursive: true });
                fs.writeFileSync(path.join(expectedDir, key(rel)), text);
            }
        }
        const expected = fs.existsSync(expectedDir)
            ? (fs.readdirSync(expectedDir, { recursive: true, encoding: 'utf8' }) as string[])
                .filter(f => fs.statSync(path.join(expectedDir, f)).isFile()).sort()
            : [];
        t.same([...result.files.keys()].map(key).sort(), expected, 'produces the expected files');
        for (const [rel, text] of result.files) {
            const want = path.join(expectedDir, key(rel));
            if (fs.existsSync(want)) t.equal(text, fs.readFileSync(want, 'utf8'), `${key(rel)} matches`);
        }
        const out = tempDir('golden-');
        writeFiles(out, result.files);
        for (const rel of result.files.keys()) {
            if (!rel.endsWith('.c')) continue;
            const r = gccCompile(path.join(out, rel), [path.join(out, path.dirname(rel))]);
            t.ok(r.ok, `${path.basename(rel)} compiles with -Wall -Wextra -Werror`, { output: r.output });
        }
    });
}
