// `make klibs` turns each folder into an ELF shared object laid out as the
// Nanos klib loader expects: entry init, code / read-only / writable
// segments on pages of their own.
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { elfFacts, FIXTURES, klibFolders, makeKlibs, ROOT, tempDir } from './lib.ts';

function checkKlib(t: Test, file: string): void {
  const elf = elfFacts(file);
  t.equal(elf.type, 'DYN', 'is a shared object');
  t.ok(elf.initAddress !== undefined, 'exports init');
  t.equal(elf.entry, elf.initAddress, 'entry point is init');
  t.same(elf.segments.map(s => s.flags), ['RE', 'R', 'RW'], 'text, rodata and data segments');
  for (const s of elf.segments.slice(1))
    t.equal(s.vaddr % 4096, 0, `segment ${s.flags} starts on a page`);
}

t.test('fixture klibs', async t => {
  const out = tempDir('build');
  const r = makeKlibs(join(FIXTURES, 'good'), out);
  t.equal(r.status, 0, r.stderr);
  for (const name of klibFolders(join(FIXTURES, 'good'))) {
    t.test(name, async t => {
      t.ok(existsSync(join(out, name)), 'built');
      checkKlib(t, join(out, name));
    });
  }
});

t.test('every klib of c-out', async t => {
  const names = klibFolders(join(ROOT, 'c-out'));
  const out = tempDir('c-out');
  const r = makeKlibs(join(ROOT, 'c-out'), out);
  t.equal(r.status, 0, r.stderr);
  for (const name of names) t.test(name, async t => checkKlib(t, join(out, name)));
});

t.test('a compile error fails the build', async t => {
  const out = tempDir('fail');
  const r = makeKlibs(join(FIXTURES, 'broken'), out);
  t.not(r.status, 0, 'make fails');
  t.match(r.stderr, /error/, 'with the compiler error');
});
