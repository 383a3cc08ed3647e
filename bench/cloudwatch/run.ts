// The cloudwatch klib's figures (issue 6, item 7). Prints; asserts nothing.
//   npx tsx bench/cloudwatch/run.ts [--lines N] [--runs N] [--burst N] [--only throughput|latency|memory|write] [--asan]
// Runs the benchmark klibhost (make bench-klibhost: no sanitizers, the klibs built with the
// kernel's klib flags, the tls klib on the kernel's freestanding mbedtls); --asan runs the
// sanitized test build instead.
// * throughput, two figures:
//   (a) end to end: lines/s and MB/s from the program's first write to the last PutLogEvents
//       accepted by the local TLS mock, which verifies every signature with smithy and parses every
//       body on the same two cores: the mock is part of what is measured;
//   (b) the klib's own cost: line bytes per CPU second the lines cost klibhost with the klib
//       (less a run with no line) over what they cost it without (the console's echo; bench/host/
//       bench.ts cpuBaselines), next to raw SHA-256 and
//       AES-128-GCM of the same mbedtls measured in the same run (also per CPU second), and
//       OpenSSL's on the same core;
//   (c) that cost per 1 M events as a multiple of the time OpenSSL needs to hash and encrypt the
//       same request bodies (target: at most 3.3x), and the part of it in Linux's TCP sends; the
//       median of --runs runs (default 5);
// * write -> received latency (p50 / p99) at a steady trickle of lines, default flush interval;
// * peak RSS of klibhost during a burst of N lines (default 10 million) minus its peak RSS idle
//   with the same config (ring allocated, connection up), beside buffer_size + 256 KiB, and the exact kernel-heap figures of both runs
//   (klibhost --memory-report): peak klib heap with the ring, the part of it queued in direct for
//   the socket, and what the burst adds over the idle run;
// * instructions and allocations per console write: the log pipe's callgrind bench (the driver's
//   own write adds a load, a compare and, rarely, a timer check to logpipe_write).
import { spawnSync } from 'node:child_process';
import { ROOT, writeConfig } from '../../host/lib/klibhost.ts';
import { exampleConfig, readBack, startAws } from '../../host/lib/cloudwatch.ts';
import {
  buildBench, chosenKlibhost, cpuBaselines, medianRun, numberArg, printHeapFigures, printThroughput, stringArg,
  throughputRing, timedRun, type ThroughputRun,
} from '../host/bench.ts';

const LINES = numberArg('--lines', 500_000);
const RUNS = numberArg('--runs', 5);
const BURST = numberArg('--burst', 10_000_000);
const LINE = 'x'.repeat(99);
const host = chosenKlibhost();

buildBench(['cloudwatch', 'tls']);

async function throughput(): Promise<void> {
  const runs: ThroughputRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await throughputRun());
  printThroughput(medianRun(runs));
}

async function throughputRun(): Promise<ThroughputRun> {
  const program = `yes ${LINE} | head -n ${LINES}`;
  const aws = await startAws();
  try {
    // shutdown_timeout: the mock, on the same busy cores, may take longer than the default 10 s to
    // take what is left when the program exits; the lines would then be counted as missing.
    const cfg = exampleConfig(aws, { mem_metrics_interval: undefined, shutdown_timeout: '600' },
      { buffer_size: throughputRing(LINES, LINE.length + 1) });
    const withKlib = (p: string) => timedRun(host.path, ['--config', writeConfig(cfg), ...aws.klibhostArgs,
      '--flush-timeout', '600', '--memory-report', '--', 'sh', '-c', p]);
    const base = await cpuBaselines(program, withKlib);
    const before = aws.cloudwatch.accepted('PutLogEvents').length;
    const r = await withKlib(program);
    if (r.code !== 0) throw new Error(`klibhost failed: ${r.stderr}`);
    const puts = aws.cloudwatch.accepted('PutLogEvents').slice(before);
    const delivered = aws.cloudwatch.logs.messages('g', 's').filter(m => m === LINE).length;
    const bodies = puts.reduce((n, q) => n + Buffer.byteLength(q.body), 0);
    return {
      label: host.label, lines: LINES, lineBytes: LINE.length + 1, shipped: delivered, requests: puts.length,
      bodyBytes: bodies, seconds: (puts.at(-1)!.time - r.startedAt) / 1000,
      cpuSeconds: r.klibhostCpuSeconds, tcpSendCpuSeconds: r.tcpSendCpuSeconds, idleCpuSeconds: base.idle,
      idleTcpSendCpuSeconds: base.idleSends, bareCpuSeconds: base.bare, bareIdleCpuSeconds: base.bareIdle,
      mockDoes: 'verifies and parses every request',
    };
  } finally {
    await aws.close();
  }
}

