// Faults through klibhost, each cued on the Nth request the receiver has seen (never on time): a
// 503 is retried with the shared policy (nothing lost, nothing twice, one failure line and one
// recovery line); a 400 drops its batch for good (counted, one line, never sent again) while the
// lines after it are delivered.
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import {
  buildWebhook, klibLines, lines, printLines, Receiver, runWebhook, startReceiver, statsLines, webhookConfig,
} from './lib.ts';

buildWebhook();

const has = (r: Receiver, tag: string, n: number) => () => r.programLines().filter(m => m.startsWith(`${tag} `)).length === n;

t.test('a 503 then success: nothing lost or duplicated, one failure line and one recovery line', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  let failed = 0;
  // Once the first lines are stored, the next request the receiver sees is answered 503.
  const cue = when(has(r, 'a', 10), () => { failed = r.requests.length + 1; r.faults.set(failed, 503); });
  const retried = when(() => has(r, 'b', 10)() && r.requests.some(q => q.n > failed && q.status === 200));
  const res = await runWebhook(r, webhookConfig(r),
    `${printLines(10, 'a')}; ${cue}; ${printLines(10, 'b')}; ${retried}`);
  t.equal(res.code, 0, res.stderr);
  t.same(r.programLines(), [...lines(10, 'a'), ...lines(10, 'b')], 'every line exactly once, in order');
  const statuses = r.requests.map(q => q.status);
  t.equal(statuses.filter(s => s === 503).length, 1, 'one request answered 503');
  t.equal(r.requests[failed - 1].status, 503);
  t.equal(r.requests[failed].body, r.requests[failed - 1].body, 'the same batch, sent again unchanged');
  const said = klibLines(res);
  t.equal(said.length, 2, said.join('\n'));
  t.equal(said[0], 'webhook: POST to hooks.test: HTTP 503; retrying');
  t.match(said[1], /^webhook: POST to hooks\.test: works again after \d+ m?s \(1 attempt failed\)$/);
  const batch = r.requests[failed - 1].batch!.length;
  t.match(statsLines(res).at(-1), `; retried ${batch} lines; dropped 0 lines, 0 bytes (buffer full); refused 0 lines;`);
});

t.test('a 400 refusal: the batch is counted and dropped, said once, never retried', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  let refused = 0;
  const cue = when(has(r, 'a', 10), () => { refused = r.requests.length + 1; r.faults.set(refused, 400); });
  const answered = when(() => refused > 0 && r.requests.length >= refused);
  const res = await runWebhook(r, webhookConfig(r),
    `${printLines(10, 'a')}; ${cue}; ${printLines(10, 'b')}; ${answered}; ${printLines(10, 'c')}; ${when(has(r, 'c', 10))}`);
  t.equal(res.code, 0, res.stderr);
  const dropped = r.requests[refused - 1];
  t.equal(dropped.status, 400);
  t.match(dropped.body, /"b 1"/, 'the refused batch carried the b lines');
  const n = dropped.batch!.length;
  t.same(r.programLines(), [...lines(10, 'a'), ...lines(10, 'c')], 'the refused lines are gone, the others arrived once');
  t.equal(r.requests.filter(q => q.status === 400).length, 1, 'one refusal');
  t.notOk(r.requests.slice(refused).some(q => q.body.includes('"b 1"')), 'the refused batch was never sent again');
  const said = klibLines(res);
  t.equal(said[0], `webhook: POST to hooks.test: HTTP 400: ${n} of ${n} lines refused by the service and dropped`);
  t.equal(said.filter(l => /HTTP 4/.test(l)).length, 1, 'one line for the refusal');
  t.match(statsLines(res).at(-1), `; retried 0 lines; dropped 0 lines, 0 bytes (buffer full); refused ${n} lines;`);
});
