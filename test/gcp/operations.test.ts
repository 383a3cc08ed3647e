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
/** What the program wrote, as stored (the klib's own lines left out). */
const programLines = (stack: GcpStack, logId: string) => payloads(storedEntries(stack, logId)).filter(p => !p.startsWith('gcp: '));

const STATS = /^gcp: stats: shipped (\d+) lines, (\d+) bytes in (\d+) requests; retried (\d+) lines; dropped (\d+) lines, (\d+) bytes \(buffer full\); refused (\d+) lines; backlog (\d+) bytes, oldest unsent line (\d+) ms$/;
interface Stats { shipped: number; bytes: number; requests: number; retried: number; dropped: number; refused: number; backlog: number }
function lastStats(r: Result): Stats | undefined {
  const m = STATS.exec(statsLines(r).at(-1) ?? '');
  if (!m) return undefined;
  const [shipped, bytes, requests, retried, dropped, , refused, backlog] = m.slice(1).map(Number);
  return { shipped, bytes, requests, retried, dropped, refused, backlog };
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
  t.equal(st?.shipped, storedEntries(stack, 'ops').length, 'the stats line counts every entry stored');
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
