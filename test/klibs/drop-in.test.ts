// The Nanos drop-in: c-out/klib.mk declares every klib folder of c-out the
// way a Nanos tree's klib/klib.mk declares its own, and install-nanos hooks
// it into a tree, with the tls klib's mbedtls configuration and sources.
// Checked against a stand-in tree evaluated by make (a real tree's make:
// `make check-drop-in NANOS_DIR=...`, which needs a Nanos tree).
import t from 'tap';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  writeFileSync(harness, `ROOTDIR=${tree}\nOBJDIR=${tree}/output\ninclude ${tree}/klib/klib.mk\nshow:\n\t@echo '${expr}'\n`);
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

// c-out-like folder with a tls klib, and a stand-in for an unpacked mbedtls source
function tlsSource(): { src: string; mbedtls: string } {
  const src = tempDir('tls-src');
  mkdirSync(join(src, 'tls'));
  writeFileSync(join(src, 'tls/SOURCES'), 'tls/tls.c\n');
  writeFileSync(join(src, 'tls/tls.c'), '/* tls */\n');
  writeFileSync(join(src, 'klib.mk'), run(join(TOOLS, 'gen-klib-mk'), [src]).stdout);
  const mbedtls = tempDir('mbedtls-src');
  mkdirSync(join(mbedtls, 'include/mbedtls'), { recursive: true });
  mkdirSync(join(mbedtls, 'library'));
  writeFileSync(join(mbedtls, 'include/mbedtls/ssl.h'), '/* ssl */\n');
  writeFileSync(join(mbedtls, 'library/aes.c'), '/* aes */\n');
  writeFileSync(join(mbedtls, 'library/common.h'), '/* common */\n');
  writeFileSync(join(mbedtls, 'LICENSE'), 'license\n');
  return { src, mbedtls };
}

t.test('the tls klib comes with our mbedtls configuration and sources', async t => {
  const { src, mbedtls } = tlsSource();
  const tree = standInTree();
  const without = run(join(TOOLS, 'install-nanos'), [src, tree]);
  t.not(without.status, 0, 'refused without them');
  t.match(without.stderr, /the tls klib needs MBEDTLS_CONFIG_DIR/);
  const config = join(ROOT, 'mbedtls-config');
  const r = run(join(TOOLS, 'install-nanos'), [src, tree, config, mbedtls]);
  t.equal(r.status, 0, r.stderr);
  for (const f of ['klib_config.h', 'klib_platform.h', 'tls_ca_bundle.h', 'tls_ca_bundle.S', 'modules.mk',
    'nanos-tree.mk', 'freestanding/snprintf.c', 'freestanding/gmtime.c', 'freestanding/include/string.h',
    'klib_accel.h', 'gcm_alt.h', 'sha256_alt.h', 'accel/gcm_aesni.c', 'accel/gcm_aesni.h', 'accel/sha256_shani.c'])
    t.ok(existsSync(join(tree, 'klib/tls/mbedtls-config', f)), `klib/tls/mbedtls-config/${f}`);
  for (const f of ['include/mbedtls/ssl.h', 'library/aes.c', 'library/common.h', 'LICENSE'])
    t.ok(existsSync(join(tree, 'klib/tls/mbedtls', f)), `klib/tls/mbedtls/${f}`);
  t.equal(evaluate(tree, '$(SRCS-tls)'), `${tree}/klib/tls/tls.c`, 'ours replace the stock tls klib');
  // nanos-tree.mk is read: every module of modules.mk, our glue, our accelerated crypto and the CA
  // bundle are linked in
  const modules = evaluate(tree, '$(MBEDTLS_MODULES)').split(/\s+/);
  const accel = evaluate(tree, '$(MBEDTLS_ACCEL)').split(/\s+/);
  t.ok(accel.includes('gcm_aesni') && accel.includes('sha256_shani'), 'the accelerated crypto is listed');
  t.ok(modules.includes('ssl_tls') && modules.includes('x509_crt'), 'modules.mk read');
  const extra = evaluate(tree, '$(TS_TLS_EXTRA_OBJS)').split(/\s+/);
  t.same(extra, [...modules.map(m => `${tree}/output/klib/tls/mbedtls/${m}.o`),
    `${tree}/output/klib/tls/glue/snprintf.o`, `${tree}/output/klib/tls/glue/gmtime.o`,
    ...accel.map(m => `${tree}/output/klib/tls/accel/${m}.o`), `${tree}/output/klib/tls/ca_bundle.o`]);
  t.match(evaluate(tree, '$(TS_TLS_TREE_CFLAGS)'), /-isystem \S+\/include/, 'gcc\'s headers as system headers');
  // installing again replaces, never appends twice
  t.equal(run(join(TOOLS, 'install-nanos'), [src, tree, config, mbedtls]).status, 0);
  t.equal(readFileSync(join(tree, 'klib/klib-extra.mk'), 'utf8').split('nanos-tree.mk').length, 2,
    'nanos-tree.mk included once');
});

t.test('make install-nanos refuses a directory that is not a Nanos tree', async t => {
  const r = run('make', ['-s', '-C', ROOT, 'install-nanos', `NANOS_DIR=${tempDir('empty')}`]);
  t.not(r.status, 0);
  t.match(r.stdout + r.stderr, /is not a Nanos tree/);
});
