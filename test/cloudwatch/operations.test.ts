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
import { join } from 'node:path';
import { ConsoleSeen, until, when } from '../host/lib/gate.ts';
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
  t.equal(st?.shipped, (await readBack(aws, 'g', 's')).length, 'the stats line counts every event stored');
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
