// The freestanding library needs from its klib exactly the symbols listed in
// mbedtls-config/klib-undefined.txt, and links as a klib does.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KLIB_LIB, ROOT, buildOrThrow, run } from './helpers.ts';

t.before(() => buildOrThrow('mbedtls-klib'));

const documented = readFileSync(join(ROOT, 'mbedtls-config/klib-undefined.txt'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).sort();

function nm(args: string[]): string[] {
  const r = run('nm', args);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n');
}

t.test('undefined symbols of the archive are exactly the documented list', async (t) => {
  const undefinedSyms = new Set<string>();
  const defined = new Set<string>();
  for (const line of nm([KLIB_LIB])) {
    const m = /^(?:[0-9a-f]+)?\s+([A-Za-z])\s+(\S+)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'U') undefinedSyms.add(m[2]!);
    else if (m[1] === m[1]!.toUpperCase()) defined.add(m[2]!); // global definitions
  }
  const needed = [...undefinedSyms].filter((s) => !defined.has(s)).sort();
  t.strictSame(needed, documented);
});

t.test('links into a freestanding shared object like a klib', async (t) => {
  const so = join(t.testdir({}), 'mbedtls-klib.so');
  // mk/klibs.mk links klibs with ld -shared -Bsymbolic -nostdlib; the whole
  // archive, so that every module's imports are checked.
  const link = run('ld', ['-shared', '-Bsymbolic', '-nostdlib', '-o', so,
    '--whole-archive', KLIB_LIB, '--no-whole-archive']);
  t.equal(link.status, 0, link.stderr);

  const dynamicUndefined = nm(['-D', '--undefined-only', so])
    .map((l) => l.trim().split(/\s+/).pop() ?? '').filter(Boolean).sort();
  const expected = documented.filter((s) => s !== '_GLOBAL_OFFSET_TABLE_');
  t.strictSame(dynamicUndefined, expected, 'the loader must resolve only the documented symbols');

  const dynamic = run('readelf', ['-d', so]);
  t.notMatch(dynamic.stdout, /TEXTREL/, 'position independent: no text relocations');
});
