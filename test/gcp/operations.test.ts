// What an operator sees and what Cloud Logging gets (issue 14), for the faults faults.test.ts does
// not already follow line by line: under each one console line naming the endpoint and what went
// wrong, repeats not printed, one line when it works again, every program line stored exactly once,
// never a token or an answer's body on the console. Partial errors (WriteLogEntriesPartialErrors)
// counted per entry; the stats line against what the mock stored; pacing measured on the mock's
// side. Faults are cued on what the mock or the console has seen, never on time. (429/500/503, a
// 403, a 401 and the metadata server failing or down at boot: faults.test.ts.)
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import type { Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import { ConsoleSeen, until, when } from '../host/lib/gate.ts';
import { RAW_ANSWERS } from '../../host/mocks/http.ts';
import { DEFAULT_SERVER_NAMES, makeTestCa } from '../../host/mocks/test-ca.ts';
import { tempDir, type Result } from '../../host/lib/klibhost.ts';
import {
  buildGcp, consoleText, gcpConfig, klibLines, payloads, runGcp, startGcpStack, statsLines, storedEntries, writes,
  type GcpStack,
} from './lib.ts';

buildGcp();

const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const printLines = (n: number, prefix: string) => `for i in $(seq 1 ${n}); do echo "${prefix} $i"; done`;
const SUBJECT = 'gcp: entries.write to logging.googleapis.com';
const worksAgain = (subject: string, attempts = '\\d+') =>
  new RegExp(`^${subject.replace(/\./g, '\\.')}: works again after \\d+ m?s \\(${attempts} attempts? failed\\)$`);
const entriesIn = (q: { body: string }) => JSON.parse(q.body).entries.length as number;
/** What the program wrote, as stored (the klibs' own lines left out). */
const programLines = (stack: GcpStack, logId: string) => payloads(storedEntries(stack, logId)).filter(p => !/^(gcp|tls): /.test(p));

const STATS = /^gcp: stats: shipped (\d+) lines, (\d+) bytes in (\d+) requests; retried (\d+) lines; dropped (\d+) lines, (\d+) bytes \(buffer full\); refused (\d+) lines; backlog (\d+) bytes, oldest unsent line (\d+) ms$/;
interface Stats { shipped: number; bytes: number; requests: number; retried: number; dropped: number; refused: number; backlog: number }
function lastStats(r: Result): Stats | undefined {
  const m = STATS.exec(statsLines(r).at(-1) ?? '');
  if (!m) return undefined;
  const [shipped, bytes, requests, retried, dropped, , refused, backlog] = m.slice(1).map(Number);
  return { shipped, bytes, requests, retried, dropped, refused, backlog };
}

/**
 * The entries stored that the shutdown stats line can count: all but that line itself, which the
 * klib may still ship after printing it (the late flush), depending on when klibhost exits.
 */
function storedBeforeSummary(stack: GcpStack, logId: string, r: Result): any[] {
  const summary = statsLines(r).at(-1);
  return storedEntries(stack, logId).filter(e => e.textPayload !== summary);
}

/** Nothing secret and no answer's body on the console: not the access tokens, not the service's error messages or pages. */
function noLeaks(t: Test, stack: GcpStack, r: Result, bodies: string[] = []): void {
  const text = consoleText(r) + r.stderr;
  const secrets = new Set<string>();
  for (const q of stack.apis.requests) {
    for (const [name, value] of q.headers) {
      if (name.toLowerCase() === 'authorization') secrets.add(value.replace(/^Bearer /, ''));
    }
  }
  const messages = stack.apis.requests.map(q => q.errorMessage).filter((m): m is string => !!m);
  t.ok(secrets.size > 0, 'the secrets to look for are known');
  const leaked = [...secrets, ...messages, ...bodies].filter(s => s.length >= 8 && text.includes(s));
  t.same(leaked, [], 'no token, error message or body on the console');
}

// A fault met by the first entries.write: the run of failures is one line (`said`), its end
// another, every line arrives once, the stats line counts them all.
async function oneLineEachWay(t: Test, arm: (stack: GcpStack) => void, said: string, attempts = '1', bodies: string[] = []) {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  arm(stack);
  const delivered = () => writes(stack).some(q => q.status === 200 && q.body.includes('"f 20"'));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'ops', flush_interval: '50ms' } }),
    `${printLines(20, 'f')}; ${when(delivered)}; echo done`);
  t.equal(r.code, 0, r.stderr);
  t.same(programLines(stack, 'ops'), [...lines(20, 'f'), 'done'], writes(stack).map(w => w.status).join(' '));
  const got = klibLines(r);
  t.equal(got.length, 2, `one line for the failure, one for the recovery:\n${got.join('\n')}`);
  t.equal(got[0], `${SUBJECT}: ${said}`);
  t.match(got[1], worksAgain(SUBJECT, attempts));
  const st = lastStats(r);
  t.ok(st, statsLines(r).join('\n'));
  t.equal(st?.shipped, storedBeforeSummary(stack, 'ops', r).length, 'the stats line counts every entry stored');
  noLeaks(t, stack, r, bodies);
}

