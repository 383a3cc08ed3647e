// logging.buffer_size as a kernel takes it: the ring is one allocation that can be larger than the
// locked heap (an mcache) gives, so it comes from the vmem heap, and only when it takes at most
// half of the free memory (a kernel's vmem that runs out keeps every page it took). klibhost
// refuses what a kernel refuses and halts on a vmem range beyond the free memory
// (test/host/heaps.test.ts). The default (8 MiB) and 16 MiB rings ship a program's lines, on a
// machine of 48 MiB too; a ring the memory cannot hold is one console line naming the key and the
// size, and the program and the metrics go on.
import t from 'tap';
import { buildGcp, consoleText, gcpConfig, klibLines, payloads, runGcp, sampleAccepted, startGcpStack, storedEntries, waitFor, writes } from './lib.ts';

buildGcp();

const lines = Array.from({ length: 300 }, (_, i) => `line ${i} of the program`);
const script = `for i in $(seq 0 299); do echo "line $i of the program"; done`;

for (const [name, size, bytes, memory] of [['default (no key)', undefined, 8 << 20, []], ['"16m"', '16m', 16 << 20, []],
  ['"16777216"', '16777216', 16 << 20, []], ['"16777216", 48 MiB of memory', '16777216', 16 << 20, ['--memory', '48']]] as const) {
  t.test(`buffer_size ${name}: a ${bytes >> 20} MiB ring from vmem ships every line`, async t => {
    const stack = await startGcpStack();
    t.teardown(() => stack.close());
    const logging = size === undefined ? { log_id: 'sized' } : { log_id: 'sized', buffer_size: size };
    const r = await runGcp(stack, gcpConfig(stack, { logging }), script, ['--memory-report', ...memory]);
    t.equal(r.code, 0, r.stderr);
    t.notMatch(r.stderr, /heap refused/, 'no allocation a kernel would refuse');
    t.same(klibLines(r), [], 'nothing to complain about');
    t.same(payloads(storedEntries(stack, 'sized')), lines);
    const peak = Number(/klib_heap_peak=(\d+)/.exec(r.stderr)?.[1]);
    t.ok(peak >= bytes && peak < bytes + (1 << 20), `the ring is ${bytes} bytes (klib heap peak ${peak})`);
  });
}

t.test('a ring the memory limit cannot hold: one console line naming the key and size; metrics go on', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'none', buffer_size: '16m' }, metrics: {} }),
    `echo before; ${waitFor(sampleAccepted(stack))}; echo after`, ['--memory-limit', '8m']);
  t.equal(r.code, 0, r.stderr);
  t.same(klibLines(r), ["gcp: out of memory for 'logging.buffer_size' (16777216 bytes): log shipping is off"]);
  t.match(consoleText(r), /before\n[^]*after\n/, 'the program ran to its end');
  t.notMatch(r.stderr, /refused|vmem/, 'the klib did not ask for more than the memory free');
  t.ok(sampleAccepted(stack)(), 'memory metrics still shipped');
  t.same(writes(stack), [], 'no log shipping');
});

t.test('the largest size, 256m, on a machine of 128 MiB: the same line', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'none', buffer_size: '256m' } }),
    'echo still running', ['--memory', '128']);
  t.equal(r.code, 0, r.stderr);
  t.same(klibLines(r), ["gcp: out of memory for 'logging.buffer_size' (268435456 bytes): log shipping is off"]);
  t.match(consoleText(r), /still running/);
  t.notMatch(r.stderr, /refused|vmem/, 'the klib did not ask for more than the memory free');
});
