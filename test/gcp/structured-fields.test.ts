// Google's structured-logging rules for `httpRequest` and the time fields, end to end: JSON lines
// through klibhost (gcp and tls klibs) to the Cloud Logging mock, which checks every body against
// Google's protos, and read back with Google's @google-cloud/logging client. A line per rule and per
// bad value: a member that is lifted leaves the jsonPayload; one that cannot be (wrong type, not
// valid, a time Cloud Logging would not keep) stays in it untouched and the entry keeps the capture
// time. Every line arrives, and every request is accepted.
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../host/lib/klibhost.ts';
import { timestampNanos } from '../../host/mocks/gcp-logging.ts';
import { buildGcp, gcpConfig, runGcp, startGcpStack, storedEntries, writes, type GcpStack } from './lib.ts';

buildGcp();

const DAY = 86400_000;

/** An instant as nanoseconds since the epoch (the mock stores timestamps in the canonical form, with 0, 3, 6 or 9 digits). */
function instant(ms: number, nanos = 0): bigint {
  return BigInt(ms) * 1_000_000n + BigInt(nanos);
}

/** Runs the lines (one per console line) through klibhost; returns the stored entries by `message`. */
async function ship(t: Test, stack: GcpStack, logId: string, lines: string[], logging: Record<string, unknown> = {}) {
  const file = join(tempDir('gcp-lines-'), 'lines');
  writeFileSync(file, lines.map(l => l + '\n').join(''));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: logId, ...logging } }), `cat ${file}`);
  t.equal(r.code, 0, r.stderr);
  const entries = storedEntries(stack, logId);
  t.equal(entries.length, lines.length, 'every line is an entry');
  t.ok(writes(stack).length > 0 && writes(stack).every(w => w.status === 200), 'every request accepted');
  const byCase = new Map<string, any>();
  for (const e of entries) byCase.set(e.textPayload ?? e.jsonPayload?.message, e);
  return byCase;
}

/** Reads the log back with Google's client: the entries as the client presents them, by `message`. */
async function readBack(stack: GcpStack, logId: string) {
  process.env.GCE_METADATA_HOST = stack.metadata.host;
  process.env.METADATA_SERVER_DETECTION = 'ping-only';
  const { Logging } = await import('@google-cloud/logging');
  const logging = new Logging({ projectId: stack.metadata.projectId, apiEndpoint: '127.0.0.1', port: stack.apis.http.port,
    protocol: 'http', fallback: true } as any);
  const [entries] = await logging.log(logId).getEntries({ orderBy: 'timestamp asc', pageSize: 1000 });
  const byCase = new Map<string, any>();
  for (const e of entries) byCase.set(typeof e.data === 'string' ? e.data : (e.data as any).message, e);
  return byCase;
}

t.test('httpRequest: lifted when it is an HttpRequest, else left in the payload', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const full = {
    requestMethod: 'GET', requestUrl: 'https://example.com/a?b=c', requestSize: '1234', status: 200, responseSize: 5678,
    userAgent: 'curl/8.0', remoteIp: '192.0.2.1', serverIp: '10.0.0.1', referer: 'https://example.com/', latency: '3.5s',
    cacheLookup: true, cacheHit: false, cacheValidatedWithOriginServer: false, cacheFillBytes: '0', protocol: 'HTTP/1.1',
  };
  const kept: [string, unknown][] = [
    ['unknown member', { requestMethod: 'GET', method: 'GET' }],
    ['snake_case name', { request_method: 'GET' }],
    ['status not an integer', { status: '200x' }],
    ['status with a fraction', { status: 200.5 }],
    ['status beyond int32', { status: 2147483648 }],
    ['requestSize with a fraction', { requestSize: 12.5 }],
    ['requestSize beyond int64', { requestSize: '9223372036854775808' }],
    ['latency without s', { latency: '3.5' }],
    ['latency with a space', { latency: '3.5 s' }],
    ['latency beyond 10000 years', { latency: '315576000001s' }],
    ['cacheHit as a string', { cacheHit: 'true' }],
    ['requestUrl as a number', { requestUrl: 7 }],
    ['a null member', { referer: null }],
    ['a member twice', null],
    ['not an object', 'GET /'],
    ['an array', [{ requestMethod: 'GET' }]],
  ];
  const lines = [
    JSON.stringify({ message: 'full', httpRequest: full }),
    JSON.stringify({ message: 'with more', n: 1, httpRequest: { status: '404', latency: '0.000001s' } }),
    JSON.stringify({ message: 'empty', httpRequest: {} }),
    '{"message":"first of two","httpRequest":{"status":201},"httpRequest":{"status":202}}',
    ...kept.map(([name, value]) => value === null
      ? `{"message":"${name}","httpRequest":{"status":200,"status":201}}`
      : JSON.stringify({ message: name, httpRequest: value })),
    JSON.stringify({ message: 'line not an integer', 'logging.googleapis.com/sourceLocation': { file: 'a.c', line: 'abc' } }),
  ];
  const e = await ship(t, stack, 'http', lines);
  t.same(e.get('full').httpRequest, { ...full, requestSize: '1234', responseSize: '5678', cacheFillBytes: '0', latency: '3.500s' },
    'every HttpRequest field lifted (stored in the canonical form)');
  t.equal(e.get('full').textPayload, 'full', 'only the message left: textPayload');
  t.same(e.get('with more').httpRequest, { status: 404, latency: '0.000001s' });
  t.same(e.get('with more').jsonPayload, { message: 'with more', n: 1 }, 'httpRequest left the payload');
  t.same(e.get('empty').httpRequest, {}, 'an empty HttpRequest is one');
  t.equal(e.get('empty').textPayload, 'empty');
  t.same(e.get('first of two').httpRequest, { status: 201 }, 'the first httpRequest is lifted');
  t.match(writes(stack).map(w => w.body).join(''), /"jsonPayload":\{"message":"first of two","httpRequest":\{"status":202\}\}/,
    'the second one stays in the payload');
  for (const [name, value] of kept) {
    const entry = e.get(name);
    t.equal(entry?.httpRequest, undefined, `${name}: not lifted`);
    if (value !== null) t.same(entry?.jsonPayload, { message: name, httpRequest: value }, `${name}: left in the payload untouched`);
  }
  t.match(writes(stack).map(w => w.body).join(''), /"jsonPayload":\{"message":"a member twice","httpRequest":\{"status":200,"status":201\}\}/,
    'a member twice: the line as written');
  t.same(e.get('line not an integer').jsonPayload['logging.googleapis.com/sourceLocation'], { file: 'a.c', line: 'abc' },
    'a sourceLocation whose line is not an int64 stays');

  const back = await readBack(stack, 'http');
  const client = back.get('full');
  t.equal(client.metadata.httpRequest.requestMethod, 'GET', 'the official client reads the lifted httpRequest');
  t.equal(client.metadata.httpRequest.status, 200);
  t.equal(String(client.metadata.httpRequest.requestSize), '1234');
  t.equal(Number(client.metadata.httpRequest.latency.seconds), 3);
  t.equal(client.metadata.httpRequest.latency.nanos, 500000000);
  t.equal(client.data, 'full');
  t.same(back.get('unknown member').data, { message: 'unknown member', httpRequest: { requestMethod: 'GET', method: 'GET' } });
});

