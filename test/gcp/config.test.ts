// The `gcp` tuple: invalid values give one console line naming the key, the klib stays off and the
// program still runs; absent keys take the stock defaults (the log id is the instance host name).
import t from 'tap';
import { buildGcp, consoleText, gcpConfig, payloads, runGcp, startGcpStack, storedEntries } from './lib.ts';

buildGcp();

const invalid: [string, Record<string, unknown>, RegExp][] = [
  ['metrics.interval below the minimum', { metrics: { interval: '30' } }, /'metrics.interval' must be a duration of at least 60s/],
  ['metrics.interval not a number', { metrics: { interval: 'often' } }, /'metrics.interval'/],
  ['logging.flush_interval', { logging: { flush_interval: '0' } }, /'logging.flush_interval'/],
  ['logging.buffer_size', { logging: { buffer_size: '1k' } }, /'logging.buffer_size'/],
  ['logging.severity', { logging: { severity: 'maybe' } }, /'logging.severity' must be on or off/],
  ['logging.endpoint', { logging: { endpoint: 'bad host/x' } }, /'logging.endpoint' must be a host name/],
  ['logging.labels', { logging: { labels: 'a=b' } }, /'logging.labels'/],
  ['logging as a string', { logging: 'yes' }, /'logging' must be a tuple/],
  ['logging.log_id with a space', { logging: { log_id: 'my log' } }, /'logging.log_id' must be 1 to 512 characters of \[A-Za-z0-9_.\/-\]/],
  ['shutdown_timeout', { logging: {}, shutdown_timeout: '0' }, /'shutdown_timeout' must be a duration from 1s to 1h/],
];

for (const [name, gcp, message] of invalid) {
  t.test(`invalid ${name}: one line, klib off, program runs`, async t => {
    const stack = await startGcpStack();
    t.teardown(() => stack.close());
    const config = gcpConfig(stack, gcp);
    const r = await runGcp(stack, config, 'echo still running; exit 3');
    t.equal(r.code, 3, 'the program ran and its status came back');
    const text = consoleText(r);
    t.match(text, message);
    t.equal(text.match(/gcp: invalid configuration/g)?.length, 1, 'one line');
    t.match(text, /still running/);
    t.equal(stack.metadata.requests.length, 0, 'the klib stayed off');
  });
}

t.test('no gcp tuple: nothing happens', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, { Klibs: ['gcp', 'tls'] }, 'echo hi');
  t.equal(r.code, 0, r.stderr);
  t.equal(stack.metadata.requests.length, 0);
});

t.test('no log_id: the instance host name is the log id (stock default)', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { logging: {} }), 'echo named after the host');
  t.equal(r.code, 0, r.stderr);
  t.same(payloads(storedEntries(stack, stack.metadata.hostname)), ['named after the host']);
  t.ok(stack.metadata.requests.some(q => q.path.endsWith('/instance/hostname')));
});

t.test('a log id that needs percent-encoding', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'nanos/console' } }), 'echo slash');
  t.equal(r.code, 0, r.stderr);
  const e = storedEntries(stack, 'nanos/console');
  t.equal(e[0].logName, `projects/${stack.metadata.projectId}/logs/nanos%2Fconsole`);
});

t.test('logging.endpoint: another host name, verified against it', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // The mock's certificate is not valid for this name: TLS must refuse it.
  const extra = ['--resolve', 'logs.example.test:443:127.0.0.1', '--connect-to',
    `logs.example.test:443:127.0.0.1:${stack.apis.https!.port}`];
  // Shipping never succeeds, so the shutdown ends by the klib's own deadline (the VM would
  // otherwise never halt: klibhost would fail with 124).
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'ep', endpoint: 'logs.example.test' }, shutdown_timeout: '1' }),
    'echo hi', extra);
  t.equal(r.code, 0, `the program's status: the klib released the halt\n${r.stderr}`);
  t.match(consoleText(r), /tls: logs.example.test: .*issued for another host name/);
  t.match(consoleText(r), /gcp: shutdown_timeout \(1 s\) passed: [1-9]\d* bytes of console output not shipped \(Cloud Logging kept failing\); letting the VM halt\n/);
  t.equal(storedEntries(stack, 'ep').length, 0);
});
