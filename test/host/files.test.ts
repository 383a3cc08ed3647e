// File output as the syslog klib does it, on the directory klibhost uses
// as the image's root filesystem (--root-dir).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { buildHost, klibhost, linesWith, sanitizerReport, tempDir, writeConfig } from '../../host/lib/klibhost.ts';

buildHost();

t.test('append, sync, rotate, truncate under --root-dir', async t => {
  const root = tempDir('klibhost-rootdir-');
  mkdirSync(join(root, 'var/log'), { recursive: true });
  writeFileSync(join(root, 'var/log/rt.log'), 'old:');
  const r = await klibhost(['--config', writeConfig({ Klibs: ['rt_files'] }), '--root-dir', root, '--', 'true']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'files:'), [
    'files: opened, length 4',
    'files: length 31',
    'files: rename 0',
    'files: truncate 0 length 2',
    'files: rename missing -2',
    'files: volume root readonly 0 blocks-ok 1',
  ]);
  t.equal(readFileSync(join(root, 'var/log/rt.log.1'), 'utf8'), 'old:first record\nsecond record\n', 'appended, then rotated');
  t.equal(readFileSync(join(root, 'var/log/rt.log'), 'utf8'), 'fr', 'new file, truncated');
});

t.test('without --root-dir, a temporary root is made and named', async t => {
  const r = await klibhost(['--config', writeConfig({ Klibs: ['rt_files'] }), '--', 'true']);
  t.equal(r.code, 0);
  const m = /klibhost: root filesystem at (\S+)/.exec(r.stderr);
  t.ok(m, 'named on stderr');
  if (m) {
    t.equal(readFileSync(join(m[1], 'var/log/rt.log.1'), 'utf8'), 'first record\nsecond record\n');
    rmSync(m[1], { recursive: true, force: true });
  }
  t.equal(sanitizerReport(r.stderr), null);
});
