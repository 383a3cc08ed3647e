// Configuration: every invalid value gives exactly one console line naming the key; the klib then
// stays off (no request is made) and the program runs as usual. Valid new keys are honoured.
import t from 'tap';
import { appMessages, buildCloudwatch, exampleConfig, klibLines, requestLog, run, sanitizerReport, startAws } from './lib/run.ts';

buildCloudwatch();

const aws = await startAws();
t.teardown(() => aws.close());

const invalid: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ['mem_metrics_interval', { mem_metrics_interval: 'often' }, {}],
  ['mem_metrics_interval', { mem_metrics_interval: '-5' }, {}],
  ['region', { region: 'US East 1' }, {}],
  ['metrics_endpoint', { metrics_endpoint: 'monitoring.example.com:99999' }, {}],
  ['ca_cert', { ca_cert: 'not a certificate' }, {}],
  ['shutdown_timeout', { shutdown_timeout: '0' }, {}],
  ['shutdown_timeout', { shutdown_timeout: 'soon' }, {}],
  ['logging.log_group', {}, { log_group: 'bad:name' }],
  ['logging.log_group', {}, { log_group: '' }],
  ['logging.log_stream', {}, { log_stream: 'x'.repeat(513) }],
  ['logging.endpoint', {}, { endpoint: 'logs example com' }],
  ['logging.flush_interval', {}, { flush_interval: '0' }],
  ['logging.flush_interval', {}, { flush_interval: '1.5' }],
  ['logging.buffer_size', {}, { buffer_size: '1k' }],
  ['logging.buffer_size', {}, { buffer_size: 'lots' }],
  ['logging.retention_days', {}, { retention_days: '2' }],
];

for (const [key, top, logging] of invalid) {
  t.test(`invalid ${key}: ${JSON.stringify({ ...top, ...logging })}`, async t => {
    const before = aws.cloudwatch.requests.length + aws.imds.requests.length;
    const r = await run(aws, exampleConfig(aws, top, logging), 'echo the program runs');
    t.equal(r.code, 0, 'the VM keeps running');
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    t.match(r.stdout.toString(), /the program runs/);
    const lines = klibLines(r);
    t.equal(lines.length, 1, 'one console line');
    t.match(lines[0], `cloudwatch: invalid configuration: '${key}'`);
    t.match(lines[0], /CloudWatch disabled/);
    t.equal(aws.cloudwatch.requests.length + aws.imds.requests.length, before, 'the klib stays off');
  });
}

t.test('cloudwatch and logging must be tuples', async t => {
  for (const cw of ['yes', { logging: 'yes' }]) {
    const cfg = exampleConfig(aws);
    cfg.ManifestPassthrough.cloudwatch = cw;
    const r = await run(aws, cfg, 'echo still running');
    t.equal(r.code, 0);
    t.equal(klibLines(r).length, 1, 'one console line');
    t.match(klibLines(r)[0], /'(cloudwatch|logging)' must be a tuple/);
  }
});

t.test('no cloudwatch key: the klib is silent and off', async t => {
  const cfg = exampleConfig(aws);
  delete cfg.ManifestPassthrough.cloudwatch;
  const before = aws.imds.requests.length;
  const r = await run(aws, cfg, 'echo quiet');
  t.equal(r.code, 0);
  t.same(klibLines(r), []);
  t.equal(aws.imds.requests.length, before, 'no metadata request');
});

t.test('new keys: region, logging.endpoint, buffer_size, flush_interval, retention; stream defaults to the instance id', async t => {
  const port = aws.cloudwatch.https!.port;
  const before = aws.cloudwatch.requests.length;
  const r = await run(aws, exampleConfig(aws, { region: aws.imds.region, mem_metrics_interval: undefined },
    { endpoint: `localhost:${port}`, buffer_size: '128k', flush_interval: '1', retention_days: '30', log_stream: undefined, log_group: 'app/group' }),
    'echo via the endpoint override');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws, 'app/group', aws.imds.instanceId), ['via the endpoint override'], requestLog(aws));
  const mine = aws.cloudwatch.requests.slice(before);
  t.ok(mine.some(q => q.operation === 'PutRetentionPolicy' && q.body.includes('"retentionInDays":30')), 'retention set');
  t.ok(mine.every(q => q.headers.some(([k, v]) => k.toLowerCase() === 'host' && v === `localhost:${port}`)), 'Host is the endpoint');
  t.notOk(aws.imds.requests.slice(-10).some(q => q.path.endsWith('placement/region')), 'the configured region is used');
  t.notOk(mine.some(q => q.operation === 'PutMetricData'), 'no metrics without mem_metrics_interval');
});

t.test('log_group defaults to the IMAGE_NAME environment variable', async t => {
  const cfg = exampleConfig(aws, { mem_metrics_interval: undefined }, { log_group: undefined });
  cfg.Env = { IMAGE_NAME: 'image-from-env' };
  const r = await run(aws, cfg, 'echo grouped by image');
  t.equal(r.code, 0);
  t.same(await appMessages(aws, 'image-from-env', 's'), ['grouped by image'], requestLog(aws));
});
