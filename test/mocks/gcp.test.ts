// The GCP mocks against Google's official clients: gcp-metadata reads the
// metadata mock; @google-cloud/logging (REST fallback, plain HTTP) writes and
// lists entries back through the Logging mock with a token from the metadata
// mock; @google-cloud/monitoring writes a time series. Hand-made bodies show
// the strict proto checks, partialSuccess and the per-request limits.
import t from 'tap';
import { GcpMetadataMock } from '../../host/mocks/gcp-metadata.ts';
import { GcpApisMock } from '../../host/mocks/gcp-mock.ts';
import { RAW_ANSWERS } from '../../host/mocks/http.ts';

const metadata = new GcpMetadataMock({ projectId: 'my-proj' });
const apis = new GcpApisMock({ projectId: 'my-proj', numericProjectId: metadata.numericProjectId, tokens: metadata.tokens });
let apiPort = 0;
t.before(async () => {
  await metadata.start();
  apiPort = (await apis.start()).httpPort;
  process.env.GCE_METADATA_HOST = metadata.host;
  process.env.METADATA_SERVER_DETECTION = 'ping-only';
});
t.teardown(async () => { await metadata.close(); await apis.close(); });

async function api(path: string, body: unknown, token = metadata.tokens.currentToken().token) {
  const r = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() as any };
}

t.test('gcp-metadata reads project, zone, id and token from the metadata mock', async t => {
  const gcpMetadata = await import('gcp-metadata');
  t.equal(await gcpMetadata.isAvailable(), true);
  t.equal(await gcpMetadata.project('project-id'), 'my-proj');
  t.equal(await gcpMetadata.instance('zone'), `projects/${metadata.numericProjectId}/zones/us-central1-a`);
  t.equal(String(await gcpMetadata.instance('id')), '9876543210987654321', 'a uint64 beyond 2^53 keeps every digit');
  const tok = await gcpMetadata.instance('service-accounts/default/token');
  t.equal(tok.access_token, metadata.tokens.currentToken().token);
  t.ok(tok.expires_in > 3000);
  const direct = await fetch(`http://${metadata.host}/computeMetadata/v1/project/project-id`);
  t.equal(direct.status, 403, 'no Metadata-Flavor header: 403');
});

t.test('metadata faults: token rotation, error statuses, unreachable for a while', async t => {
  const get = (path: string) => fetch(`http://${metadata.host}/computeMetadata/v1/${path}`, { headers: { 'Metadata-Flavor': 'Google' } });
  const a = await (await get('instance/service-accounts/default/token')).json() as any;
  metadata.tokens.rotate();
  const b = await (await get('instance/service-accounts/default/token')).json() as any;
  t.not(a.access_token, b.access_token, 'rotated');
  t.ok(metadata.tokens.isValid(a.access_token), 'old token valid until it expires');
  metadata.failNext(1, 500, '/token');
  t.equal((await get('instance/service-accounts/default/token')).status, 500);
  t.equal((await get('instance/zone')).status, 200);
  const back = metadata.unreachableFor(1000);
  await t.rejects(get('project/project-id'), 'refused while unreachable');
  await back;
  t.equal(await (await get('project/project-id')).text(), 'my-proj');
});

t.test('the official logging client writes and lists entries back', async t => {
  const { Logging } = await import('@google-cloud/logging');
  const logging = new Logging({ projectId: 'my-proj', apiEndpoint: '127.0.0.1', port: apiPort, protocol: 'http', fallback: true } as any);
  const log = logging.log('nanos/console');
  const resource = { type: 'gce_instance', labels: { instance_id: metadata.instanceId, zone: metadata.zone } };
  await log.write([
    log.entry({ resource, severity: 'ERROR', timestamp: new Date() }, 'disk on fire'),
    log.entry({ resource, severity: 'INFO' }, { message: 'structured', n: 3 }),
  ]);
  const writes = apis.requests.filter(r => r.method === 'entries.write' && r.status === 200);
  t.ok(writes.length >= 1, 'the write was accepted');
  // The client also writes a one-off diagnostic entry (severity DEFAULT); the filter leaves it out.
  const [entries] = await log.getEntries({ orderBy: 'timestamp asc', filter: 'severity >= INFO' });
  t.same(entries.map(e => [e.metadata.logName, e.metadata.severity, e.data]), [
    ['projects/my-proj/logs/nanos%2Fconsole', 'ERROR', 'disk on fire'],
    ['projects/my-proj/logs/nanos%2Fconsole', 'INFO', { message: 'structured', n: 3 }]]);
  t.match(apis.requests.at(-1)?.body, /severity >= INFO/, 'the filter reached the mock');
  t.equal(apis.requests.at(-1)?.method, 'entries.list');
  const stored = apis.logging.entries.find(e => e.textPayload === 'disk on fire')!;
  t.same(stored.resource, resource);
  t.equal(stored.severity, 'ERROR', 'stored with the enum name');
});

