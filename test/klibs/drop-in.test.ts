// The Nanos drop-in: c-out/klib.mk declares every klib folder of c-out the
// way a Nanos tree's klib/klib.mk declares its own, and install-nanos hooks
// it into a tree. Checked against a stand-in tree evaluated by make.
import t from 'tap';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, klibFolders, ROOT, run, tempDir, TOOLS } from './lib.ts';

t.test('c-out/klib.mk is fresh and lists every klib folder', async t => {
  const r = run(join(TOOLS, 'gen-klib-mk'), [join(ROOT, 'c-out')]);
  t.equal(r.status, 0, r.stderr);
  const committed = readFileSync(join(ROOT, 'c-out/klib.mk'), 'utf8');
  t.ok(r.stdout === committed, 'regenerate with: make klib-mk');
  for (const name of klibFolders(join(ROOT, 'c-out')))
    t.match(committed, new RegExp(`^SRCS-${name}= \\\\$`, 'm'), `declares ${name}`);
});

// a stand-in for a Nanos tree: klib/klib.mk with klibs of the same names
function standInTree(): string {
  const tree = tempDir('tree');
  mkdirSync(join(tree, 'klib'));
  writeFileSync(join(tree, 'klib/klib.mk'), [
    'KLIB_DIR= $(ROOTDIR)/klib',
    'KLIBS= \\', '\tdemo \\', '\tgcp \\', '\ttls \\', '',
    'SRCS-demo= $(KLIB_DIR)/demo.c', 'SRCS-tls= $(KLIB_DIR)/mbedtls.c $(SRCS-mbedtls)',
    'SRCS-mbedtls= $(ROOTDIR)/vendor/mbedtls/library/aes.c', '',
  ].join('\n'));
  return tree;
}

function evaluate(tree: string, expr: string): string {
  const harness = join(tree, 'harness.mk');
  writeFileSync(harness, `ROOTDIR=${tree}\ninclude ${tree}/klib/klib.mk\nshow:\n\t@echo '${expr}'\n`);
  const r = run('make', ['-s', '-f', harness, 'show']);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

t.test('install-nanos puts the klibs into a tree and its make sees them', async t => {
  const src = tempDir('src');
  cpSync(join(FIXTURES, 'good'), src, { recursive: true });
  writeFileSync(join(src, 'klib.mk'), run(join(TOOLS, 'gen-klib-mk'), [src]).stdout);
  writeFileSync(join(src, 'klib-extra.mk'), 'SRCS-EXTRA-peer= $(KLIB_DIR)/extra.c\n');
  const tree = standInTree();
  for (let i = 0; i < 2; i++) {
    const r = run(join(TOOLS, 'install-nanos'), [src, tree]);
    t.equal(r.status, 0, r.stderr);
  }
  const klibMk = readFileSync(join(tree, 'klib/klib.mk'), 'utf8');
  t.equal(klibMk.split('include $(KLIB_DIR)/ts-klibs.mk').length, 2, 'hooked in exactly once');
  t.equal(readFileSync(join(tree, 'klib/demo/ring.h'), 'utf8'),
    readFileSync(join(FIXTURES, 'good/demo/ring.h'), 'utf8'), 'headers copied');
  t.equal(evaluate(tree, '$(KLIBS)').split(/\s+/).sort().join(' '), 'demo gcp peer tls',
    'each klib once, ours replacing the tree\'s demo');
  t.equal(evaluate(tree, '$(SRCS-demo)'), `${tree}/klib/demo/demo.c ${tree}/klib/demo/ring.c`);
  t.equal(evaluate(tree, '$(SRCS-peer)'), `${tree}/klib/peer/peer.c ${tree}/klib/extra.c`,
    'tree-specific sources from klib-extra.mk');
  t.equal(evaluate(tree, '$(SRCS-tls)'), `${tree}/klib/mbedtls.c ${tree}/vendor/mbedtls/library/aes.c`,
    'the tree\'s other klibs are untouched');
});

t.test('make install-nanos refuses a directory that is not a Nanos tree', async t => {
  const r = run('make', ['-s', '-C', ROOT, 'install-nanos', `NANOS_DIR=${tempDir('empty')}`]);
  t.not(r.status, 0);
  t.match(r.stdout + r.stderr, /is not a Nanos tree/);
});