t.test('time fields: the entry takes the time the line gives', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const start = Date.now();
  const base = Math.floor(start / 1000) * 1000 - 3600_000;       // an hour ago, whole seconds
  const s = base / 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const lines = [
    JSON.stringify({ message: 'time Z', time: iso(base + 250) }),
    // The same instant written in a zone two hours ahead of UTC.
    JSON.stringify({ message: 'time offset', time: iso(base + 7200_000).replace(/\.000Z$/, '.123456789+02:00') }),
    JSON.stringify({ message: 'time lowercase', time: iso(base).replace('T', 't').replace('Z', 'z') }),
    JSON.stringify({ message: 'time ten digits', time: iso(base).replace(/\.000Z$/, '.1234567891Z') }),
    JSON.stringify({ message: 'timestamp object', timestamp: { seconds: s, nanos: 5 } }),
    JSON.stringify({ message: 'timestamp strings', timestamp: { seconds: String(s), nanos: '7' } }),
    JSON.stringify({ message: 'pair', timestampSeconds: s, timestampNanos: 999999999 }),
    JSON.stringify({ message: 'pair strings', timestampNanos: '1', timestampSeconds: String(s) }),
    JSON.stringify({ message: 'object beats pair and time', timestamp: { seconds: s, nanos: 1 }, timestampSeconds: s + 1, timestampNanos: 0, time: iso(base + 2000) }),
    JSON.stringify({ message: 'pair beats time', time: iso(base + 2000), timestampSeconds: s + 1, timestampNanos: 0 }),
    JSON.stringify({ message: 'half a pair: time', timestampSeconds: s + 1, time: iso(base + 3000) }),
    JSON.stringify({ message: 'object without nanos: time', timestamp: { seconds: s + 1 }, time: iso(base + 4000) }),
    '{"message":"first time counts","time":"' + iso(base + 5000) + '","time":"' + iso(base + 6000) + '"}',
    JSON.stringify({ message: 'with more', level: 'info', time: iso(base + 7000) }),
    JSON.stringify({ message: '29 days back', time: iso(start - 29 * DAY + 3600_000) }),
    JSON.stringify({ message: '22 hours ahead', time: iso(start + 22 * 3600_000) }),
  ];
  const e = await ship(t, stack, 'times', lines);
  const stamp = (name: string) => timestampNanos(e.get(name)?.timestamp ?? '1970-01-01T00:00:00Z');
  t.equal(stamp('time Z'), instant(base + 250));
  t.equal(e.get('time Z').textPayload, 'time Z', 'the time left the payload: only the message is left');
  t.equal(stamp('time offset'), instant(base, 123456789), 'offset applied, nanoseconds kept');
  t.equal(stamp('time lowercase'), instant(base));
  t.equal(stamp('time ten digits'), instant(base, 123456789), 'digits past the ninth dropped');
  t.equal(stamp('timestamp object'), instant(base, 5));
  t.equal(stamp('timestamp strings'), instant(base, 7));
  t.equal(stamp('pair'), instant(base, 999999999));
  t.equal(stamp('pair strings'), instant(base, 1));
  t.equal(stamp('object beats pair and time'), instant(base, 1));
  t.same(e.get('object beats pair and time').jsonPayload,
    { message: 'object beats pair and time', timestampSeconds: s + 1, timestampNanos: 0, time: iso(base + 2000) }, 'the others stay');
  t.equal(stamp('pair beats time'), instant(base + 1000));
  t.same(e.get('pair beats time').jsonPayload, { message: 'pair beats time', time: iso(base + 2000) });
  t.equal(stamp('half a pair: time'), instant(base + 3000));
  t.same(e.get('half a pair: time').jsonPayload, { message: 'half a pair: time', timestampSeconds: s + 1 });
  t.equal(stamp('object without nanos: time'), instant(base + 4000));
  t.same(e.get('object without nanos: time').jsonPayload, { message: 'object without nanos: time', timestamp: { seconds: s + 1 } });
  t.equal(stamp('first time counts'), instant(base + 5000));
  t.same(e.get('first time counts').jsonPayload, { message: 'first time counts', time: iso(base + 6000) }, 'the repeat stays');
  t.equal(stamp('with more'), instant(base + 7000));
  t.equal(e.get('with more').severity, 'INFO');
  t.same(e.get('with more').jsonPayload, { message: 'with more', level: 'info' });
  t.equal(stamp('29 days back'), instant(start - 29 * DAY + 3600_000), 'within the retention: lifted');
  t.equal(stamp('22 hours ahead'), instant(start + 22 * 3600_000), 'less than a day ahead: lifted');

  const back = await readBack(stack, 'times');
  t.equal(back.get('timestamp object').metadata.timestamp.getTime(), base, 'the official client reads the lifted time');
  t.equal(back.get('time Z').metadata.timestamp.getTime(), base + 250);
  t.equal(back.get('time Z').data, 'time Z');
});

