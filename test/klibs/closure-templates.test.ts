// The committed closure_templates.h is what its generator writes.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADERS, run, TOOLS } from './lib.ts';

t.test('closure_templates.h is fresh', async t => {
  const r = run('node', [join(TOOLS, 'gen-closure-templates.mjs'), '10', '10']);
  t.equal(r.status, 0, r.stderr);
  t.ok(r.stdout === readFileSync(join(HEADERS, 'closure_templates.h'), 'utf8'),
    'regenerate with: node tools/gen-closure-templates.mjs > nanos-headers/closure_templates.h');
});

t.test('it covers 0..9 bound variables and 0..9 arguments', async t => {
  const text = readFileSync(join(HEADERS, 'closure_templates.h'), 'utf8');
  for (const kind of ['STRUCT', 'DECLARE_FUNCS', 'DEFINE', 'SIMPLE_DEFINE']) {
    const names = [...text.matchAll(new RegExp(`#define CLOSURE_${kind}_(\\d)_(\\d)\\(`, 'g'))];
    t.equal(names.length, 100, `CLOSURE_${kind}: 100 macros`);
  }
});