t.test('faults: one line naming what went wrong, one when it works again, nothing lost', async t => {
  t.test('503, three times: one line', t => oneLineEachWay(t, stack => stack.apis.failNext(3, 503, 'entries.write'),
    'HTTP 503 UNAVAILABLE; retrying', '3'));
  t.test('429', t => oneLineEachWay(t, stack => stack.apis.failNext(1, 429, 'entries.write'),
    'HTTP 429 RESOURCE_EXHAUSTED; retrying'));
  t.test('a reset mid-body, twice (the client sends once again by itself)', t => oneLineEachWay(t,
    stack => stack.apis.resetNext(2, 'entries.write'), 'connection closed before the response ended; retrying'));
  t.test('a stalled server', t => oneLineEachWay(t, stack => stack.apis.holdNext(1, 'entries.write'),
    'request timed out; retrying'));
  t.test('malformed JSON in an error', t => oneLineEachWay(t,
    stack => stack.apis.answerNext(1, RAW_ANSWERS.malformedJson(400), 'entries.write'), 'HTTP 400; retrying', '1',
    ['{"__type":"ServiceUnav']));
  t.test('a load balancer\'s HTML 502', t => oneLineEachWay(t,
    stack => stack.apis.answerNext(1, RAW_ANSWERS.html502(), 'entries.write'), 'HTTP 502; retrying', '1',
    ['<html>', '<title>502 Bad Gateway</title>']));
  t.test('a header of 1 MiB', t => oneLineEachWay(t,
    stack => stack.apis.answerNext(1, RAW_ANSWERS.hugeHeader(), 'entries.write'), 'response headers too large; retrying', '1',
    ['xxxxxxxxxxxxxxxx']));
  t.test('a broken chunked body', t => oneLineEachWay(t,
    stack => stack.apis.answerNext(1, RAW_ANSWERS.brokenChunked(), 'entries.write'), 'malformed response; retrying'));
});

t.test('partial errors (WriteLogEntriesPartialErrors): counted per entry, one line, the rest stored, not sent again', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // Entries larger than this are refused one by one; with partialSuccess the others are stored.
  stack.apis.logging.limits.maxEntryBytes = 250;
  const long = 'x'.repeat(300);
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'partial' } }),
    // One write: the four lines go in the first batch, whatever the machine's speed.
    `printf 'kept 1\\n${long}\\nkept 2\\n${long}\\n'; ${when(() => writes(stack).length > 0)}; echo later; ` +
    `${when(() => writes(stack).some(w => w.status === 200))}`);
  t.equal(r.code, 0, r.stderr);
  const first = writes(stack)[0];
  t.equal(entriesIn(first), 4, 'the four lines in the first batch');
  t.equal(first.status, 400);
  const got = klibLines(r);
  t.equal(got.length, 2, got.join('\n'));
  t.equal(got[0], `${SUBJECT}: HTTP 400 INVALID_ARGUMENT: 2 of 4 lines refused by the service, the rest stored`);
  t.match(got[1], worksAgain(SUBJECT, '1'));
  t.same(programLines(stack, 'partial'), ['kept 1', 'kept 2', 'later'], 'the valid entries stored once, the batch not sent again');
  t.notOk(writes(stack).slice(1).some(w => w.body.includes(long)), 'refused entries not sent again');
  const st = lastStats(r);
  t.same(st && [st.shipped, st.refused, st.retried], [storedBeforeSummary(stack, 'partial', r).length, 2, 0], 'refused per entry');
  noLeaks(t, stack, r);
});

