// The gcp klib's figures (issue 7, item 6: the same as bench/cloudwatch). Prints; asserts nothing.
//   npx tsx bench/gcp/throughput.ts [--lines N] [--runs N] [--burst N] [--only throughput|latency|memory] [--asan]
// Runs the benchmark klibhost (make bench-klibhost: no sanitizers, the klibs built with the
// kernel's klib flags, the tls klib on the kernel's freestanding mbedtls); --asan runs the
// sanitized test build instead.
// * throughput, two figures:
//   (a) end to end: lines/s and MB/s from the program's start to the last entries.write the Cloud
//       Logging mock accepted (it validates every body against Google's protos on the same cores);
//   (b) the klib's own cost: line bytes per CPU second the lines cost klibhost with the klib
//       (less a run with no line) over what they cost it without (bench/host/bench.ts
//       cpuBaselines), next to raw SHA-256 + AES-128-GCM of the same mbedtls (per CPU second; the
//       gcp klib hashes nothing itself, so the comparison is generous to it), and OpenSSL's;
//   (c) that cost per 1 M events as a multiple of the time OpenSSL needs to encrypt the same
//       request bodies (target: at most 3.3x), and the part of it in Linux's TCP sends; the median
//       of --runs runs (default 5);
// * write -> received latency (median, worst) of lines written every 100 ms, flush interval 1 s;
// * peak RSS of klibhost during a burst of N lines (default 10 million) minus its peak RSS idle
//   with the same config, beside buffer_size + 256 KiB, and the exact kernel-heap figures of both runs
//   (klibhost --memory-report): peak klib heap with the ring, the part of it queued in direct for
//   the socket, and what the burst adds over the idle run.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, writeConfig } from '../../host/lib/klibhost.ts';
import { gcpConfig, startGcpStack, storedEntries, writes, type GcpStack } from '../../host/lib/gcp.ts';
import {
  buildBench, chosenKlibhost, cpuBaselines, medianRun, numberArg, printHeapFigures, printThroughput, stringArg,
  throughputRing, timedRun, type ThroughputRun,
} from '../host/bench.ts';

const LINES = numberArg('--lines', 500_000);
const RUNS = numberArg('--runs', 5);
const BURST = numberArg('--burst', 10_000_000);
const LINE = 'x'.repeat(99);
const BUFFER_SIZE = 4 << 20;
const host = chosenKlibhost();

buildBench(['gcp', 'tls']);

function run(stack: GcpStack, gcp: Record<string, unknown>, script: string, flushTimeout: number) {
  return timedRun(host.path, ['--config', writeConfig(gcpConfig(stack, gcp)), ...stack.klibhostArgs,
    '--flush-timeout', String(flushTimeout), '--memory-report', '--', 'sh', '-c', script]);
}

async function throughput(): Promise<void> {
  const runs: ThroughputRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await throughputRun());
  printThroughput(medianRun(runs));
  const klib = join(ROOT, 'build/klibs/gcp');
  if (existsSync(klib)) console.log(`  klib size ${statSync(klib).size} bytes (build/klibs/gcp, make klibs)`);
}

async function throughputRun(): Promise<ThroughputRun> {
  const program = `yes ${LINE} | head -n ${LINES}`;
  const stack = await startGcpStack();
  try {
    // shutdown_timeout: as in bench/cloudwatch, the mock may need more than the default 10 s after the exit.
    const gcp = { shutdown_timeout: '600', logging: { log_id: 'bench', buffer_size: throughputRing(LINES, LINE.length + 1) } };
    const base = await cpuBaselines(program, p => run(stack, gcp, p, 600));
    const before = writes(stack).length;
    const r = await run(stack, gcp, program, 600);
    if (r.code !== 0) throw new Error(`klibhost failed: ${r.stderr}`);
    const stored = storedEntries(stack, 'bench').filter(e => e.textPayload === LINE).length;
    const w = writes(stack).slice(before).filter(x => x.status === 200);
    const bodies = w.reduce((n, x) => n + Buffer.byteLength(x.body), 0);
    return {
      label: host.label, lines: LINES, lineBytes: LINE.length + 1, shipped: stored, requests: w.length,
      bodyBytes: bodies, seconds: (w.at(-1)!.time - r.startedAt) / 1000,
      cpuSeconds: r.klibhostCpuSeconds, tcpSendCpuSeconds: r.tcpSendCpuSeconds, idleCpuSeconds: base.idle,
      idleTcpSendCpuSeconds: base.idleSends, bareCpuSeconds: base.bare, bareIdleCpuSeconds: base.bareIdle,
      mockDoes: 'validates every body', hashesBodies: false,
    };
  } finally {
    await stack.close();
  }
}

async function latency(): Promise<void> {
  const stack = await startGcpStack();
  try {
    const program = `for i in $(seq 1 40); do node -e 'console.log("t " + Date.now())'; sleep 0.1; done`;
    const r = await run(stack, { logging: { log_id: 'latency' } }, program, 30);
    if (r.code !== 0) throw new Error(`klibhost failed: ${r.stderr}`);
    const delays: number[] = [];
    for (const w of writes(stack)) {
      for (const m of w.body.matchAll(/"textPayload":"t (\d+)"/g)) delays.push(w.time - Number(m[1]));
    }
    delays.sort((a, b) => a - b);
    console.log(`write -> received latency, ${delays.length} lines every 100 ms, flush interval 1 s:`);
    console.log(`  median ${delays[delays.length >> 1]} ms   worst ${delays.at(-1)} ms`);
  } finally {
    await stack.close();
  }
}

async function peakMemory(): Promise<void> {
  const stack = await startGcpStack();
  try {
    const gcp = { logging: { log_id: 'burst', buffer_size: String(BUFFER_SIZE) } };
    const idle = await run(stack, gcp, 'echo idle', 30);
    const r = await run(stack, gcp, `yes ${LINE} | head -n ${BURST}`, 120);
    const stored = storedEntries(stack, 'burst').filter(e => e.textPayload === LINE).length;
    const bufferKiB = BUFFER_SIZE >> 10;
    const extra = r.maxRssKiB - idle.maxRssKiB;
    console.log(`peak RSS, burst of ${BURST} lines, buffer_size ${bufferKiB} KiB, ${host.label}:`);
    console.log(`  idle ${idle.maxRssKiB} KiB, burst ${r.maxRssKiB} KiB: ${extra >= 0 ? '+' : ''}${extra} KiB ` +
      `(the idle run already holds the ring, resident from its allocation; target for the burst: at most 256 KiB more)`);
    console.log(`  ${stored} lines delivered, the rest counted as lost (the ring was full)`);
    printHeapFigures(idle.stderr, r.stderr, BUFFER_SIZE);
  } finally {
    await stack.close();
  }
}

const only = stringArg('--only');
if (!only || only === 'throughput') await throughput();
if (!only || only === 'latency') await latency();
if (!only || only === 'memory') await peakMemory();
