// What an operator sees and what the service gets (issue 14), for the faults faults.test.ts does
// not already follow line by line: under each one console line naming the endpoint and what went
// wrong, repeats not printed, one line when it works again, every program line stored exactly once
// (read back with the official SDK), and never a secret or an answer's body on the console.
// Outcomes as CloudWatch Logs defines them (DataAlreadyAccepted is delivered, InvalidSequenceToken
// is sent again with the expected token, rejectedLogEventsInfo counted per event); the stats line
// against what the mock stored; pacing measured on the mock's side. Faults are cued on what the
// mock or the console has seen, never on time. (Throttling, expiring credentials and metadata down
// at boot: faults.test.ts; a deleted log group: content.test.ts.)
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import type { Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import { ConsoleSeen, until, when } from '../host/lib/gate.ts';
import type { AwsError } from '../../host/mocks/aws-error.ts';
import { RAW_ANSWERS } from '../../host/mocks/http.ts';
import { DEFAULT_SERVER_NAMES, makeTestCa } from '../../host/mocks/test-ca.ts';
import { tempDir } from '../../host/lib/klibhost.ts';
import {
  appMessages, buildCloudwatch, exampleConfig, klibLines, readBack, requestLog, run, sanitizerReport, startAws, statsLines,
  type AwsStack, type Result,
} from './lib/run.ts';

buildCloudwatch();

const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const printLines = (n: number, prefix: string) => `for i in $(seq 1 ${n}); do echo "${prefix} $i"; done`;
const SUBJECT = 'cloudwatch: PutLogEvents to logs.us-east-1.amazonaws.com';
const worksAgain = (subject: string, attempts = '\\d+') =>
  new RegExp(`^${subject.replace(/\./g, '\\.')}: works again after \\d+ m?s \\(${attempts} attempts? failed\\)$`);
const putLogEvents = (aws: AwsStack) => aws.cloudwatch.requests.filter(q => q.operation === 'PutLogEvents');
const eventsIn = (q: { body: string }) => JSON.parse(q.body).logEvents.length as number;
const events = (aws: AwsStack, status: number) =>
  putLogEvents(aws).filter(q => q.status === status).reduce((n, q) => n + eventsIn(q), 0);

const STATS = /^cloudwatch: stats: shipped (\d+) lines, (\d+) bytes in (\d+) requests; retried (\d+) lines; dropped (\d+) lines, (\d+) bytes \(buffer full\); refused (\d+) lines; backlog (\d+) bytes, oldest unsent line (\d+) ms$/;
interface Stats { shipped: number; bytes: number; requests: number; retried: number; dropped: number; refused: number; backlog: number }
function lastStats(r: Result): Stats | undefined {
  const m = STATS.exec(statsLines(r).at(-1) ?? '');
  if (!m) return undefined;
  const [shipped, bytes, requests, retried, dropped, , refused, backlog] = m.slice(1).map(Number);
  return { shipped, bytes, requests, retried, dropped, refused, backlog };
}

/**
 * The events stored that the shutdown stats line can count: all but that line itself, which the
 * klib may still ship after printing it (the late flush), depending on when klibhost exits.
 */
async function storedBeforeSummary(aws: AwsStack, r: Result): Promise<{ timestamp: number; message: string }[]> {
  const summary = statsLines(r).at(-1);
  return (await readBack(aws, 'g', 's')).filter(e => e.message !== summary);
}

/**
 * Nothing secret and no answer's body on the console: not the credentials (secret key, session
 * token, signatures), not the service's error messages, not a raw answer's page.
 */
function noLeaks(t: Test, aws: AwsStack, r: Result, bodies: string[] = []): void {
  const text = r.stdout.toString('latin1') + r.stderr;
  const secrets = new Set<string>([aws.imds.currentCredentials().secretAccessKey]);
  for (const q of aws.cloudwatch.requests) {
    for (const [name, value] of q.headers) {
      if (name.toLowerCase() === 'x-amz-security-token') secrets.add(value);
      if (name.toLowerCase() === 'authorization') secrets.add(/Signature=([0-9a-f]+)/.exec(value)?.[1] ?? value);
    }
  }
  const messages = aws.cloudwatch.requests.map(q => q.errorMessage).filter((m): m is string => !!m);
  t.ok(secrets.size > 0, 'the secrets to look for are known');
  const leaked = [...secrets, ...messages, ...bodies].filter(s => s.length >= 8 && text.includes(s));
  t.same(leaked, [], 'no secret, error message or body on the console');
}

// A fault met by the first PutLogEvents: the run of failures is one line (`said`), its end another,
// every line arrives once, the stats line counts them all.
async function oneLineEachWay(t: Test, arm: (aws: AwsStack) => void, said: string, attempts = '1', bodies: string[] = []) {
  const aws = await startAws();
  t.teardown(() => aws.close());
  arm(aws);
  const delivered = () => aws.cloudwatch.accepted('PutLogEvents').some(q => q.body.includes('"f 20"'));
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }, { flush_interval_ms: '50' }),
    `${printLines(20, 'f')}; ${when(delivered)}; echo done`, ['--flush-timeout', '60']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), [...lines(20, 'f'), 'done'], requestLog(aws));
  const got = klibLines(r);
  t.equal(got.length, 2, `one line for the failure, one for the recovery:\n${got.join('\n')}`);
  t.equal(got[0], `${SUBJECT}: ${said}`);
  t.match(got[1], worksAgain(SUBJECT, attempts));
  const st = lastStats(r);
  t.ok(st, statsLines(r).join('\n'));
  t.equal(st?.shipped, (await storedBeforeSummary(aws, r)).length, 'the stats line counts every event stored');
  noLeaks(t, aws, r, bodies);
}

