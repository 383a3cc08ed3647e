// Shutdown with logging and metrics on. The kernel waits for the shutdown completions with no
// deadline, and klibhost fails a run whose completions never finish (status 124, "a Nanos VM would
// never halt"), so each test also checks that the VM would halt: klibhost exits with the program's
// status. No timeSeries.create may start once the shutdown has begun, and a sample in flight may
// hold the halt only until shutdown_timeout. Faults are cued on what the mocks have seen, and on
// the program having been reaped (klibhost begins the shutdown right after reaping it).
import t from 'tap';
import { reapWatch, sanitizerReport } from '../../host/lib/klibhost.ts';
import { buildGcp, consoleText, gcpConfig, payloads, runGcp, startGcpStack, storedEntries, waitFor, writes } from './lib.ts';
import type { GcpStack } from '../../host/mocks/stack.ts';

buildGcp();

const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const printLines = (n: number, prefix: string) => `for i in $(seq 1 ${n}); do echo "${prefix} $i"; done`;
const samples = (stack: GcpStack) => stack.apis.requests.filter(q => q.method === 'timeSeries.create');
/** The gcp klib's own console lines, but its stats lines. */
const klibLines = (text: string) => text.split('\n').filter(l => l.startsWith('gcp: ') && !l.startsWith('gcp: stats: '));
/** Stored entries the program wrote (the klibs' own lines left out). */
const programLines = (stack: GcpStack, logId: string) =>
  payloads(storedEntries(stack, logId)).filter(m => !/^(gcp|tls): /.test(m));

t.test('metadata answering only once the shutdown has begun: every line ships, no sample starts, the VM halts', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const { pidFile, reaped } = reapWatch();
  stack.metadata.holdNext(1, undefined, reaped);
  // Cloud Logging and Monitoring are one server here: a sample started would open a second
  // connection to it as soon as the metadata is known, long before the logging answer ends the run.
  let connections = 0;
  stack.apis.https!.server.on('connection', () => { connections++; });
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'late' }, metrics: {} }),
    `echo $$ > ${pidFile}; ${printLines(40, 'early')}; printf 'last line, no newline'; exit 6`);
  t.equal(r.code, 6, `the program's status: the shutdown completed\n${r.stderr}`);
  t.notMatch(r.stderr, /never halt/);
  t.same(programLines(stack, 'late'), [...lines(40, 'early'), 'last line, no newline']);
  t.equal(samples(stack).length, 0, 'no sample started during the shutdown');
  t.equal(connections, 1, 'only Cloud Logging was connected to');
  t.same(klibLines(consoleText(r)), [], 'nothing to report');
});

t.test('a sample in flight at shutdown that is never answered: shutdown_timeout releases the halt', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.apis.holdNext(1, 'timeSeries.create');
  const stalled = () => samples(stack).length === 1 && storedEntries(stack, 'held').length === 10;
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'held' }, metrics: {}, shutdown_timeout: '2' }),
    `${printLines(10, 'early')}; ${waitFor(stalled)}; echo 'last line'; exit 2`);
  t.equal(r.code, 2, `the program's status: the klib released the halt\n${r.stderr}`);
  t.notMatch(r.stderr, /never halt/);
  t.same(klibLines(consoleText(r)),
    ['gcp: shutdown_timeout (2 s) passed: the last metrics sample is still unanswered; letting the VM halt']);
  t.same(programLines(stack, 'held'), [...lines(10, 'early'), 'last line'], 'the log lines all shipped');
  t.equal(samples(stack).length, 1, 'one sample, never answered');
  t.equal(samples(stack)[0].status, 0);
});

t.test('Cloud Logging stalls at shutdown: shutdown_timeout releases the halt and says what was not shipped', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const ready = () => {
    const go = storedEntries(stack, 'stall').length === 10 && samples(stack).some(q => q.status === 200);
    if (go) stack.apis.holdNext(1, 'entries.write');
    return go;
  };
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'stall' }, metrics: {}, shutdown_timeout: '2' }),
    `${printLines(10, 'early')}; ${waitFor(ready)}; echo 'last line'; exit 9`);
  t.equal(r.code, 9, `the program's status: the klib released the halt\n${r.stderr}`);
  t.notMatch(r.stderr, /never halt/);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.match(klibLines(consoleText(r)).join('\n'),
    /^gcp: shutdown_timeout \(2 s\) passed: [1-9]\d* bytes of console output not shipped \(a request to Cloud Logging is still unanswered\); letting the VM halt$/);
  const last = writes(stack).at(-1)!;
  t.equal(last.status, 0, 'the last entries.write was never answered');
  t.match(last.body, /last line/, 'it carried the last line');
  t.same(programLines(stack, 'stall'), lines(10, 'early'));
  t.equal(samples(stack).length, 1, 'no sample after the first (the interval is 60 s, and sampling stopped)');
});

t.test('a crash: the kernel\'s last line (storage_shutdown) is shipped after the klib released the halt', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'crash' }, metrics: {} }),
    `${printLines(5, 'before the crash')}; kill -SEGV $$`);
  t.equal(r.code, 128 + 11);
  t.notMatch(r.stderr, /never halt/);
  t.match(consoleText(r), /\] storage_shutdown error: no core generated: limit 0\n$/, 'the kernel\'s last line');
  // klibhost exits after its disk steps (two passes of its loop): the klib's zero-delay timer has
  // sent the line on the kept-alive connection by then. A kernel gives no such promise (vm_exit
  // waits for nobody): this is what klibhost can measure, not a guarantee.
  while (stack.apis.requests.some(q => q.status === 0)) await new Promise(done => setTimeout(done, 20));
  const shipped = programLines(stack, 'crash');
  t.same(shipped.slice(0, 5), lines(5, 'before the crash'));
  t.match(shipped.at(-1), /^\[\d+\.\d+\] storage_shutdown error: no core generated: limit 0$/, 'shipped');
});
