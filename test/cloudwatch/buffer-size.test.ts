// logging.buffer_size as a kernel takes it: the ring is one allocation larger than the locked heap
// (an mcache) can give, so it comes from the vmem heap, and only when it takes at most half of the
// free memory (a kernel's vmem that runs out keeps every page it took). klibhost refuses what a
// kernel refuses and halts on a vmem range beyond the free memory (test/host/heaps.test.ts). The
// default (8m) and 16m rings ship a program's lines, on a machine of 48 MiB too (where the largest
// piece is 1 MiB); a ring the memory cannot hold is one console line naming the key and the size,
// and the program and the metrics go on.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tempDir } from '../../host/lib/klibhost.ts';
import { appMessages, buildCloudwatch, exampleConfig, klibLines, requestLog, run, sanitizerReport, startAws } from './lib/run.ts';

buildCloudwatch();

const lines = Array.from({ length: 300 }, (_, i) => `line ${i} of the program`);
const script = `for i in $(seq 0 299); do echo "line $i of the program"; done`;

for (const [name, size, bytes, memory] of [['default (no key)', undefined, 8 << 20, []], ['"16m"', '16m', 16 << 20, []],
  ['"16777216"', '16777216', 16 << 20, []], ['"16m", 48 MiB of memory', '16m', 16 << 20, ['--memory', '48']]] as const) {
  t.test(`buffer_size ${name}: a ${bytes >> 20} MiB ring from vmem ships every line`, async t => {
    const aws = await startAws();
    t.teardown(() => aws.close());
    const r = await run(aws, exampleConfig(aws, {}, { buffer_size: size }), script, ['--memory-report', ...memory]);
    t.equal(r.code, 0);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    t.notMatch(r.stderr, /heap refused/, 'no allocation a kernel would refuse');
    t.same(klibLines(r), [], 'nothing to complain about');
    t.same(await appMessages(aws), lines, requestLog(aws));
    const peak = Number(/klib_heap_peak=(\d+)/.exec(r.stderr)?.[1]);
    t.ok(peak >= bytes && peak < bytes + (1 << 20), `the ring is ${bytes} bytes (klib heap peak ${peak})`);
  });
}

/** A shell command that waits (at most 60 s) until `condition` holds on the test's side. */
function waitFor(condition: () => boolean): string {
  const flag = join(tempDir('cw-flag-'), 'go');
  const poll = setInterval(() => {
    if (condition()) {
      writeFileSync(flag, '');
      clearInterval(poll);
    }
  }, 50);
  setTimeout(() => clearInterval(poll), 60000).unref();
  return `i=0; while [ ! -e ${flag} ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done`;
}

t.test('a ring the memory limit cannot hold: one console line naming the key and size; metrics go on', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const metricsSent = () => aws.cloudwatch.accepted('PutMetricData').length > 0;
  const r = await run(aws, exampleConfig(aws, {}, { buffer_size: '16m' }),
    `echo before; ${waitFor(metricsSent)}; echo after`, ['--memory-limit', '8m']);
  t.equal(r.code, 0, 'the program\'s status');
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(klibLines(r), ["cloudwatch: out of memory for 'logging.buffer_size' (16777216 bytes): log shipping disabled"]);
  t.match(r.stdout.toString(), /before\n[^]*after\n/, 'the program ran to its end');
  t.notMatch(r.stderr, /refused|vmem/, 'the klib did not ask for more than the memory free');
  t.ok(metricsSent(), `memory metrics still shipped\n${requestLog(aws)}`);
  t.notOk(aws.cloudwatch.requests.some(q => q.operation === 'PutLogEvents' || q.operation === 'CreateLogStream'),
    'no log shipping');
});

t.test('the largest size, 256m, on a machine of 128 MiB: the same line', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }, { buffer_size: '256m' }),
    'echo still running', ['--memory', '128']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(klibLines(r), ["cloudwatch: out of memory for 'logging.buffer_size' (268435456 bytes): log shipping disabled"]);
  t.match(r.stdout.toString(), /still running/);
  t.notMatch(r.stderr, /refused|vmem/, 'the klib did not ask for more than the memory free');
});
