// Issue 14: where the klib already ships metrics, the log shipper's own counters go as metrics of
// their own, namespace NanosKlibs/Logs, beside the stock CWAgent memory series and with the same
// host dimension (names in klib-src/cloudwatch/README.md). Counters are what each sample's interval
// added, so their sum is what was shipped before the last sample.
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import { appMessages, buildCloudwatch, exampleConfig, requestLog, run, sanitizerReport, startAws } from './lib/run.ts';

buildCloudwatch();

const NAMES = ['LinesShipped', 'BytesShipped', 'LinesRetried', 'LinesDropped', 'LinesRefused', 'BacklogBytes', 'OldestUnsentAge'];

t.test('NanosKlibs/Logs: the shipper\'s counters beside the memory metrics, every mem_metrics_interval', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const ours = (name: string) => aws.cloudwatch.metrics.find(name, 'NanosKlibs/Logs');
  const sum = (name: string) => ours(name).reduce((n, p) => n + (p.value ?? 0), 0);
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: '1' }),
    `for i in $(seq 1 20); do echo "counted $i"; done; ${when(() => sum('LinesShipped') >= 20)}`);
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  for (const name of NAMES) t.ok(ours(name).length >= 1, `${name} sent`);
  const stored = (await appMessages(aws)).length;
  t.ok(sum('LinesShipped') >= 20 && sum('LinesShipped') <= stored, `${sum('LinesShipped')} lines counted, ${stored} stored\n${requestLog(aws)}`);
  t.ok(sum('BytesShipped') >= sum('LinesShipped') * 'counted 1'.length, 'bytes counted with the lines');
  t.equal(sum('LinesDropped') + sum('LinesRefused') + sum('LinesRetried'), 0, 'nothing dropped, refused or retried');
  const host = aws.cloudwatch.metrics.find('mem_used', 'CWAgent')[0]?.dimensions;
  t.ok(host !== undefined, 'the memory metrics went too');
  t.same(ours('LinesShipped')[0].dimensions, host, 'the same host dimension as the memory metrics');
});