async function latency(): Promise<void> {
  const aws = await startAws();
  try {
    const cfg = exampleConfig(aws, { mem_metrics_interval: undefined });
    await timedRun(host.path, ['--config', writeConfig(cfg), ...aws.klibhostArgs, '--',
      'sh', '-c', 'for i in $(seq 1 200); do echo "tick $i"; sleep 0.02; done']);
    // Each event carries the time it was written; the request that carried it, when it arrived.
    const arrivals: number[] = [];
    for (const q of aws.cloudwatch.accepted('PutLogEvents')) {
      const body = JSON.parse(q.body) as { logEvents: { timestamp: number }[] };
      for (const e of body.logEvents) arrivals.push(q.time - e.timestamp);
    }
    arrivals.sort((a, b) => a - b);
    const pct = (p: number) => arrivals[Math.min(arrivals.length - 1, Math.floor(p * arrivals.length))];
    console.log(`write -> received latency, ${arrivals.length} lines every 20 ms, flush interval 1 s:`);
    console.log(`  p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms   max ${arrivals.at(-1)} ms`);
    await readBack(aws, 'g', 's');
  } finally {
    await aws.close();
  }
}

async function peakMemory(): Promise<void> {
  const aws = await startAws();
  try {
    // A 4 MiB ring (named, not the default) keeps the figures comparable with the earlier ones.
    const cfg = exampleConfig(aws, { mem_metrics_interval: undefined }, { buffer_size: '4m' });
    const bufferKiB = 4096;
    // Idle: the same klibs and config, the ring allocated and the connection made, nothing to send
    // but the setup requests.
    const idle = await timedRun(host.path, ['--config', writeConfig(cfg), ...aws.klibhostArgs, '--memory-report', '--',
      'sh', '-c', 'echo idle']);
    const r = await timedRun(host.path, ['--config', writeConfig(cfg), ...aws.klibhostArgs, '--flush-timeout', '120', '--memory-report', '--',
      'sh', '-c', `yes ${LINE} | head -n ${BURST}`]);
    const delivered = aws.cloudwatch.logs.messages('g', 's').filter(m => m === LINE).length;
    const extra = r.maxRssKiB - idle.maxRssKiB;
    console.log(`peak RSS, burst of ${BURST} lines, buffer_size 4m, ${host.label}:`);
    console.log(`  idle ${idle.maxRssKiB} KiB, burst ${r.maxRssKiB} KiB: ${extra >= 0 ? '+' : ''}${extra} KiB ` +
      `(the idle run already holds the ring, resident from its allocation; target for the burst: at most 256 KiB more)`);
    console.log(`  ${delivered} lines delivered, the rest counted as lost (the ring was full)`);
    printHeapFigures(idle.stderr, r.stderr, bufferKiB * 1024);
  } finally {
    await aws.close();
  }
}

function writeCost(): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}/bench/logpipe/callgrind.ts`], { encoding: 'utf8', cwd: ROOT });
  console.log(r.status === 0 ? r.stdout.trimEnd() : `callgrind bench failed: ${r.stderr}`);
}

// --only throughput|latency|memory|write runs one part.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
if (!only || only === 'throughput') await throughput();
if (!only || only === 'latency') await latency();
if (!only || only === 'memory') await peakMemory();
if (!only || only === 'write') writeCost();
