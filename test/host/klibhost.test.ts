// klibhost as a runner: program output reaches the console drivers as raw
// writes, the program's status passes through, shutdown follows the kernel's sequence (a
// completion that never finishes fails the run), klibs load in dependency order, and a bad config gets one
// clear message and status 2.
import { spawn } from 'node:child_process';
import t from 'tap';
import { ConsoleSeen, when } from './lib/gate.ts';
import { buildHost, KLIBHOST, klibhost, linesWith, probeChunks, runWith, sanitizerReport, writeConfig } from '../../host/lib/klibhost.ts';

buildHost();

const probe = { Klibs: ['console_probe'] };

t.test('acceptance: the console driver receives "hi\\n" and the status passes through', async t => {
  const r = await runWith(probe, 'echo hi; exit 3');
  t.equal(r.code, 3);
  t.same(probeChunks(r.stdout), [Buffer.from('hi\n')]);
  t.match(r.stdout.toString(), /^hi\n/, 'echoed like a serial console');
  t.equal(sanitizerReport(r.stderr), null);
});

t.test('exit statuses: 0, any code, 128 + signal', async t => {
  t.equal((await runWith(probe, 'exit 0')).code, 0);
  t.equal((await runWith(probe, 'exit 77')).code, 77);
  t.equal((await runWith(probe, 'kill -TERM $$')).code, 128 + 15);
  t.equal((await runWith(probe, 'kill -KILL $$')).code, 128 + 9);
});

/**
 * A shell command that waits until klibhost has echoed `n` bytes: it has read the writes so far
 * and given them to the drivers (it echoes after them), so the next write is a read of its own.
 */
function echoed(echo: ConsoleSeen, n: number): string {
  return when(() => echo.bytes >= n);
}

t.test('output without newlines and binary bytes arrive unchanged', async t => {
  const echo = new ConsoleSeen();
  const r = await runWith(probe, `printf 'no newline'; ${echoed(echo, 10)}; printf '\\000\\377\\r\\033[31mred'`, [], echo.feed);
  t.equal(r.code, 0);
  const seen = Buffer.concat(probeChunks(r.stdout));
  const sent = Buffer.concat([Buffer.from('no newline'), Buffer.from([0, 0xff, 0x0d, 0x1b]), Buffer.from('[31mred')]);
  t.same(seen, sent, 'the drivers got every byte');
  t.ok(r.stdout.subarray(0, sent.length).equals(sent), 'serial echoed every byte first');
  t.ok(probeChunks(r.stdout).length >= 2, 'a write made after the first was read is a chunk of its own');
});

t.test('stdout and stderr share the console, in order', async t => {
  const echo = new ConsoleSeen();
  const r = await runWith(probe, `echo out; ${echoed(echo, 4)}; echo err >&2; ${echoed(echo, 8)}; echo out2`, [], echo.feed);
  t.same(probeChunks(r.stdout).map(b => b.toString()), ['out\n', 'err\n', 'out2\n']);
});

t.test('a large burst of output reaches the drivers byte for byte', async t => {
  const r = await runWith(probe, 'head -c 300000 /dev/zero | tr "\\000" "x"');
  t.equal(Buffer.concat(probeChunks(r.stdout)).length, 300000);
  t.equal(sanitizerReport(r.stderr), null);
});

t.test('shutdown completions finish before exit', async t => {
  const r = await runWith({ Klibs: ['slow_flush'], ManifestPassthrough: { slow_flush: { delay_ms: '100' } } }, 'exit 5');
  t.equal(r.code, 5);
  t.same(linesWith(r.stdout, 'slow_flush:'), ['slow_flush: shutdown with status 5, flushing in 100 ms', 'slow_flush: flushed']);
  t.notMatch(r.stderr, /flush timeout/);
});

t.test('a completion that never finishes fails the run, as the VM would never halt', async t => {
  const r = await runWith({ Klibs: ['slow_flush'], ManifestPassthrough: { slow_flush: { delay_ms: '60000' } } },
    'exit 4', ['--flush-timeout', '0.3']);
  t.equal(r.code, 124, 'the watchdog status, not the program status');
  t.same(linesWith(r.stdout, 'slow_flush:'), ['slow_flush: shutdown with status 4, flushing in 60000 ms']);
  t.match(r.stderr, /klibhost: shutdown did not complete: a Nanos VM would never halt/);
  t.equal(sanitizerReport(r.stderr), null);
});

