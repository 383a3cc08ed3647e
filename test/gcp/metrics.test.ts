// Memory metrics against the Cloud Monitoring mock (bodies validated against Google's protos): the
// six series the stock klib sends, with the gce_instance resource, one point each, GAUGE/DOUBLE;
// the first sample right after the metadata, then one per interval (not more).
import t from 'tap';
import { buildGcp, consoleText, gcpConfig, klibLines, runGcp, sampleAccepted, startGcpStack, waitFor } from './lib.ts';

buildGcp();

t.test('memory series, as the stock klib sends them', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { metrics: {} }), `${waitFor(sampleAccepted(stack))}; sleep 1`);
  t.equal(r.code, 0, r.stderr);
  const creates = stack.apis.requests.filter(q => q.method === 'timeSeries.create');
  t.equal(creates.length, 1, 'one sample, then none for a second: the interval (60 s) is respected');
  t.equal(creates[0].status, 200, creates[0].errorMessage ?? '');
  t.equal(creates[0].url, `/v3/projects/${stack.metadata.projectId}/timeSeries`);
  const resource = { type: 'gce_instance', labels: {
    project_id: stack.metadata.projectId, instance_id: stack.metadata.instanceId, zone: stack.metadata.zone } };
  const values: Record<string, number> = {};
  for (const type of ['bytes_used', 'percent_used']) {
    for (const state of ['cached', 'free', 'used']) {
      const s = stack.apis.monitoring.find(`agent.googleapis.com/memory/${type}`, { state });
      t.equal(s.length, 1, `${type} ${state}`);
      t.same(s[0].resource, resource);
      t.equal(s[0].metricKind, 'GAUGE');
      t.equal(s[0].valueType, 'DOUBLE');
      values[`${type}/${state}`] = (s[0].points as any)[0].value.doubleValue;
    }
  }
  const total = values['bytes_used/cached'] + values['bytes_used/free'] + values['bytes_used/used'];
  t.ok(total > 0, 'bytes add up to the memory size');
  const percent = values['percent_used/cached'] + values['percent_used/free'] + values['percent_used/used'];
  t.ok(percent > 99.9 && percent <= 100.01, `percentages add up to 100 (${percent})`);
  t.ok(Math.abs(values['percent_used/free'] - values['bytes_used/free'] * 100 / total) < 0.02, 'free percentage');
  t.same(klibLines(r), [], 'nothing to report');
});

t.test('metrics and logging together; a failed sample is reported once and not resent', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.apis.failNext(1, 503, 'timeSeries.create');
  const failed = () => stack.apis.requests.some(q => q.method === 'timeSeries.create' && q.status === 503);
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'both' }, metrics: { interval: 60 } }),
    `echo hi; ${waitFor(failed)}`);
  t.equal(r.code, 0, r.stderr);
  t.same(klibLines(r), ['gcp: timeSeries.create to monitoring.googleapis.com: HTTP 503 UNAVAILABLE; samples are lost until it works again'],
    'one line; no sample came to end the run');
  const creates = stack.apis.requests.filter(q => q.method === 'timeSeries.create');
  t.same(creates.map(c => c.status), [503]);
  t.ok(stack.apis.logging.entries.some((e: any) => e.textPayload === 'hi'));
});

t.test('metrics.disk: the root volume\'s four series', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { metrics: { disk: {} } }), waitFor(sampleAccepted(stack)));
  t.equal(r.code, 0, r.stderr);
  const create = stack.apis.requests.find(q => q.method === 'timeSeries.create')!;
  t.equal(create.status, 200, create.errorMessage ?? '');
  const series = (state: string, type: string) =>
    stack.apis.monitoring.find(`agent.googleapis.com/disk/${type}`, { device: 'root', state });
  for (const type of ['bytes_used', 'percent_used']) {
    for (const state of ['free', 'used']) t.equal(series(state, type).length, 1, `${type} ${state}`);
  }
  const value = (s: any[]) => s[0].points[0].value.doubleValue as number;
  const percent = value(series('free', 'percent_used')) + value(series('used', 'percent_used'));
  t.ok(percent > 99.9 && percent <= 100.01, `percentages add up to 100 (${percent})`);
  t.ok(value(series('free', 'bytes_used')) + value(series('used', 'bytes_used')) > 0);
  t.equal(JSON.parse(create.body).timeSeries.length, 10, 'six memory series and four disk series');
});

t.test('metrics.disk that is not a tuple is ignored, as stock', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { metrics: { disk: 'true' } }), waitFor(sampleAccepted(stack)));
  t.equal(r.code, 0, r.stderr);
  const create = stack.apis.requests.find(q => q.method === 'timeSeries.create')!;
  t.equal(JSON.parse(create.body).timeSeries.length, 6, 'memory only');
});
