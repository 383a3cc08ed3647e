// The acceptance case of issue 6, as a new user would try it: examples/cloudwatch.json (the stock
// keys: group, stream, metrics every 5 s) with klibhost and the mocks; the official SDK reads the
// program's lines back, in order, exactly once. IMDSv2 is required (HttpTokens=required); every
// request's SigV4 signature is verified by the mock with @smithy/signature-v4.
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import { appMessages, buildCloudwatch, exampleConfig, klibLines, readBack, requestLog, run, sanitizerReport, startAws } from './lib/run.ts';

buildCloudwatch();

t.test('the example config ships the lines; the SDK reads them back in order, exactly once', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const script = 'for i in $(seq 1 50); do echo "hello $i from the app"; done; printf "last line without newline"';
  const r = await run(aws, exampleConfig(aws), script);
  t.equal(r.code, 0, 'the program\'s status');
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const expected = [...Array.from({ length: 50 }, (_, i) => `hello ${i + 1} from the app`), 'last line without newline'];
  t.same(await appMessages(aws), expected, requestLog(aws));
  const events = await readBack(aws, 'g', 's');
  t.ok(events.every((e, i) => i === 0 || e.timestamp >= events[i - 1].timestamp), 'chronological');
  t.ok(events.every(e => Math.abs(e.timestamp - Date.now()) < 60_000), 'stamped with the time they were written');
  t.same(klibLines(r), [], 'nothing to complain about');

  const requests = aws.cloudwatch.requests;
  t.ok(requests.every(q => q.status === 200 && q.signature !== undefined), 'every request accepted: signature verified');
  t.ok(requests.filter(q => q.service === 'logs').every(q => q.scheme === 'https' && q.signature?.tokenSigned),
    'logs over HTTPS, x-amz-security-token signed');
  t.same(requests.filter(q => q.service === 'logs' && q.status === 200).slice(0, 2).map(q => q.operation),
    ['CreateLogGroup', 'CreateLogStream'], 'group and stream created first');
  t.notOk(requests.some(q => q.body.includes('sequenceToken')), 'no sequence tokens');
  t.equal(aws.imds.requests.filter(q => q.path !== '/latest/api/token').every(q => q.token !== undefined), true,
    'IMDSv2: the token on every GET');
});

t.test('memory metrics: PutMetricData over HTTPS with the stock names', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const r = await run(aws, exampleConfig(aws), `echo metrics; ${when(() => aws.cloudwatch.accepted('PutMetricData').length > 0)}`);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const puts = aws.cloudwatch.accepted('PutMetricData');
  t.ok(puts.length >= 1, requestLog(aws));
  t.ok(puts.every(q => q.scheme === 'https'), 'HTTPS, not the stock klib\'s plain HTTP');
  for (const name of ['mem_total', 'mem_used', 'mem_used_percent', 'mem_available', 'mem_available_percent', 'mem_free', 'mem_cached']) {
    const points = aws.cloudwatch.metrics.find(name, 'CWAgent');
    t.ok(points.length >= 1, `${name} arrived`);
    t.same(points[0]?.dimensions, [{ name: 'host', value: aws.imds.hostname }], `${name}: dimension host`);
  }
  const total = aws.cloudwatch.metrics.find('mem_total', 'CWAgent')[0];
  t.ok(total.value! > 0 && total.unit === 'Bytes', 'mem_total is bytes');
});