t.test('strict proto checks refuse the whole request', async t => {
  const base = { logName: 'projects/my-proj/logs/strict', resource: { type: 'gce_instance', labels: { zone: 'z' } } };
  const bad = async (entry: unknown, why: RegExp) => {
    const r = await api('/v2/entries:write', { ...base, entries: [entry] });
    t.equal(r.status, 400);
    t.equal(r.body.error.status, 'INVALID_ARGUMENT');
    t.match(r.body.error.message, why);
  };
  await bad({ textPayload: 'x', extra: 1 }, /Unknown name "extra"/);
  await bad({ textPayload: 'x', severity: 'INFORMATION' }, /Invalid value for enum type google.logging.type.LogSeverity: "INFORMATION"/);
  await bad({ textPayload: 'x', severity: 'info' }, /LogSeverity/);
  await bad({ textPayload: 'x', jsonPayload: { a: 1 } }, /oneof field 'payload' is already set/);
  await bad({ textPayload: 'x', timestamp: '2026-11-25 08:00:00Z' }, /Timestamp/);
  await bad({ textPayload: 'x', timestamp: '2026-11-25T08:00:00.1234567890Z' }, /Timestamp/);
  await bad({ textPayload: 7 }, /Invalid value for string/);
  await bad({ textPayload: 'x', httpRequest: { responseSize: '12.5' } }, /int64/);
  await bad({ textPayload: 'x', timestamp: '2026-11-25T08:00:00+24:00' }, /Timestamp/);
  await bad({ textPayload: 'x', timestamp: '0001-01-01T00:30:00+01:00' }, /Timestamp/);
  await bad({ textPayload: 'x', httpRequest: { latency: '315576000001s' } }, /Duration/);
  await bad({ textPayload: 'x', httpRequest: { latency: '1.5' } }, /Duration/);
  await bad({ textPayload: 'x', httpRequest: { status: 2147483648 } }, /int32/);
  await bad({ textPayload: 'x', httpRequest: { cacheHit: 'true' } }, /bool/);
  await bad({ textPayload: 'x', httpRequest: { method: 'GET' } }, /Unknown name "method"/);
  await bad({ textPayload: 'x', httpRequest: { referer: null } }, /null/);
  const ok = await api('/v2/entries:write', { ...base, entries: [{ textPayload: 'x', timestamp: '2026-01-01T00:00:00.123456789+01:00', severity: 'WARNING',
    httpRequest: { requestMethod: 'GET', responseSize: '12', status: 200, latency: '315576000000.5s', cacheHit: true } }] });
  t.equal(ok.status, 200, JSON.stringify(ok.body));
  t.equal(apis.logging.entries.filter(e => e.logName === base.logName).length, 0, 'too old for the bucket: accepted, not stored');
  const body = await api('/v2/entries:write', '{"entries": [');
  t.equal(body.status, 400, 'malformed JSON');
});

t.test('per-entry errors and partialSuccess', async t => {
  const now = new Date().toISOString();
  const request = (partialSuccess: boolean) => ({
    logName: 'projects/my-proj/logs/partial', resource: { type: 'gce_instance' }, partialSuccess,
    entries: [
      { textPayload: 'good 1', timestamp: now },
      { textPayload: 'bad', timestamp: new Date(Date.now() + 2 * 86400_000).toISOString() },
      { textPayload: 'wrong log', logName: 'projects/my-proj/logs/a/b' },
      { textPayload: 'good 2', timestamp: now },
    ],
  });
  const all = await api('/v2/entries:write', request(false));
  t.equal(all.status, 400);
  t.same(Object.keys(all.body.error.details[0].logEntryErrors), ['1', '2']);
  t.equal(all.body.error.details[0]['@type'], 'type.googleapis.com/google.logging.v2.WriteLogEntriesPartialErrors');
  t.same(apis.logging.entries.filter(e => e.logName === 'projects/my-proj/logs/partial'), [], 'without partialSuccess nothing is written');
  const part = await api('/v2/entries:write', request(true));
  t.equal(part.status, 400);
  t.equal(part.body.error.details[0].logEntryErrors['1'].code, 3);
  t.same(apis.logging.entries.filter(e => e.logName === 'projects/my-proj/logs/partial').map(e => e.textPayload), ['good 1', 'good 2']);
  const other = await api('/v2/entries:write', { logName: 'projects/someone-else/logs/x', resource: { type: 'global' }, entries: [{ textPayload: 'x' }] });
  t.equal(other.status, 403);
  const big = await api('/v2/entries:write', { logName: 'projects/my-proj/logs/big', resource: { type: 'global' }, entries: [{ textPayload: 'x'.repeat(256 * 1024) }] });
  t.match(big.body.error.message, /exceeds maximum size of 262144/);
});

