// A program's lines through klibhost to a real local HTTPS server: every line arrives once, in
// order, in batches that are JSON arrays of {"time","message"} objects POSTed to the url's path with
// the configured Authorization header, and the stats line at shutdown says what the server stored.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../host/lib/klibhost.ts';
import {
  buildWebhook, consoleText, klibLines, lines, PATH, printLines, runWebhook, startReceiver, statsLines, webhookConfig,
} from './lib.ts';

buildWebhook();

const SECRET = 'Bearer s3cr3t-t0ken-never-printed';
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

t.test('every line arrives once, in order, as JSON arrays; the stats line matches the server', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  const res = await runWebhook(r, webhookConfig(r, { authorization: SECRET }),
    `${printLines(3000, 'line')}; printf 'tab\\there "quoted" \\\\ back\\n'; printf 'last, no newline'`);
  t.equal(res.code, 0, res.stderr);
  t.same(r.programLines(), [...lines(3000, 'line'), 'tab\there "quoted" \\ back', 'last, no newline'],
    'every line exactly once, in order');
  t.ok(r.requests.length >= 1);
  for (const q of r.requests) {
    t.equal(q.method, 'POST');
    t.equal(q.url, PATH, 'the url\'s path and query');
    t.equal(q.headers['content-type'], 'application/json');
    t.equal(q.headers.authorization, SECRET);
    t.not(q.batch, null, `request ${q.n}: the body is a JSON array`);
  }
  t.ok(r.stored.every(l => TIME.test(l.time) && Object.keys(l).join() === 'time,message'), 'RFC 3339 UTC times with ms');
  const times = r.stored.map(l => Date.parse(l.time));
  t.ok(times.every((v, i) => i === 0 || v >= times[i - 1]), 'times never go back');
  t.notMatch(consoleText(res) + res.stderr, /s3cr3t/, 'the authorization value is never printed');
  t.same(klibLines(res), [], 'no failure lines');
  const stats = statsLines(res);
  t.equal(stats.length, 1, 'one stats line, at shutdown');
  const m = /^webhook: stats: shipped (\d+) lines, (\d+) bytes in (\d+) requests; retried 0 lines; dropped 0 lines, 0 bytes \(buffer full\); refused 0 lines; backlog 0 bytes, oldest unsent line 0 ms$/.exec(stats[0]);
  t.ok(m, stats[0]);
  t.equal(Number(m![1]), r.stored.length, 'shipped lines: what the server stored');
  t.equal(Number(m![3]), r.requests.length, 'requests: what the server saw');
  const bytes = r.stored.reduce((sum, l) => sum + Buffer.byteLength(l.message), 0);
  t.equal(Number(m![2]), bytes, 'bytes: the stored messages\' bytes');
});

t.test('examples/webhook.json, as an ops user writes it, ships (with ca_cert added for the test CA)', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  const config = JSON.parse(readFileSync(join(ROOT, 'examples/webhook.json'), 'utf8'));
  config.ManifestPassthrough.webhook.ca_cert = r.ca.caPem;
  const res = await runWebhook(r, config, 'echo hello from the example');
  t.equal(res.code, 0, res.stderr);
  t.same(r.programLines(), ['hello from the example']);
  t.equal(r.requests[0].url, '/ingest');
  t.equal(r.requests[0].headers.authorization, config.ManifestPassthrough.webhook.authorization);
  t.same(klibLines(res), []);
});

t.test('a line over 256 KiB is split in order, odd bytes are escaped, the body spans many parts', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  const res = await runWebhook(r, webhookConfig(r),
    `head -c 300000 /dev/zero | tr '\\0' y; echo; printf 'bad \\377 byte \\001 ctl "q"\\n'`);
  t.equal(res.code, 0, res.stderr);
  const got = r.programLines();
  // Cut at 256 KiB (or earlier, if a flush interval passed while the line was still open).
  const pieces = got.slice(0, -1);
  t.equal(pieces.join(''), 'y'.repeat(300000), 'the long line, whole and in order');
  t.ok(pieces.length >= 2 && pieces.every(p => p.length <= 262144), `in pieces of at most 256 KiB: ${pieces.map(p => p.length)}`);
  t.equal(got.at(-1), 'bad \ufffd byte \u0001 ctl "q"', 'invalid UTF-8 as U+FFFD, control bytes escaped');
  t.ok(r.requests.every(q => q.batch !== null), 'valid JSON');
});
