// `make abi-check` accepts imports from the kernel's export list and from
// the other klibs built alongside, and rejects anything else by name.
import t from 'tap';
import { join } from 'node:path';
import { EXPORTS, FIXTURES, makeKlibs, ROOT, run, tempDir, TOOLS } from './lib.ts';

function abiCheck(srcRoot: string) {
  const out = tempDir('abi');
  const built = makeKlibs(srcRoot, out);
  if (built.status !== 0) throw new Error(`make klibs failed:\n${built.stderr}`);
  return makeKlibs(srcRoot, out, 'abi-check');
}

t.test('fixture klibs pass, importing from the kernel and from each other', async t => {
  const r = abiCheck(join(FIXTURES, 'good'));
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /klib demo imports:[^]*\n {2}register_timer \(kernel\)/);
  t.match(r.stdout, /\n {2}peer_hello \(klib peer\)/, 'peer_hello comes from the peer klib');
  t.match(r.stdout, /abi-check: 2 klib\(s\) OK/);
});

t.test('the klibs of c-out pass', async t => {
  const r = abiCheck(join(ROOT, 'c-out'));
  t.equal(r.status, 0, r.stderr);
});

t.test('an import no kernel exports fails, naming symbol and klib', async t => {
  const r = abiCheck(join(FIXTURES, 'bad'));
  t.not(r.status, 0);
  t.match(r.stderr, /klib badprintf imports printf, which neither the kernel nor another klib exports/);
});

t.test('a relocation the loader does not apply fails', async t => {
  const r = abiCheck(join(FIXTURES, 'badreloc'));
  t.not(r.status, 0);
  t.match(r.stderr, /klib badreloc has relocation R_X86_64_64 against kernel_timers/);
});

t.test('a symbol another tree klib exports does not count as the kernel\'s', async t => {
  // peer_hello resolves only while the peer klib is part of the check
  const out = tempDir('abi-alone');
  t.equal(makeKlibs(join(FIXTURES, 'good'), out).status, 0);
  const r = run(join(TOOLS, 'abi-check'), [EXPORTS, join(out, 'demo')]);
  t.not(r.status, 0);
  t.match(r.stderr, /klib demo imports peer_hello/);
  const exportsText = run('grep', ['-E', '^tls_connect klib:tls$', EXPORTS]);
  t.equal(exportsText.status, 0, 'tls_connect is listed as the tls klib\'s');
});
