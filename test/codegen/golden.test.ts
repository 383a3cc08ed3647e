// Golden cases: each folder of test/codegen/golden is one klib whose C must equal expected/ exactly,
// and compile warning-free against nanos-headers. UPDATE_GOLDEN=1 rewrites expected/.
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
        const result = compileDialect([path.relative(ROOT, dir)]);
        t.equal(result.diagnostics.format(), '', 'compiles without diagnostics');
        const expectedDir = path.join(GOLDEN, 'expected', feature);
        if (update) {
            fs.rmSync(expectedDir, { recursive: true, force: true });
            for (const [rel, text] of result.files) {
                fs.mkdirSync(expectedDir, { recursive: true });
                fs.writeFileSync(path.join(expectedDir, path.basename(rel)), text);
            }
        }
        const expected = fs.existsSync(expectedDir) ? fs.readdirSync(expectedDir).sort() : [];
        t.same([...result.files.keys()].map(k => path.basename(k)).sort(), expected, 'produces the expected files');
        for (const [rel, text] of result.files) {
            const want = path.join(expectedDir, path.basename(rel));
            if (fs.existsSync(want)) t.equal(text, fs.readFileSync(want, 'utf8'), `${path.basename(rel)} matches`);
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