t.test('the shutdown stats line matches what the mock stored', async t => {
  const BURST = 20_000;
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // A 64 KiB ring, and a burst of 20,000 lines while the first batch is held (until the console has
  // seen the burst) and the next two are throttled: lines are dropped (buffer full), and the loss
  // reports say how many.
  const seen = new ConsoleSeen();
  stack.apis.holdNext(1, 'entries.write', until(() => seen.text.includes(`stats line ${BURST}\n`)));
  stack.apis.failNext(2, 429, 'entries.write');
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'stats', buffer_size: '64k' } }),
    `seq 1 ${BURST} | sed "s/^/stats line /"`, ['--flush-timeout', '60'], seen.feed);
  t.equal(r.code, 0, r.stderr);
  const summary = statsLines(r);
  t.equal(summary.length, 1, 'one line, at shutdown');
  const st = lastStats(r);
  t.ok(st, summary[0]);
  const stored = payloads(storedBeforeSummary(stack, 'stats', r));
  t.equal(st?.shipped, stored.length, 'lines shipped: every entry stored');
  t.equal(st?.bytes, stored.reduce((n, p) => n + Buffer.byteLength(p), 0), 'bytes: their UTF-8 bytes');
  t.equal(st?.requests, writes(stack).length, 'requests: every entries.write');
  const throttled = writes(stack).filter(w => w.status === 429).map(entriesIn);
  t.equal(throttled.length, 2);
  t.equal(st?.retried, throttled.reduce((n, k) => n + k, 0), 'retried: the lines of the throttled batches, sent again');
  const reports = stored.map(p => /^logpipe: (\d+) lines/.exec(p)).filter(x => x !== null);
  t.equal(st?.dropped, reports.reduce((n, x) => n + Number(x![1]), 0), 'dropped: what the loss reports say');
  t.ok(st!.dropped > 0, `lines were dropped (${st!.dropped})`);
  t.equal(stored.filter(p => p.startsWith('stats line ')).length + st!.dropped, BURST, 'every line shipped or counted dropped');
  t.equal(st?.refused, 0);
  t.equal(st?.backlog, 0, 'nothing left');
});

// Issue 14: at 181 lines/s a VM sends about one request per second (see the cloudwatch test of
// the same name): on the mock's side, request k+2 at least a flush interval after request k, so no
// more than the intervals that fit between the first and the last, plus two, whatever the
// machine's speed.
t.test('pacing: 181 lines/s go in about one entries.write per second (default flush interval)', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const FLUSH_MS = 1000;
  const TOTAL = 30 * 18;
  const lastIn = () => writes(stack).some(q => q.status === 200 && q.body.includes(`"paced ${TOTAL}"`));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'paced' } }),
    `n=0; for s in $(seq 1 30); do for i in $(seq 1 18); do n=$((n+1)); echo "paced $n"; done; sleep 0.1; done; ${when(lastIn)}`);
  t.equal(r.code, 0, r.stderr);
  t.same(programLines(stack, 'paced'), lines(TOTAL, 'paced'));
  const paced = writes(stack).filter(q => q.body.includes('"paced '));
  const gaps = paced.slice(2).map((q, i) => q.time - paced[i].time);
  t.ok(gaps.every(g => g >= FLUSH_MS - 1), `each a flush interval after the one before the last: gaps ${gaps.join(' ')} ms`);
  const span = paced.at(-1)!.time - paced[0].time;
  t.ok(paced.length <= 2 + Math.floor(span / (FLUSH_MS - 1)), `${paced.length} requests in ${span} ms`);
  t.ok(paced.every(q => q.status === 200), 'none failed (a retry would not be paced the same)');
  const st = lastStats(r);
  t.equal(st?.requests, writes(stack).length, 'the stats line counts the requests the mock got');
  t.equal(st?.shipped, TOTAL, 'and the lines');
});

t.test('a revoked token: renewed quietly, nothing lost, no token printed', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const beforeIn = () => writes(stack).some(w => w.status === 200 && w.body.includes('"before 10"'));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'token', flush_interval: '50ms' } }),
    `${printLines(10, 'before')}; ${when(beforeIn, () => stack.metadata.tokens.revokeAll())}; ${printLines(10, 'after')}`);
  t.equal(r.code, 0, r.stderr);
  t.same(programLines(stack, 'token'), [...lines(10, 'before'), ...lines(10, 'after')]);
  t.ok(writes(stack).some(w => w.status === 401), 'the old token was refused');
  t.same(klibLines(r), [], 'a token renewed is not worth a line');
  noLeaks(t, stack, r);
});

