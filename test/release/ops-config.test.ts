// The README's "Use with ops" config, taken from README.md itself (so the two cannot drift): it
// uses ops's config keys with ops's types, names klibs that `make klibs` builds where ops copies
// them from (<KlibDir>/<name>), and klibhost runs it: with the test CA added (the only change),
// the program's lines reach the CloudWatch mock under the README's group and stream.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../host/lib/klibhost.ts';
import { appMessages, buildCloudwatch, klibLines, requestLog, run, sanitizerReport, startAws } from '../cloudwatch/lib/run.ts';

/** The first ```json block of the README section headed `## Use with ops`. */
function readmeOpsConfig(): any {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /^## Use with ops\n([\s\S]*?)(?=^## )/m.exec(readme);
  if (!section) throw new Error('README.md has no "## Use with ops" section');
  const block = /^```json\n([\s\S]*?)^```$/m.exec(section[1]);
  if (!block) throw new Error('the "Use with ops" section has no ```json block');
  return JSON.parse(block[1]);
}

/** ELF type of a file: 3 is ET_DYN, a shared object, what the kernel's klib loader takes. */
function elfType(path: string): number {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(18);
  readSync(fd, head, 0, 18, 0);
  closeSync(fd);
  return head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) ? head.readUInt16LE(16) : -1;
}

const config = readmeOpsConfig();
const lock = join(ROOT, 'build/.host-make.lock');
const make = spawnSync('flock', [lock, 'make', '-s', '--no-print-directory', '-C', ROOT, 'klibs'], { encoding: 'utf8' });
if (make.status !== 0) throw new Error(`make klibs failed:\n${make.stdout}\n${make.stderr}`);
buildCloudwatch();

t.test('ops config keys, with the types ops reads them as', async t => {
  t.same(Object.keys(config).sort(), ['KlibDir', 'Klibs', 'ManifestPassthrough']);
  t.type(config.KlibDir, 'string', 'KlibDir: a string');
  t.ok(isAbsolute(config.KlibDir), 'KlibDir absolute (ops does not resolve it against the config\'s folder)');
  t.ok(Array.isArray(config.Klibs) && config.Klibs.every((k: unknown) => typeof k === 'string'), 'Klibs: strings');
  t.ok(config.ManifestPassthrough && typeof config.ManifestPassthrough === 'object' && !Array.isArray(config.ManifestPassthrough),
    'ManifestPassthrough: an object');
});

t.test('KlibDir is our build folder, and each klib is where ops copies it from', async t => {
  t.match(config.KlibDir, /\/build\/klibs$/, 'KlibDir names <checkout>/build/klibs');
  for (const name of config.Klibs) {
    const path = join(ROOT, 'build/klibs', name);
    t.equal(elfType(path), 3, `build/klibs/${name}: an ELF shared object`);
  }
});

t.test('klibhost runs the README config: the lines reach the mock', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const withCa = structuredClone(config);
  withCa.ManifestPassthrough.cloudwatch.ca_cert = aws.ca.caPem;
  const r = await run(aws, withCa, 'echo started; echo done; exit 7', ['--flush-timeout', '30']);
  t.equal(r.code, 7, `the program's status (not 2, a refused config): ${r.stderr}`);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(klibLines(r), [], 'the klib had nothing to complain about');
  const { log_group: group, log_stream: stream } = config.ManifestPassthrough.cloudwatch.logging;
  t.same(await appMessages(aws, group, stream), ['started', 'done'], requestLog(aws));
});