t.test('bearer token and API faults: 401, 429, 503, reset', async t => {
  const body = { logName: 'projects/my-proj/logs/auth', resource: { type: 'global' }, entries: [{ textPayload: 'x' }] };
  t.equal((await api('/v2/entries:write', body, 'forged')).status, 401);
  const old = metadata.tokens.currentToken().token;
  metadata.tokens.revokeAll();
  const r = await api('/v2/entries:write', body, old);
  t.same([r.status, r.body.error.status], [401, 'UNAUTHENTICATED']);
  t.equal((await api('/v2/entries:write', body)).status, 200, 'a fresh token from the metadata server works');
  apis.failNext(1, 429, 'entries.write');
  apis.failNext(1, 503);
  const throttled = await api('/v2/entries:write', body);
  t.same([throttled.status, throttled.body.error.status], [429, 'RESOURCE_EXHAUSTED']);
  t.same((await api('/v2/entries:write', body)).body.error.status, 'UNAVAILABLE');
  apis.resetNext(1);
  await t.rejects(api('/v2/entries:write', body));
  t.equal((await api('/v2/entries:write', body)).status, 200);
});

t.test('timeSeries.create: the official client, the stock klib body, and the limits', async t => {
  const monitoring = await import('@google-cloud/monitoring');
  const client = new monitoring.default.MetricServiceClient({ projectId: 'my-proj', apiEndpoint: '127.0.0.1', port: apiPort, protocol: 'http', fallback: true } as any);
  const resource = { type: 'gce_instance', labels: { project_id: 'my-proj', instance_id: metadata.instanceId, zone: metadata.zone } };
  const end = { seconds: Math.floor(Date.now() / 1000) - 60 };
  await client.createTimeSeries({ name: 'projects/my-proj', timeSeries: [{
    metric: { type: 'custom.googleapis.com/nanos/memory_used', labels: { state: 'used' } }, resource,
    metricKind: 'GAUGE', valueType: 'INT64', points: [{ interval: { endTime: end }, value: { int64Value: 12345 } }],
  }] });
  const [written] = apis.monitoring.find('custom.googleapis.com/nanos/memory_used');
  t.same([written.metricKind, written.valueType, (written.points as any)[0].value], ['GAUGE', 'INT64', { int64Value: '12345' }]);

  // What the stock klib sends: no metricKind/valueType, doubleValue, whole-second endTime.
  const stockEnd = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const stock = (type: string, state: string, v: number) => ({ resource: { type: 'gce_instance', labels: { zone: metadata.zone, instance_id: metadata.instanceId } },
    metric: { type: `agent.googleapis.com/memory/${type}`, labels: { state } }, points: [{ value: { doubleValue: v }, interval: { endTime: stockEnd } }] });
  const ok = await api('/v3/projects/my-proj/timeSeries', { timeSeries: [stock('bytes_used', 'used', 100), stock('percent_used', 'used', 3)] });
  t.equal(ok.status, 200, JSON.stringify(ok.body));
  const again = await api('/v3/projects/my-proj/timeSeries', { timeSeries: [stock('bytes_used', 'used', 100)] });
  t.match(again.body.error.message, /Points must be written in order/);
  t.equal(again.body.error.details[0].successPointCount, 0);

  const series = (i: number) => ({ metric: { type: 'custom.googleapis.com/many', labels: { i: String(i) } }, resource,
    points: [{ interval: { endTime: new Date().toISOString() }, value: { int64Value: String(i) } }] });
  const tooMany = await api('/v3/projects/my-proj/timeSeries', { timeSeries: Array.from({ length: 201 }, (_, i) => series(i)) });
  t.match(tooMany.body.error.message, /maximum of 200 TimeSeries/);
  t.equal((await api('/v3/projects/my-proj/timeSeries', { timeSeries: Array.from({ length: 200 }, (_, i) => series(i)) })).status, 200);
  const twoPoints = { ...series(500), points: [...series(500).points, ...series(500).points] };
  t.match((await api('/v3/projects/my-proj/timeSeries', { timeSeries: [twoPoints] })).body.error.message, /one point/);
  const badKind = { ...series(501), metricKind: 'GAUGES' };
  t.match((await api('/v3/projects/my-proj/timeSeries', { timeSeries: [badKind] })).body.error.message, /MetricKind/);
  const int64 = { ...series(502), points: [{ interval: { endTime: new Date().toISOString() }, value: { int64Value: '1.5' } }] };
  t.match((await api('/v3/projects/my-proj/timeSeries', { timeSeries: [int64] })).body.error.message, /int64/);
  const mismatch = { ...series(503), valueType: 'DOUBLE' };
  t.match((await api('/v3/projects/my-proj/timeSeries', { timeSeries: [mismatch] })).body.error.message, /must be DOUBLE/);
});

t.test('raw answers the tests cue: an HTML 502 instead of the API, unread by the service', async t => {
  const before = apis.logging.entries.length;
  apis.answerNext(1, RAW_ANSWERS.html502(), 'entries.write');
  const r = await fetch(`http://127.0.0.1:${apiPort}/v2/entries:write`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${metadata.tokens.currentToken().token}` },
    body: JSON.stringify({ logName: 'projects/my-proj/logs/raw', resource: { type: 'global' }, entries: [{ textPayload: 'x' }] }),
  });
  t.equal(r.status, 502);
  t.match(r.headers.get('content-type'), /text\/html/);
  t.equal(apis.logging.entries.length, before, 'nothing written');
});