t.test('faults: one line naming what went wrong, one when it works again, nothing lost', async t => {
  t.test('503, twice: one line', t => oneLineEachWay(t, aws => aws.cloudwatch.unavailable(2, 'PutLogEvents'),
    'HTTP 503 ServiceUnavailableException; retrying', '2'));
  t.test('500', t => oneLineEachWay(t, aws => aws.cloudwatch.internalError(1, 'PutLogEvents'),
    'HTTP 500 InternalFailure; retrying'));
  t.test('a reset mid-body, twice (the client sends once again by itself)', t => oneLineEachWay(t,
    aws => aws.cloudwatch.resetNext(2, 'PutLogEvents'), 'connection closed before the response ended; retrying'));
  t.test('a stalled server', t => oneLineEachWay(t, aws => aws.cloudwatch.holdNext(1, 'PutLogEvents'),
    'request timed out; retrying'));
  t.test('malformed JSON in an error', t => oneLineEachWay(t,
    aws => aws.cloudwatch.answerNext(1, RAW_ANSWERS.malformedJson(400), 'PutLogEvents'), 'HTTP 400; retrying', '1',
    ['{"__type":"ServiceUnav']));
  t.test('a load balancer\'s HTML 502', t => oneLineEachWay(t,
    aws => aws.cloudwatch.answerNext(1, RAW_ANSWERS.html502(), 'PutLogEvents'), 'HTTP 502; retrying', '1',
    ['<html>', '<title>502 Bad Gateway</title>']));
  t.test('a header of 1 MiB', t => oneLineEachWay(t,
    aws => aws.cloudwatch.answerNext(1, RAW_ANSWERS.hugeHeader(), 'PutLogEvents'), 'response headers too large; retrying', '1',
    ['xxxxxxxxxxxxxxxx']));
  t.test('a broken chunked body', t => oneLineEachWay(t,
    aws => aws.cloudwatch.answerNext(1, RAW_ANSWERS.brokenChunked(), 'PutLogEvents'), 'malformed response; retrying'));
});

t.test('DataAlreadyAccepted (a batch stored whose answer was lost, sent again) is delivered, never dropped', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  aws.cloudwatch.logs.sequenceTokens = 'enforced';
  // The first PutLogEvents is stored and its answer lost: the client sends it again, which the
  // service answers DataAlreadyAccepted, and every later batch carries the expected token.
  aws.cloudwatch.loseAnswerNext(1, 'PutLogEvents');
  const answeredAlready = () => aws.cloudwatch.requests.some(q => q.errorCode === 'DataAlreadyAcceptedException');
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }),
    `${printLines(30, 'once')}; ${when(answeredAlready)}; ${printLines(10, 'then')}`);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), [...lines(30, 'once'), ...lines(10, 'then')], `each line once\n${requestLog(aws)}`);
  t.equal(aws.cloudwatch.requests.filter(q => q.errorCode === 'DataAlreadyAcceptedException').length, 1);
  t.same(klibLines(r), [], 'nothing to report: delivered');
  const console = r.stdout.toString().split('\n').filter(l => !l.startsWith('cloudwatch: stats: '));
  t.notOk(console.some(l => /refused|dropped/.test(l)), 'no drop reported');
  const st = lastStats(r);
  t.same(st && [st.shipped, st.refused, st.dropped], [40, 0, 0], 'the 40 lines counted as shipped, none refused or dropped');
  noLeaks(t, aws, r);
});

