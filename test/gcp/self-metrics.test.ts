// Issue 14: where the klib already ships metrics, the log shipper's own series go in the same
// timeSeries.create as the memory series: custom.googleapis.com/nanos/logs/<name> (names in
// klib-src/gcp/README.md), INT64, counters CUMULATIVE since the klib started, the backlog GAUGE.
// A cumulative series must end after it starts, so the first sample (right after the metadata,
// within a second of the start) has only the memory series: this waits for the second, one
// metrics.interval (60 s, the least the stock keys allow) later.
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import { buildGcp, gcpConfig, runGcp, startGcpStack } from './lib.ts';

buildGcp();

const COUNTERS = ['lines_shipped', 'bytes_shipped', 'lines_retried', 'lines_dropped', 'lines_refused'];
const GAUGES = ['backlog_bytes', 'oldest_unsent_age'];

t.test('custom.googleapis.com/nanos/logs/*: the shipper\'s series in the metrics request', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const ours = (name: string): any[] => stack.apis.monitoring.find(`custom.googleapis.com/nanos/logs/${name}`);
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'counted' }, metrics: {} }),
    `for i in $(seq 1 20); do echo "counted $i"; done; ${when(() => [...COUNTERS, ...GAUGES].every(n => ours(n).length > 0))}`);
  t.equal(r.code, 0, r.stderr);
  for (const name of COUNTERS) {
    const s = ours(name)[0];
    t.equal(s?.metricKind, 'CUMULATIVE', `${name}: a counter`);
    t.equal(s?.valueType, 'INT64');
    t.match(s?.points?.[0]?.value?.int64Value, /^\d+$/, `${name}: an integer`);
    t.ok(s?.points?.[0]?.interval?.startTime, `${name}: counted from the klib's start`);
  }
  for (const name of GAUGES) t.equal(ours(name)[0]?.metricKind, 'GAUGE', `${name}: a gauge`);
  t.equal(ours('lines_dropped')[0]?.points?.[0]?.value?.int64Value, '0', 'nothing dropped');
  t.ok(stack.apis.monitoring.find('agent.googleapis.com/memory/bytes_used').length > 0, 'beside the memory series');
});
