// Our headers give the sizes, offsets and constants measured against the
// Nanos tree (nanos-headers/layout-b9c3671d.txt, see the README there).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADERS, run, TOOLS } from './lib.ts';

const records = (text: string) => text.split('\n').filter(l => l && !l.startsWith('#'));

t.test('layouts match Nanos b9c3671d', async t => {
  const r = run(join(TOOLS, 'check-layout'), []);
  t.equal(r.status, 0, r.stderr);
  const ours = records(r.stdout);
  const nanos = records(readFileSync(join(HEADERS, 'layout-b9c3671d.txt'), 'utf8'));
  t.ok(nanos.length > 150, `${nanos.length} records pinned`);
  t.same(ours, nanos);
});