t.test('InvalidSequenceToken (a stream another writer uses, by the rules before 2023): sent again with the expected token, nothing lost', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const logs = aws.cloudwatch.logs;
  logs.sequenceTokens = 'enforced';
  // The stream exists and has a next token before the klib starts.
  logs.call('CreateLogGroup', { logGroupName: 'g' });
  logs.call('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
  // The other writer sends with the token the service expects (asking for it as the SDKs' users did).
  const otherWrites = (message: string) => {
    const put = (sequenceToken?: string) =>
      logs.call('PutLogEvents', { logGroupName: 'g', logStreamName: 's', ...(sequenceToken ? { sequenceToken } : {}), logEvents: [{ timestamp: Date.now(), message }] });
    try {
      put();
    } catch (e) {
      if ((e as AwsError).code !== 'InvalidSequenceTokenException') throw e;
      put((e as AwsError).members.expectedSequenceToken as string);
    }
  };
  otherWrites('other 1');
  // Once the klib's first lines are in, the other writer writes again: the klib's token is stale.
  const other = () => otherWrites('other 2');
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }),
    `${printLines(20, 'first')}; ${when(() => aws.cloudwatch.accepted('PutLogEvents').some(q => q.body.includes('"first 20"')), other)}; ${printLines(20, 'second')}`);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const messages = (await readBack(aws, 'g', 's')).map(e => e.message).filter(m => !m.startsWith('cloudwatch: '));
  t.same(messages, ['other 1', ...lines(20, 'first'), 'other 2', ...lines(20, 'second')], requestLog(aws));
  t.equal(aws.cloudwatch.requests.filter(q => q.errorCode === 'InvalidSequenceTokenException').length, 2, 'both batches met the rule');
  t.same(klibLines(r), [], 'a token to send again with is not worth a line');
  const st = lastStats(r);
  const resent = aws.cloudwatch.requests.filter(q => q.errorCode === 'InvalidSequenceTokenException').map(eventsIn).reduce((n, k) => n + k, 0);
  t.same(st && [st.shipped, st.refused, st.dropped, st.retried], [40, 0, 0, resent], 'all shipped; the refused batches counted as retried');
  noLeaks(t, aws, r);
});

t.test('rejectedLogEventsInfo: counted per event, one line, the rest stored', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  aws.cloudwatch.rejectOldNext(2);
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }),
    // One write: the five lines go in the first batch, whatever the machine's speed.
    `printf '${lines(5, 'early').join('\\n')}\\n'; ${when(() => aws.cloudwatch.accepted('PutLogEvents').length > 0)}; echo later`);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const first: string[] = JSON.parse(aws.cloudwatch.accepted('PutLogEvents')[0].body).logEvents.map((e: any) => e.message);
  const got = klibLines(r);
  t.equal(got.length, 2, got.join('\n'));
  t.equal(first.length, 5, 'the five lines in the first batch');
  t.equal(got[0], `${SUBJECT}: HTTP 200 rejectedLogEventsInfo: 2 of 5 lines refused by the service, the rest stored`);
  t.match(got[1], worksAgain(SUBJECT, '1'));
  t.same(await appMessages(aws), [...lines(5, 'early').filter(l => !first.slice(0, 2).includes(l)), 'later']);
  const st = lastStats(r);
  t.same(st && [st.shipped, st.refused], [events(aws, 200) - 2, 2], 'refused per event');
  t.equal(st?.shipped, (await storedBeforeSummary(aws, r)).length, 'shipped: what the mock stored');
});

t.test('the shutdown stats line matches what the mock stored', async t => {
  const BURST = 20_000;
  const aws = await startAws();
  t.teardown(() => aws.close());
  // A 64 KiB ring, and a burst of 20,000 lines while the first batch is held (until the console has
  // seen the burst) and the next two are throttled: lines are dropped (buffer full), and the loss
  // reports say how many.
  const seen = new ConsoleSeen();
  aws.cloudwatch.holdNext(1, 'PutLogEvents', until(() => seen.text.includes(`stats line ${BURST}\n`)));
  aws.cloudwatch.throttle(2, 'PutLogEvents');
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }, { buffer_size: '64k' }),
    `seq 1 ${BURST} | sed "s/^/stats line /"`, ['--flush-timeout', '60'], seen.feed);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const summary = statsLines(r);
  t.equal(summary.length, 1, 'one line, at shutdown');
  const st = lastStats(r);
  t.ok(st, summary[0]);
  const stored = await storedBeforeSummary(aws, r);
  t.equal(st?.shipped, stored.length, 'lines shipped: every event stored');
  t.equal(st?.bytes, stored.reduce((n, e) => n + Buffer.byteLength(e.message), 0), 'bytes: their UTF-8 bytes');
  t.equal(st?.requests, putLogEvents(aws).length, 'requests: every PutLogEvents');
  const throttled = aws.cloudwatch.requests.filter(q => q.errorCode === 'ThrottlingException').map(eventsIn);
  t.equal(throttled.length, 2);
  t.equal(st?.retried, throttled.reduce((n, k) => n + k, 0), 'retried: the lines of the throttled batches, sent again');
  const reports = stored.map(e => /^logpipe: (\d+) lines/.exec(e.message)).filter(x => x !== null);
  t.equal(st?.dropped, reports.reduce((n, x) => n + Number(x![1]), 0), 'dropped: what the loss reports say');
  t.ok(st!.dropped > 0, `lines were dropped (${st!.dropped})`);
  t.equal(stored.filter(e => e.message.startsWith('stats line ')).length + st!.dropped, BURST, 'every line shipped or counted dropped');
  t.equal(st?.refused, 0);
  t.equal(st?.backlog, 0, 'nothing left');
});

