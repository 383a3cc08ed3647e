// Shutdown: what the ring holds when the program ends is drained before the VM halts (klibhost exits
// with the program's status only once the shutdown completions are done), through a 503 too, and a
// server that never answers holds the halt only until shutdown_timeout.
import t from 'tap';
import { until } from '../host/lib/gate.ts';
import { buildWebhook, klibLines, lines, printLines, runWebhook, startReceiver, statsLines, webhookConfig } from './lib.ts';

buildWebhook();

t.test('lines still in the ring at exit are drained, through a 503, before the VM halts', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  // A flush interval of an hour: no batch goes while the program runs; the drain sends them all.
  r.faults.set(1, 503);
  const res = await runWebhook(r, webhookConfig(r, { flush_interval: '1h' }),
    `${printLines(500, 'left')}; printf 'last, no newline'; exit 7`);
  t.equal(res.code, 7, `the program's status: the shutdown completed\n${res.stderr}`);
  t.notMatch(res.stderr, /never halt/);
  t.same(r.programLines(), [...lines(500, 'left'), 'last, no newline'], 'every line, once, in order');
  t.equal(r.requests[0].status, 503);
  t.equal(r.requests[1].body, r.requests[0].body, 'the refused batch went again');
  const said = klibLines(res);
  t.equal(said.length, 2, said.join('\n'));
  t.equal(said[0], 'webhook: POST to hooks.test: HTTP 503; retrying', 'one failure line');
  t.match(said[1], /^webhook: POST to hooks\.test: works again after \d+ m?s \(1 attempt failed\)$/, 'one recovery line');
  const m = /shipped (\d+) lines, \d+ bytes in (\d+) requests;/.exec(statsLines(res).at(-1) ?? '');
  t.ok(m, 'the stats line at the end');
  t.equal(Number(m![1]), r.stored.length, 'shipped lines: what the server stored');
  t.equal(Number(m![2]), r.requests.length, 'requests: what the server saw');
});

t.test('a server that never answers at shutdown: shutdown_timeout releases the halt and says what was left', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  // No batch goes before the shutdown (the flush interval is an hour), and none is answered.
  r.holdAll();
  const res = await runWebhook(r, webhookConfig(r, { flush_interval: '1h', shutdown_timeout: '2s' }),
    `${printLines(20, 'held')}; exit 3`);
  t.equal(res.code, 3, `the program's status: the klib released the halt\n${res.stderr}`);
  t.notMatch(res.stderr, /never halt/);
  t.match(klibLines(res).join('\n'),
    /^webhook: shutdown_timeout \(2 s\) passed: [1-9]\d* bytes of console output not shipped \(a request to the webhook is still unanswered\); letting the VM halt$/);
  await until(() => r.held > 0);
  t.same(r.programLines(), [], 'nothing was stored');
});