t.test('completions are applied in registration order; the merge waits for every one', async t => {
  const r = await runWith({ Klibs: ['console_probe', 'slow_flush', 'late_console'],
    ManifestPassthrough: { slow_flush: { delay_ms: '200' } } }, 'exit 6');
  t.equal(r.code, 6);
  const lines = r.stdout.toString().split('\n').filter(l => /^(probe: status|slow_flush|late:)/.test(l));
  t.same(lines, ['probe: status 6, 0 writes', 'slow_flush: shutdown with status 6, flushing in 200 ms',
    'late: shutdown with status 6', 'slow_flush: flushed',
    'late: heard slow_flush: flushed'], 'late_console hears what is printed after it completed');
});

t.test('a crash: the coredump completion fails after the klibs\' and the kernel prints its status last', async t => {
  const r = await runWith({ Klibs: ['late_console'] }, 'echo before; kill -SEGV $$');
  t.equal(r.code, 128 + 11);
  const out = r.stdout.toString();
  t.match(out, /late: shutdown with status 139\n\[\d+\.\d+\] storage_shutdown error: no core generated: limit 0\n/);
  // Printed after late_console released its merge: it heard the line, and a zero-delay timer armed
  // from that console write ran before the exit (klibhost's disk steps are one loop pass each).
  t.match(out, /\nlate: heard \[\d+\.\d+\] storage_shutdown error: no core generated: limit 0\n$/);
  t.equal(sanitizerReport(r.stderr), null);
  const plain = await runWith({ Klibs: ['late_console'] }, 'kill -TERM $$');
  t.equal(plain.code, 128 + 15);
  t.notMatch(plain.stdout.toString(), /storage_shutdown/, 'SIGTERM terminates: no core dump, no error status');
});

t.test('the merge\'s last error is printed on the console, also for status 0', async t => {
  const r = await runWith({ Klibs: ['late_console'], ManifestPassthrough: { late_console: { fail: 'disk on fire' } } }, 'true');
  t.equal(r.code, 0, 'the program status: the kernel exits with it');
  t.match(r.stdout.toString(), /\] storage_shutdown error: disk on fire\nlate: heard \[[\d.]+\] storage_shutdown error: disk on fire\n$/);
});

t.test('klibs load in dependency order and the program waits for init', async t => {
  const r = await runWith({ Klibs: ['dep_user', 'late_init', 'dep_provider'] }, 'echo program started');
  t.equal(r.code, 0);
  const lines = r.stdout.toString().split('\n');
  t.ok(lines.indexOf('dep_provider: ready') < lines.indexOf('dep_user: answer 42'), 'provider first');
  t.ok(lines.indexOf('dep_user: answer 42') >= 0);
  t.ok(lines.indexOf('late_init: complete') < lines.indexOf('program started'), 'program after init completed');
});

t.test('klib failures stop the start with status 2', async t => {
  let r = await runWith({ Klibs: ['failing_init'] }, 'echo never');
  t.equal(r.code, 2);
  t.match(r.stderr, /klib failing_init: init failed/);
  t.notMatch(r.stdout.toString(), /never/);
  r = await runWith({ Klibs: ['failing_init'], ManifestPassthrough: { failing_init: { late: 'true' } } }, 'echo never');
  t.equal(r.code, 2);
  t.match(r.stderr, /klib failing_init failed to initialize: \(result:failing_init: no luck \(42\)\)/);
  r = await runWith({ Klibs: ['dep_user'] }, 'echo never');
  t.equal(r.code, 2);
  t.match(r.stderr, /missing dependencies for dep_user klib: .*dep_provider_answer/);
  t.equal(sanitizerReport(r.stderr), null);
});

t.test('a bad config gets one message naming the key, and status 2', async t => {
  const cases: [unknown, RegExp][] = [
    ['{"Klibs": [', /invalid JSON at line 1 column 12: unexpected end of input/],
    ['{"Klibs": ["a",]}', /invalid JSON at line 1 column 16/],
    ['{"Klibs": ["a" "b"]}', /invalid JSON at line 1 column 16: expected ',' or '\]'/],
    ['{"Klibs": [] "Env": {}}', /invalid JSON at line 1 column 14: expected ',' or '\}'/],
    ['[1, 2]', /the configuration must be a JSON object/],
    [{ Klibs: 'console_probe' }, /"Klibs" must be an array of klib names/],
    [{ Klibs: [3] }, /"Klibs" must be an array of klib names/],
    [{ Env: ['A=b'] }, /"Env" must be an object whose values are strings/],
    [{ Env: { A: { b: 'c' } } }, /"Env" must be an object whose values are strings/],
    [{ ManifestPassthrough: 'x' }, /"ManifestPassthrough" must be an object/],
    [{ Args: 'x' }, /"Args" must be an array of strings/],
    [{ Klibs: ['no_such_klib'] }, /"Klibs" names an unknown klib "no_such_klib"/],
  ];
  for (const [config, message] of cases) {
    const r = await klibhost(['--config', writeConfig(config), '--', 'true']);
    t.equal(r.code, 2, `status 2 for ${JSON.stringify(config)}`);
    t.match(r.stderr, message);
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    t.equal(sanitizerReport(r.stderr), null);
  }
  const r = await klibhost(['--config', '/nonexistent/config.json', '--', 'true']);
  t.equal(r.code, 2);
  t.match(r.stderr, /cannot read \/nonexistent\/config.json: No such file or directory/);
});