t.test('stats_interval: a stats line every interval', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const seen = new ConsoleSeen();
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined, stats_interval: '1s' }),
    `echo one; ${when(() => seen.lines('cloudwatch: stats: ').length >= 2)}; echo two`, [], seen.feed);
  t.equal(r.code, 0);
  t.ok(statsLines(r).length >= 3, 'two on the interval (at least), one at shutdown');
  t.ok(statsLines(r).every(l => STATS.test(l)), statsLines(r).join('\n'));
  t.equal(lastStats(r)?.shipped, (await storedBeforeSummary(aws, r)).length, 'the last one counts every event stored');
});

// Issue 14: at 181 lines/s a VM sends about one request per second. The klib paces batches that
// are not full: the next one is sent a flush interval (1 s by default) after the last one was
// sent, and never before the last one was answered (one request in flight). The mock sees each
// request after it was sent and before it answered it, so request k+2 reaches it at least a flush
// interval after request k did (sent(k+2) >= sent(k+1) + interval >= answered(k) + interval), and
// over the whole run there are at most two more requests than whole intervals between the first
// and the last. A slow machine only widens the gaps, so nothing here depends on its speed.
t.test('pacing: 181 lines/s go in about one PutLogEvents per second (default flush interval)', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const FLUSH_MS = 1000;
  // 30 times: 18 lines, then a tenth of a second (about 180 lines/s; fewer on a busy machine).
  const TOTAL = 30 * 18;
  const lastIn = () => aws.cloudwatch.accepted('PutLogEvents').some(q => q.body.includes(`"paced ${TOTAL}"`));
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }),
    `n=0; for s in $(seq 1 30); do for i in $(seq 1 18); do n=$((n+1)); echo "paced $n"; done; sleep 0.1; done; ${when(lastIn)}`);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), lines(TOTAL, 'paced'), requestLog(aws));
  // The requests that carried the program's lines (the shutdown flush is not paced: the VM stops).
  const paced = putLogEvents(aws).filter(q => q.body.includes('"paced '));
  const gaps = paced.slice(2).map((q, i) => q.time - paced[i].time);
  // Date.now() on the mock's side has millisecond steps: a millisecond of slack.
  t.ok(gaps.every(g => g >= FLUSH_MS - 1), `each a flush interval after the one before the last: gaps ${gaps.join(' ')} ms`);
  const span = paced.at(-1)!.time - paced[0].time;
  t.ok(paced.length <= 2 + Math.floor(span / (FLUSH_MS - 1)), `${paced.length} requests in ${span} ms`);
  t.ok(paced.every(q => q.status === 200), 'none failed (a retry would not be paced the same)');
  const st = lastStats(r);
  t.equal(st?.requests, putLogEvents(aws).length, 'the stats line counts the requests the mock got');
  t.equal(st?.shipped, TOTAL, 'and the lines');
});

// DNS, through klibhost's --resolve-file (read on every lookup, never cached): the endpoint is a
// name only that file answers, its server the mock.
async function dnsStack(t: Test) {
  const aws = await startAws({ ca: makeTestCa([...DEFAULT_SERVER_NAMES, 'logs.dns.invalid']) });
  t.teardown(() => aws.close());
  const file = join(tempDir('cw-dns-'), 'hosts');
  writeFileSync(file, '');
  const port = aws.cloudwatch.https!.port;
  const args = ['--resolve-file', file, '--connect-to', `127.0.0.7:443:127.0.0.1:${port}`];
  const config = exampleConfig(aws, { mem_metrics_interval: undefined }, { endpoint: 'logs.dns.invalid' });
  return { aws, file, args, config };
}

