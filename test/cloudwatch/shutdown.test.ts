// Shutdown with every part on. The kernel waits for the shutdown completions with no deadline, and
// klibhost fails a run whose completions never finish (status 124, "a Nanos VM would never halt"),
// so each test here also checks that the VM would halt: klibhost exits with the program's status.
// Memory metrics are on in every test: no PutMetricData may start once the shutdown has begun, and
// none may hold the halt. Faults are cued on what the mocks have seen, and on the program having
// been reaped (klibhost begins the shutdown right after reaping it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ROOT, buildHost, klibhost, reapWatch, tempDir, writeConfig } from '../../host/lib/klibhost.ts';
import { MetadataRouter } from '../../host/mocks/metadata-router.ts';
import { startGcpStack } from '../../host/mocks/stack.ts';
import { appMessages, buildCloudwatch, exampleConfig, klibLines, requestLog, run, sanitizerReport, startAws } from './lib/run.ts';

buildCloudwatch();
buildHost(`${ROOT}/build/host-klibs/gcp.so`);

const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const printLines = (n: number, prefix: string) => `for i in $(seq 1 ${n}); do echo "${prefix} $i"; done`;

/** A shell command that waits until `condition` holds on the test's side (it then creates a file). */
function waitFor(condition: () => boolean): string {
  const flag = join(tempDir('cw-flag-'), 'go');
  const poll = setInterval(() => {
    if (condition()) {
      writeFileSync(flag, '');
      clearInterval(poll);
    }
  }, 20);
  setTimeout(() => clearInterval(poll), 60000).unref();
  return `i=0; while [ ! -e ${flag} ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done`;
}

/** A stack's klibhost arguments less its route for the metadata address (the router takes it). */
function withoutMetadata(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--connect-to' && args[i + 1].startsWith('169.254.169.254:80:')) i++;
    else out.push(args[i]);
  }
  return out;
}

const metricsRequests = (aws: { cloudwatch: { requests: { operation: string }[] } }) =>
  aws.cloudwatch.requests.filter(q => q.operation === 'PutMetricData').length;

t.test('metadata answering only once the shutdown has begun: every line ships, no PutMetricData starts, the VM halts', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const { pidFile, reaped } = reapWatch();
  aws.imds.holdNext(1, reaped);
  // Logs and metrics are one server here: a sample started would open a second connection to it as
  // soon as the metadata is known, long before the logs' answers end the run.
  let connections = 0;
  aws.cloudwatch.https!.server.on('connection', () => { connections++; });
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: '1' }),
    `echo $$ > ${pidFile}; ${printLines(50, 'early')}; printf 'last line, no newline'; exit 5`);
  const klibConnections = connections;  // before the SDK reads the stream back from the same server
  t.equal(r.code, 5, `the program's status: the shutdown completed\n${r.stderr}`);
  t.notMatch(r.stderr, /never halt/);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), [...lines(50, 'early'), 'last line, no newline'], requestLog(aws));
  t.equal(metricsRequests(aws), 0, `metrics were not started during the shutdown\n${requestLog(aws)}`);
  t.equal(klibConnections, 1, 'only CloudWatch Logs was connected to');
  t.same(klibLines(r), [], 'nothing to report');
});