t.test('bad command lines are usage errors', async t => {
  for (const args of [[], ['--config'], ['--config', writeConfig({})], ['--bogus'],
    ['--config', writeConfig({}), '--resolve', 'nonsense', 'true'],
    ['--config', writeConfig({}), '--flush-timeout', 'soon', 'true'],
    ['--config', writeConfig({}), '--interface-address', '::1', 'true'],
    ['--config', writeConfig({}), '--interface-address', 'eth0', 'true']]) {
    const r = await klibhost(args);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, /usage: klibhost/);
  }
});

t.test('the config becomes the manifest as ops writes it', async t => {
  const r = await runWith({
    Klibs: ['manifest_dump'], Env: { IMAGE_NAME: 'img' }, Program: '/prog', Args: ['a', 'b'],
    ManifestPassthrough: { manifest_dump: { number: '17', list: ['x', 'y'], text: 'hello', nested: { k: 'v' }, flag: true, n: 5, gone: null } },
    RunConfig: { Memory: '2G' },
  }, 'true');
  t.equal(r.code, 0);
  t.same(linesWith(r.stdout, 'manifest:'), [
    'manifest: (arguments:[a b] environment:(IMAGE_NAME:img) klibs:bootfs ' +
      'manifest_dump:(flag:true list:[x y] n:5 nested:(k:v) number:17 text:hello) program:/prog)',
    'manifest: IMAGE_NAME=img',
    'manifest: number ok',
    'manifest: number=17 is_tuple=1 is_vector=1 is_string=1',
    'manifest: stack buffer is_string=1 parsed=1 42',
  ]);
});

t.test('without Program in the config, the manifest\'s program is the PROGRAM klibhost runs', async t => {
  const r = await klibhost(['--config', writeConfig({ Klibs: ['manifest_dump'] }), '--', 'sh', '-c', 'true']);
  t.equal(r.code, 0);
  t.same(linesWith(r.stdout, 'manifest: (').map(l => / program:(\S*?)\)$/.exec(l)?.[1]), ['sh']);
});

t.test('console drivers: newest first, a printing driver reaches serial only, a disabled one never runs', async t => {
  const r = await runWith({ Klibs: ['console_probe', 'noisy_driver'] }, 'printf abc');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  const out = r.stdout.toString();
  t.ok(out.startsWith('noisy: saw 3 bytes\nabc'), 'noisy (attached last) ran before serial echoed the chunk');
  t.same(probeChunks(r.stdout), [Buffer.from('abc')], 'the probe never saw the nested print');
  t.match(out, /noisy: muted driver called 0 times/);
});

t.test('SIGTERM to klibhost reaches the program, and the shutdown completions still run', async t => {
  const child = spawn(KLIBHOST, ['--config', writeConfig(probe), '--', 'sh', '-c', 'echo started; exec sleep 60'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', d => { err += d; });
  await new Promise<void>(resolve => child.stdout.on('data', d => {
    out += d;
    if (out.includes('started\n')) resolve();
  }));
  child.kill('SIGTERM');
  const code = await new Promise<number | null>(resolve => child.on('close', c => resolve(c)));
  t.equal(code, 128 + 15, 'the program was terminated');
  t.match(out, /probe: status 143, 1 writes/, 'the shutdown completions ran with its status');
  t.equal(sanitizerReport(err), null);
});

t.test('a program that cannot be started is an error of klibhost', async t => {
  const r = await klibhost(['--config', writeConfig(probe), '--', '/nonexistent/program']);
  t.equal(r.code, 2);
  t.match(r.stderr, /cannot run \/nonexistent\/program: No such file or directory/);
});