// DNS, through klibhost's --resolve-file (read on every lookup, never cached): the endpoint is a
// name only that file answers, its server the mock.
async function dnsStack(t: Test) {
  const stack = await startGcpStack({ ca: makeTestCa([...DEFAULT_SERVER_NAMES, 'logging.dns.invalid']) });
  t.teardown(() => stack.close());
  const file = join(tempDir('gcp-dns-'), 'hosts');
  writeFileSync(file, '');
  const args = ['--resolve-file', file, '--connect-to', `127.0.0.7:443:127.0.0.1:${stack.apis.https!.port}`];
  const config = gcpConfig(stack, { logging: { log_id: 'dns', endpoint: 'logging.dns.invalid' } });
  return { stack, file, args, config };
}

t.test('DNS failing at first: one line, one when it resolves again, nothing lost', async t => {
  const { stack, file, args, config } = await dnsStack(t);
  const seen = new ConsoleSeen();
  // The name appears once the klib has said it could not resolve it.
  void until(() => seen.lines('gcp: DNS lookup').length > 0).then(() => writeFileSync(file, 'logging.dns.invalid:443:127.0.0.7\n'));
  const r = await runGcp(stack, config, `${printLines(10, 'd')}; ${when(() => writes(stack).some(w => w.status === 200))}`,
    args, seen.feed);
  t.equal(r.code, 0, r.stderr);
  t.same(programLines(stack, 'dns'), lines(10, 'd'));
  const got = klibLines(r);
  t.equal(got.length, 2, got.join('\n'));
  t.equal(got[0], 'gcp: DNS lookup of logging.dns.invalid: no answer');
  t.match(got[1], worksAgain('gcp: DNS lookup of logging.dns.invalid'));
  noLeaks(t, stack, r);
});

t.test('DNS: a name that stops resolving keeps shipping to the last address that worked, with one line', async t => {
  const { stack, file, args, config } = await dnsStack(t);
  writeFileSync(file, 'logging.dns.invalid:443:127.0.0.7\n');
  // Once the first batch is in: the name is gone, and the kept-alive connection closed, so the
  // next request needs a new connection, and a lookup.
  const gone = () => {
    writeFileSync(file, '');
    stack.apis.https!.server.closeAllConnections();
  };
  const stored = (text: string) => () => writes(stack).some(w => w.status === 200 && w.body.includes(`"${text}"`));
  const r = await runGcp(stack, config, `echo first; ${when(stored('first'), gone)}; echo second; ${when(stored('second'))}; echo third`, args);
  t.equal(r.code, 0, r.stderr);
  t.same(programLines(stack, 'dns'), ['first', 'second', 'third']);
  t.same(klibLines(r), ['gcp: DNS lookup of logging.dns.invalid: no answer; using 127.0.0.7, the last address that worked']);
  noLeaks(t, stack, r);
});

t.test('an untrusted certificate: one line however often it is met, one when a handshake works again, nothing lost', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // The server first shows a certificate from a CA the klib does not trust; after three refused
  // handshakes, its own again.
  const stranger = makeTestCa();
  const server = stack.apis.https!.server as HttpsServer;
  server.setSecureContext({ key: stranger.key, cert: stranger.cert });
  let rejected = 0;
  server.on('tlsClientError', () => { rejected++; });
  void until(() => rejected >= 3).then(() => server.setSecureContext({ key: stack.ca.key, cert: stack.ca.cert }));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'cert' } }),
    `${printLines(10, 'c')}; ${when(() => writes(stack).some(w => w.status === 200))}`);
  t.equal(r.code, 0, r.stderr);
  t.same(programLines(stack, 'cert'), lines(10, 'c'));
  const tls = consoleText(r).split('\n').filter(l => l.startsWith('tls: '));
  t.equal(tls.length, 2, tls.join('\n'));
  t.equal(tls[0], 'tls: logging.googleapis.com: certificate rejected: not issued by a trusted CA (unknown CA, or self-signed) (flags 8)');
  t.match(tls[1], /^tls: logging\.googleapis\.com: handshake works again after \d+ m?s \(\d+ attempts? failed\)$/);
  const said = klibLines(r);
  t.equal(said.length, 2, said.join('\n'));
  t.equal(said[0], `${SUBJECT}: connection failed; retrying`);
  t.match(said[1], worksAgain(SUBJECT));
  noLeaks(t, stack, r);
});
