// The cloudwatch klib's figures (issue 6, item 7). Prints; asserts nothing.
//   npx tsx bench/cloudwatch/run.ts [--lines N] [--burst N] [--only throughput|latency|memory|write]
// * end to end: lines/s and MB/s from the program's first write to the last PutLogEvents accepted
//   by the local TLS mock (which verifies every signature with smithy and parses every body: it is
//   part of what is measured), next to raw SHA-256 and AES-128-GCM measured in the same run;
// * write -> received latency (p50 / p99) at a steady trickle of lines, default flush interval;
// * peak RSS of klibhost during a burst of N lines (default 10 million), beside the buffer size;
// * instructions and allocations per console write: the log pipe's callgrind bench (the driver's
//   own write adds a load, a compare and, rarely, a timer check to logpipe_write).
// klibhost and the klibs are built with ASan/UBSan, which slows them and inflates RSS (shadow
// memory; the quarantine of freed memory is turned off so that RSS shows what is live): the
// figures are upper bounds for a kernel build.
import { spawn, spawnSync } from 'node:child_process';
import { buildHost, KLIBHOST, ROOT, writeConfig } from '../../test/host/lib/klibhost.ts';
import { exampleConfig, readBack, startAws } from '../../test/cloudwatch/lib/run.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const LINES = arg('--lines', 200_000);
const BURST = arg('--burst', 10_000_000);
const LINE = 'x'.repeat(99);

buildHost(`${ROOT}/build/host-klibs/cloudwatch.so`, `${ROOT}/build/host-klibs/tls.so`, `${ROOT}/build/bench/tls/raw-crypto`,
  `${ROOT}/build/bench/tls/raw-crypto-asan`);

interface Run { code: number | null; stdout: string; stderr: string; startedAt: number }

function klibhostRun(args: string[], timed = false, echo = true): Promise<Run> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const [cmd, argv] = timed ? ['/usr/bin/time', ['-f', 'maxrss_kib %M cpu_s %U %S', KLIBHOST, ...args]] : [KLIBHOST, args];
    const child = spawn(cmd, argv, { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0:quarantine_size_mb=0:malloc_context_size=0' }, stdio: ['ignore', echo ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', d => { if (stdout.length < 1 << 20) stdout += d; });
    child.stderr!.on('data', d => { stderr += d; });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr, startedAt }));
  });
}

async function throughput(): Promise<void> {
  const aws = await startAws();
  try {
    const cfg = exampleConfig(aws, { mem_metrics_interval: undefined }, { buffer_size: '512m' });
    const r = await klibhostRun(['--config', writeConfig(cfg), ...aws.klibhostArgs, '--flush-timeout', '600', '--',
      'sh', '-c', `yes ${LINE} | head -n ${LINES}`], true);
    const cpu = /cpu_s ([\d.]+) ([\d.]+)/.exec(r.stderr);
    const puts = aws.cloudwatch.accepted('PutLogEvents');
    const events = aws.cloudwatch.logs.messages('g', 's');
    const delivered = events.filter(m => m === LINE).length;
    const seconds = (puts.at(-1)!.time - r.startedAt) / 1000;
    const bytes = delivered * (LINE.length + 1);
    console.log(`end to end: ${LINES} lines of ${LINE.length + 1} bytes, ${delivered} delivered in ${puts.length} requests`);
    console.log(`  ${(delivered / seconds).toFixed(0).padStart(10)} lines/s   ${(bytes / seconds / 1e6).toFixed(2).padStart(8)} MB/s   (${seconds.toFixed(2)} s; ` +
      `klibhost CPU ${cpu ? (Number(cpu[1]) + Number(cpu[2])).toFixed(2) : '?'} s: the rest is the mock, which verifies and parses every request)`);
    if (cpu) {
      const cpuSeconds = Number(cpu[1]) + Number(cpu[2]);
      console.log(`  ${(bytes / cpuSeconds / 1e6).toFixed(2).padStart(8)} MB per klibhost CPU second (klib, TLS, runtime and the program together)`);
    }
  } finally {
    await aws.close();
  }
}

async function latency(): Promise<void> {
  const aws = await startAws();
  try {
    const cfg = exampleConfig(aws, { mem_metrics_interval: undefined });
    await klibhostRun(['--config', writeConfig(cfg), ...aws.klibhostArgs, '--',
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
    const cfg = exampleConfig(aws, { mem_metrics_interval: undefined });
    const idle = await klibhostRun(['--config', writeConfig(cfg), ...aws.klibhostArgs, '--', 'true'], true);
    const r = await klibhostRun(['--config', writeConfig(cfg), ...aws.klibhostArgs, '--flush-timeout', '120', '--',
      'sh', '-c', `yes ${LINE} | head -n ${BURST}`], true, false);
    const rss = (x: Run) => Number(/maxrss_kib (\d+)/.exec(x.stderr)?.[1] ?? NaN);
    const delivered = aws.cloudwatch.logs.messages('g', 's').filter(m => m === LINE).length;
    console.log(`peak RSS, burst of ${BURST} lines (buffer_size 4m, ASan/UBSan build):`);
    console.log(`  idle run ${rss(idle)} KiB, burst ${rss(r)} KiB: +${rss(r) - rss(idle)} KiB (target: buffer + 256 KiB = ${4096 + 256} KiB); ${delivered} lines delivered, the rest counted as lost`);
  } finally {
    await aws.close();
  }
}

function rawCrypto(): void {
  for (const [label, program] of [['sanitized (as klibhost)', 'raw-crypto-asan'], ['plain -O2', 'raw-crypto']]) {
    const r = spawnSync(`${ROOT}/build/bench/tls/${program}`, { encoding: 'utf8' });
    console.log(`mbedtls raw crypto, ${label}:`);
    console.log(r.stdout.split('\n').filter(l => /MB\/s/.test(l)).map(l => `  ${l.trim()}`).join('\n'));
  }
}

function writeCost(): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}/bench/logpipe/callgrind.ts`], { encoding: 'utf8', cwd: ROOT });
  console.log(r.status === 0 ? r.stdout.trimEnd() : `callgrind bench failed: ${r.stderr}`);
}

// --only throughput|latency|memory|write runs one part.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
if (!only || only === 'throughput') {
  await throughput();
  rawCrypto();
}
if (!only || only === 'latency') await latency();
if (!only || only === 'memory') await peakMemory();
if (!only || only === 'write') writeCost();