t.test('time fields that are not valid stay in the payload; the entry has the capture time', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const start = Date.now();
  const s = Math.floor(start / 1000) - 60;
  const iso = (ms: number) => new Date(ms).toISOString();
  const kept: [string, Record<string, unknown>][] = [
    ['not a time', { time: 'yesterday' }],
    ['no zone', { time: iso(start).replace('Z', '') }],
    ['a space for T', { time: iso(start).replace('T', ' ') }],
    ['February 30', { time: '2026-02-30T10:00:00Z' }],
    ['a leap second', { time: '2016-12-31T23:59:60Z' }],
    ['offset without colon', { time: iso(start).replace('Z', '+0000') }],
    ['time as a number', { time: s }],
    ['two days ahead', { time: iso(start + 2 * DAY) }],
    ['forty days back', { time: iso(start - 40 * DAY) }],
    ['year 1969', { time: '1969-12-31T23:59:59Z' }],
    ['object with more', { timestamp: { seconds: s, nanos: 0, zone: 'UTC' }, time: iso(start - 5000) }],
    ['nanos of a second', { timestamp: { seconds: s, nanos: 1000000000 } }],
    ['negative seconds', { timestamp: { seconds: -1, nanos: 0 } }],
    ['seconds with a fraction', { timestamp: { seconds: s + 0.5, nanos: 0 } }],
    ['seconds in exponent form', { timestampSeconds: 1.7e9, timestampNanos: 0 }],
    ['nanos as text', { timestampSeconds: s, timestampNanos: 'zero' }],
    ['pair too far ahead', { timestampSeconds: s + 3 * 86400, timestampNanos: 0 }],
    ['timestamp as text', { timestamp: iso(start) }],
  ];
  const lines = kept.map(([name, members]) => JSON.stringify({ message: name, ...members }));
  const e = await ship(t, stack, 'bad-times', lines);
  const end = Date.now();
  for (const [name, members] of kept) {
    const entry = e.get(name);
    t.same(entry?.jsonPayload, { message: name, ...members }, `${name}: left in the payload untouched`);
    const ms = Date.parse(entry?.timestamp);
    t.ok(ms >= start - 1000 && ms <= end + 1000, `${name}: the capture time (${entry?.timestamp})`);
  }
});

t.test('logging.severity off: severity stays, the time is still lifted', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const when = Math.floor(Date.now() / 1000) * 1000 - 10_000;
  const e = await ship(t, stack, 'plain', [JSON.stringify({ message: 'm', severity: 'ERROR', time: new Date(when).toISOString(),
    httpRequest: { status: 500 } })], { severity: 'off' });
  t.equal(timestampNanos(e.get('m').timestamp), instant(when));
  t.same(e.get('m').httpRequest, { status: 500 });
  t.same(e.get('m').jsonPayload, { message: 'm', severity: 'ERROR' });
  t.equal(e.get('m').severity, 'DEFAULT');
});
