// The compiler's sample klib (c-out/sample, generated from klib-src/sample)
// run unchanged through klibhost: the same C that builds for Nanos.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { buildHost, klibhost, linesWith, ROOT, runWith, sanitizerReport, writeConfig } from '../../host/lib/klibhost.ts';

const present = existsSync(join(ROOT, 'c-out/sample/sample.c'));
if (present) buildHost(join(ROOT, 'build/host-klibs/sample.so'));

t.test('the sample klib counts console output and reports at init', { skip: !present && 'no c-out/sample yet' }, async t => {
  // Leak checking is off for this run: a leak report would change the status.
  const r = await klibhost(['--config', writeConfig({ Klibs: ['sample'] }), '--', 'sh', '-c', 'echo one; echo two; exit 6'],
    { ASAN_OPTIONS: 'detect_leaks=0' });
  t.equal(r.code, 6, 'the program status passes through');
  t.same(linesWith(r.stdout, 'sample:'), ['sample: attached after 0 bytes']);
  t.match(r.stdout.toString(), /one\ntwo\n/, 'the program output reaches the console');
  t.equal(sanitizerReport(r.stderr), null, 'no memory error');
  // With leak checking on: the report closure is one-shot and frees itself.
  const checked = await runWith({ Klibs: ['sample'] }, 'true');
  t.equal(sanitizerReport(checked.stderr), null, 'no leak report');
});