t.test('DNS: a name that stops resolving keeps shipping to the last address that worked, with one line', async t => {
  const { aws, file, args, config } = await dnsStack(t);
  writeFileSync(file, 'logs.dns.invalid:443:127.0.0.7\n');
  // Once the first batch is in: the name is gone, and the kept-alive connection closed, so the
  // next request needs a new connection, and a lookup.
  const gone = () => {
    writeFileSync(file, '');
    aws.cloudwatch.https!.server.closeAllConnections();
  };
  const r = await run(aws, config,
    `echo first; ${when(() => aws.cloudwatch.accepted('PutLogEvents').length > 0, gone)}; echo second; ` +
    `${when(() => aws.cloudwatch.accepted('PutLogEvents').some(q => q.body.includes('"second"')))}; echo third`,
    args);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), ['first', 'second', 'third'], requestLog(aws));
  t.same(klibLines(r), ['cloudwatch: DNS lookup of logs.dns.invalid: no answer; using 127.0.0.7, the last address that worked']);
  noLeaks(t, aws, r);
});

t.test('DNS failing at first: one line, one when it resolves again, nothing lost', async t => {
  const { aws, file, args, config } = await dnsStack(t);
  const seen = new ConsoleSeen();
  // The name appears once the klib has said it could not resolve it.
  void until(() => seen.lines('cloudwatch: DNS lookup').length > 0).then(() => writeFileSync(file, 'logs.dns.invalid:443:127.0.0.7\n'));
  const r = await run(aws, config, `${printLines(10, 'd')}; ${when(() => aws.cloudwatch.accepted('PutLogEvents').length > 0)}`,
    args, seen.feed);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), lines(10, 'd'), requestLog(aws));
  const got = klibLines(r);
  t.equal(got.length, 2, got.join('\n'));
  t.equal(got[0], 'cloudwatch: DNS lookup of logs.dns.invalid: no answer');
  t.match(got[1], worksAgain('cloudwatch: DNS lookup of logs.dns.invalid'));
  noLeaks(t, aws, r);
});

t.test('an untrusted certificate: one line however often it is met, one when a handshake works again, nothing lost', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  // The server first shows a certificate from a CA the klib does not trust; after three refused
  // handshakes, its own again.
  const stranger = makeTestCa();
  const server = aws.cloudwatch.https!.server as HttpsServer;
  server.setSecureContext({ key: stranger.key, cert: stranger.cert });
  let rejected = 0;
  server.on('tlsClientError', () => { rejected++; });
  void until(() => rejected >= 3).then(() => server.setSecureContext({ key: aws.ca.key, cert: aws.ca.cert }));
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }),
    `${printLines(10, 'c')}; ${when(() => aws.cloudwatch.accepted('PutLogEvents').length > 0)}`);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), lines(10, 'c'), requestLog(aws));
  const tls = r.stdout.toString().split('\n').filter(l => l.startsWith('tls: '));
  t.equal(tls.length, 2, tls.join('\n'));
  t.equal(tls[0], 'tls: logs.us-east-1.amazonaws.com: certificate rejected: not issued by a trusted CA (unknown CA, or self-signed) (flags 8)');
  t.match(tls[1], /^tls: logs\.us-east-1\.amazonaws\.com: handshake works again after \d+ m?s \(\d+ attempts? failed\)$/);
  const said = klibLines(r);
  t.equal(said.length, 2, said.join('\n'));
  t.equal(said[0], 'cloudwatch: CreateLogGroup/CreateLogStream to logs.us-east-1.amazonaws.com: connection failed; retrying');
  t.match(said[1], worksAgain('cloudwatch: CreateLogGroup/CreateLogStream to logs.us-east-1.amazonaws.com'));
  noLeaks(t, aws, r);
});

t.test('credentials expiring mid-run: renewed quietly (normal operation, no line), nothing lost, no secret printed', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const beforeShipped = () => aws.cloudwatch.accepted('PutLogEvents').some(q => q.body.includes('"before 10"'));
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }, { flush_interval_ms: '50' }),
    `${printLines(10, 'before')}; ${when(beforeShipped, () => aws.imds.expireCredentials())}; ${printLines(10, 'after')}`);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), [...lines(10, 'before'), ...lines(10, 'after')], requestLog(aws));
  t.ok(aws.cloudwatch.requests.some(q => q.errorCode === 'ExpiredTokenException'), 'the old credentials were refused');
  t.same(klibLines(r), [], 'credentials renewed are not worth a line');
  const st = lastStats(r);
  t.same(st && [st.shipped, st.refused, st.dropped], [20, 0, 0]);
  noLeaks(t, aws, r);
});
