// The batch limits (README.md, "Limits"): at most 10,000 lines, and at most 1 MiB of line text
// counting 64 bytes per line for its object's own JSON; and the ring's loss, reported in the batch
// as an object with "loss": true. The first request is held unanswered until the program's output is
// all in the ring (klibhost echoes a chunk once the console drivers have it), so what follows is
// batched from a full ring whatever the machine's speed.
import t from 'tap';
import { ConsoleSeen, until } from '../host/lib/gate.ts';
import { buildWebhook, lines, printLines, runWebhook, startReceiver, statsLines, webhookConfig } from './lib.ts';

buildWebhook();

const MiB = 1 << 20;
const budget = (batch: { message: string }[]) => batch.reduce((sum, l) => sum + Buffer.byteLength(l.message) + 64, 0);

t.test('a batch holds at most 10,000 lines', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  const seen = new ConsoleSeen();
  r.holds.set(1, until(() => seen.text.includes('many 25000\n')));
  const res = await runWebhook(r, webhookConfig(r), printLines(25000, 'many'), seen.feed);
  t.equal(res.code, 0, res.stderr);
  t.same(r.programLines(), lines(25000, 'many'), 'every line once, in order');
  const sizes = r.requests.map(q => q.batch!.length);
  t.ok(sizes.every(n => n <= 10000), `no batch above 10,000 lines: ${sizes.join(' ')}`);
  t.ok(sizes.includes(10000), 'full batches hold exactly 10,000');
});

t.test('a batch holds at most 1 MiB of text, 64 bytes counted per line', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  const seen = new ConsoleSeen();
  r.holds.set(1, until(() => seen.text.includes('wide 4000 ')));
  const pad = 'x'.repeat(500);
  const res = await runWebhook(r, webhookConfig(r), `seq -f 'wide %g ${pad}' 1 4000`, seen.feed);
  t.equal(res.code, 0, res.stderr);
  t.same(r.programLines(), lines(4000, 'wide').map(l => `${l} ${pad}`), 'every line once, in order');
  const budgets = r.requests.map(q => budget(q.batch!));
  t.ok(budgets.every(b => b <= MiB), `no batch above 1 MiB: ${budgets.join(' ')}`);
  t.ok(budgets.some(b => b > MiB - 600), 'full batches come within one line of it');
});

t.test('lines lost to a full ring: reported in the batch as a loss object, and in the stats line', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  const seen = new ConsoleSeen();
  r.holds.set(1, until(() => seen.text.includes('lost 20000\n')));
  const res = await runWebhook(r, webhookConfig(r, { buffer_size: '64k' }), printLines(20000, 'lost'), seen.feed);
  t.equal(res.code, 0, res.stderr);
  const losses = r.stored.filter(l => l.loss === true);
  t.ok(losses.length >= 1, 'a loss object');
  let dropped = 0;
  for (const l of losses) {
    const m = /^logpipe: (\d+) lines, \d+ bytes dropped \(log buffer full\)$/.exec(l.message);
    t.ok(m, l.message);
    dropped += Number(m?.[1]);
  }
  t.ok(r.stored.filter(l => l.loss !== undefined).every(l => l.loss === true), 'only loss objects carry "loss"');
  const kept = r.programLines().filter(m => m.startsWith('lost '));
  t.equal(kept.length + dropped, 20000, 'every line was either delivered or counted as dropped');
  t.match(statsLines(res).at(-1), `; dropped ${dropped} lines, `);
});