t.test('a stalled server at shutdown: shutdown_timeout releases the halt and says what was not shipped; sampling stops', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const { pidFile, reaped } = reapWatch();
  let shutdownSeen = -1;
  void reaped.then(() => { shutdownSeen = metricsRequests(aws); });
  // Once the first lines are stored and sampling runs, the next PutLogEvents (the last line) stalls.
  const ready = () => {
    const go = aws.cloudwatch.logs.messages('g', 's').length === 20 && metricsRequests(aws) >= 2;
    if (go) aws.cloudwatch.holdNext(1, 'PutLogEvents');
    return go;
  };
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: '1', shutdown_timeout: '3' }),
    `echo $$ > ${pidFile}; ${printLines(20, 'early')}; ${waitFor(ready)}; echo 'last line'; exit 3`);
  t.equal(r.code, 3, `the program's status: the klib released the halt\n${r.stderr}`);
  t.notMatch(r.stderr, /never halt/);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.match(klibLines(r).join('\n'),
    /^cloudwatch: shutdown_timeout \(3 s\) passed: [1-9]\d* bytes of console output not shipped \(a request to CloudWatch Logs is still unanswered\); letting the VM halt$/);
  const stalled = aws.cloudwatch.requests.filter(q => q.operation === 'PutLogEvents').at(-1)!;
  t.equal(stalled.status, 0, 'the last PutLogEvents was never answered');
  t.match(stalled.body, /last line/, 'it carried the last line');
  t.same(await appMessages(aws), lines(20, 'early'), requestLog(aws));
  await reaped;
  t.ok(shutdownSeen >= 2, 'sampling ran before the shutdown');
  // One sample may have been on its way when the shutdown began; a timer still running would have
  // sent about three more during the 3 s the shutdown lasted.
  t.ok(metricsRequests(aws) - shutdownSeen <= 1,
    `no sample started after the shutdown began (${shutdownSeen} before, ${metricsRequests(aws)} in all)\n${requestLog(aws)}`);
});

t.test('a crash: the kernel\'s last line (storage_shutdown) is shipped after the klib released the halt', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: '1' }), `${printLines(5, 'before the crash')}; kill -SEGV $$`);
  t.equal(r.code, 128 + 11);
  t.notMatch(r.stderr, /never halt/);
  t.match(r.stdout.toString(), /\] storage_shutdown error: no core generated: limit 0\n$/, 'the kernel\'s last line');
  // klibhost exits after its disk steps (two passes of its loop): the klib's zero-delay timer has
  // sent the line on the kept-alive connection by then. A kernel gives no such promise (vm_exit
  // waits for nobody), so this is what klibhost can measure, not a guarantee.
  // The mock may still be reading or verifying what arrived: wait until it has answered it all.
  while (aws.cloudwatch.requests.some(q => q.status === 0)) await new Promise(done => setTimeout(done, 20));
  const messages = await appMessages(aws);
  t.same(messages.slice(0, 5), lines(5, 'before the crash'), requestLog(aws));
  t.match(messages.at(-1), /^\[\d+\.\d+\] storage_shutdown error: no core generated: limit 0$/, `shipped\n${requestLog(aws)}`);
});

t.test('cloudwatch, gcp and tls together, metrics on for both: every line in both places, and the VM halts', async t => {
  const aws = await startAws();
  const gcp = await startGcpStack({ ca: aws.ca });
  const router = new MetadataRouter(aws.imds.port, gcp.metadata.port);
  await router.start();
  t.teardown(async () => { await router.close(); await aws.close(); await gcp.close(); });
  const config = exampleConfig(aws, { mem_metrics_interval: '1' });
  config.Klibs = ['cloudwatch', 'gcp', 'tls'];
  config.ManifestPassthrough.gcp = { ca_cert: aws.ca.caPem, logging: { log_id: 'both' }, metrics: { interval: '60' } };
  const gcpSampled = () => gcp.apis.requests.some(q => q.method === 'timeSeries.create' && q.status === 200);
  const r = await klibhost(['--config', writeConfig(config), ...withoutMetadata(aws.klibhostArgs), ...withoutMetadata(gcp.klibhostArgs),
    '--connect-to', `169.254.169.254:80:127.0.0.1:${router.port}`, '--',
    'sh', '-c', `${printLines(30, 'both')}; ${waitFor(() => gcpSampled() && metricsRequests(aws) >= 1)}; echo 'last line'; exit 4`]);
  t.equal(r.code, 4, `the program's status: both klibs completed\n${r.stderr}`);
  t.notMatch(r.stderr, /never halt/);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const expected = [...lines(30, 'both'), 'last line'];
  t.same(await appMessages(aws), expected, `CloudWatch\n${requestLog(aws)}`);
  const name = `projects/${gcp.metadata.projectId}/logs/both`;
  const gcpLines = gcp.apis.logging.entries.filter((e: any) => e.logName === name).map((e: any) => e.textPayload)
    .filter((m: string) => !/^(cloudwatch|gcp|tls): /.test(m));
  t.same(gcpLines, expected, 'Cloud Logging');
  t.ok(gcpSampled() && metricsRequests(aws) >= 1, 'both klibs sampled metrics');
});
