// Durations read the same in the cloudwatch and gcp klibs: one reader (lib/config_map.ts) and the
// same rows (logging.flush_interval, shutdown_timeout). A duration is a number with a unit, ms, s,
// m or h, and a plain number is seconds, as these keys have always had it. What each klib accepted
// is seen without any server: every run also holds `shutdown_timeout: "0"`, which both refuse, so
// the klib stays off and its only line is that one when the value under test was accepted, or the
// line naming the key when not. What each klib made of a value is seen in the line its shutdown
// deadline prints, "shutdown_timeout (N s) passed" (the metadata service refuses connections, so
// nothing can be shipped and the deadline always passes). Sizes: log-buffer-size.test.ts.
import t from 'tap';
import { buildHost, klibhost, ROOT, writeConfig } from '../../host/lib/klibhost.ts';

buildHost(`${ROOT}/build/host-klibs/cloudwatch.so`, `${ROOT}/build/host-klibs/gcp.so`, `${ROOT}/build/host-klibs/tls.so`);

type Klib = 'cloudwatch' | 'gcp';
const KLIBS: Klib[] = ['cloudwatch', 'gcp'];
const NO_METADATA = ['--connect-to', '169.254.169.254:80:127.0.0.1:1'];

function config(klib: Klib, top: Record<string, string>, logging: Record<string, string>) {
  const logs = klib === 'cloudwatch' ? { log_group: 'g', log_stream: 's', ...logging } : { log_id: 'x', ...logging };
  return { Klibs: [klib, 'tls'], ManifestPassthrough: { [klib]: { ...top, logging: logs } } };
}

/** The klib's configuration lines for the run, with the klib's name left out. */
async function configLines(klib: Klib, top: Record<string, string>, logging: Record<string, string>): Promise<string[]> {
  const r = await klibhost(['--config', writeConfig(config(klib, top, logging)), ...NO_METADATA, '--', 'true']);
  if (r.code !== 0 || /Sanitizer|runtime error:/.test(r.stderr)) throw new Error(`${klib}: ${r.stderr}`);
  return r.stdout.toString().split('\n').filter(l => l.startsWith(`${klib}: invalid configuration`))
    .map(l => l.slice(klib.length).replace(/; (CloudWatch disabled|the gcp klib is off)$/, '; <off>')).sort();
}

const REFUSED_SHUTDOWN = ": invalid configuration: 'shutdown_timeout' must be a duration from 1s to 1h in whole seconds: " +
  'a number with a unit, ms, s, m or h (a plain number is seconds); <off>';
const REFUSED_FLUSH = ": invalid configuration: 'logging.flush_interval' must be a duration from 10ms to 1h: " +
  'a number with a unit, ms, s, m or h (a plain number is seconds); <off>';

t.test('logging.flush_interval: the forms both klibs accept', async t => {
  for (const value of ['1', '1s', '500ms', '10ms', '2m', '1h', '3600', '60m', '3600s', '3600000ms', '0001s']) {
    for (const klib of KLIBS) {
      t.same(await configLines(klib, { shutdown_timeout: '0' }, { flush_interval: value }), [REFUSED_SHUTDOWN],
        `${klib}: ${JSON.stringify(value)} is accepted`);
    }
  }
});

t.test('logging.flush_interval: the values both klibs refuse, with the same line', async t => {
  for (const value of ['0', '9ms', '0s', '1.5', '1.5s', '2h', '3601', '61m', '3600001ms', '1d', 's', 'ms', '10 s', ' 10s', '-1',
    '', '5S', '1h0m', '10sec', '18446744073709551616']) {
    for (const klib of KLIBS) {
      t.same(await configLines(klib, { shutdown_timeout: '0' }, { flush_interval: value }), [REFUSED_SHUTDOWN, REFUSED_FLUSH].sort(),
        `${klib}: ${JSON.stringify(value)} is refused`);
    }
  }
});

t.test('shutdown_timeout: whole seconds only, in both', async t => {
  for (const value of ['500ms', '1500ms', '0s', '61m', '2h']) {
    for (const klib of KLIBS) {
      const lines = await configLines(klib, { shutdown_timeout: value }, {});
      t.same(lines, [REFUSED_SHUTDOWN], `${klib}: ${JSON.stringify(value)} is refused`);
    }
  }
});

t.test('shutdown_timeout: what each klib made of a value, from the line its deadline prints', async t => {
  for (const [value, seconds] of [['1', 1], ['1s', 1], ['1000ms', 1], ['2000ms', 2]] as const) {
    for (const klib of KLIBS) {
      const r = await klibhost(['--config', writeConfig(config(klib, { shutdown_timeout: value }, {})), ...NO_METADATA, '--', 'echo', 'hi']);
      t.equal(r.code, 0, `${klib} ${value}: the VM halts\n${r.stderr}`);
      t.match(r.stdout.toString(), new RegExp(`^${klib}: shutdown_timeout \\(${seconds} s\\) passed: `, 'm'), `${klib}: ${value} is ${seconds} s`);
    }
  }
});
