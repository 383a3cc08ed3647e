// The fleet's figures (issue 14, item 4): how many log requests a VM makes, and so how large a
// fleet can grow before the documented default write quota of its account or project throttles it.
// Prints; asserts nothing.
//   npx tsx bench/fleet/run.ts [--vms N] [--seconds S] [--rate L] [--lines N] [--console-rate L]
//                              [--only cloudwatch|gcp] [--asan]        (make bench-fleet FLEET_ARGS=...)
// For each cloud klib, one mock (CloudWatch Logs behind IMDS; Cloud Logging behind the metadata
// server) takes the requests of N klibhosts (default 8: more only measure this 2-core machine's
// queueing), each running a program that writes 100-byte lines:
// * steady: `--rate` lines/s (default 181) for `--seconds` (default 10), each line carrying the
//   time it was written; pacing should hold each VM to one request per flush interval (1 s), and
//   a line should arrive within a flush interval + 100 ms;
// * full console rate: `--lines` lines (default 100,000) as fast as `yes` writes them, with a ring
//   that holds them all; batches are full (PutLogEvents: 1 MiB counting 26 per event, or 10,000
//   events) and go at once, so the request rate is the line rate this machine reached over the
//   lines a request carries. That figure is also scaled to `--console-rate` lines/s (default
//   100,000: about what one VM's klib reaches end to end in bench/cloudwatch), which no longer
//   depends on how fast the shared mock here was.
// It prints, from the requests the mock accepted: requests per second per VM over the time its
// program was writing (median and max over the VMs), the busiest second of one VM, the shortest
// gap between two arrivals of one VM's requests, lines per request, write -> received latency (p50, p99,
// worst), the busiest second at the mock for the whole fleet, and the fleet size at which each
// documented default quota (quotas.ts, with its source) would be reached: quota / per-VM rate.
// The benchmark klibhost runs (make bench-klibhost); --asan runs the sanitized test build.
import { ROOT, writeConfig } from '../../host/lib/klibhost.ts';
import { exampleConfig, startAws } from '../../host/lib/cloudwatch.ts';
import { gcpConfig, startGcpStack, writes } from '../../host/lib/gcp.ts';
import { buildBench, chosenKlibhost, numberArg, stringArg, timedRun, type TimedRun } from '../host/bench.ts';
import { busiest, median, quantile, type Batch, type VmFigures, vmFigures } from './figures.ts';
import { CLOUDWATCH_QUOTAS, GCP_QUOTAS, type Quota } from './quotas.ts';

const VMS = numberArg('--vms', 8);
const SECONDS = numberArg('--seconds', 10);
const RATE = numberArg('--rate', 181);
const FULL_LINES = numberArg('--lines', 100_000);
const FLUSH_MS = 1000;
/** A console rate to scale the full-batch figure to (lines/s): a VM logging flat out. */
const CONSOLE_RATE = numberArg('--console-rate', 100_000);
const LINE_BYTES = 100;
const FULL_BUFFER = '32m';
const host = chosenKlibhost();

/** One cloud klib against its mocks: a config per VM, and the log requests the mock accepted. */
interface CloudRun {
  klibhostArgs: string[];
  /** `buffer` the log ring's size (logging.buffer_size), or the default. */
  config(vm: number, buffer?: string): unknown;
  batches(): Batch[];
  /** Other requests to the logging API (setup), by operation. */
  otherRequests(): Map<string, number>;
  close(): Promise<void>;
}

interface Cloud {
  name: string;
  operation: string;
  quotas: Quota[];
  start(): Promise<CloudRun>;
}

const vmOf = (name: string) => Number(/vm(\d+)$/.exec(name)?.[1] ?? NaN);

function count(names: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const n of names) m.set(n, (m.get(n) ?? 0) + 1);
  return m;
}

const cloudwatch: Cloud = {
  name: 'cloudwatch', operation: 'PutLogEvents', quotas: CLOUDWATCH_QUOTAS,
  async start() {
    const aws = await startAws();
    return {
      klibhostArgs: aws.klibhostArgs,
      config: (vm, buffer) => exampleConfig(aws, { mem_metrics_interval: undefined, shutdown_timeout: '120' },
        { log_stream: `vm${vm}`, flush_interval: `${FLUSH_MS}ms`, buffer_size: buffer }),
      batches: () => aws.cloudwatch.accepted('PutLogEvents').map(q => {
        const body = JSON.parse(q.body) as { logStreamName: string; logEvents: { message: string }[] };
        return { vm: vmOf(body.logStreamName), time: q.time, lines: body.logEvents.map(e => e.message) };
      }),
      otherRequests: () => count(aws.cloudwatch.requests
        .filter(r => r.service === 'logs' && r.operation !== 'PutLogEvents').map(r => r.operation)),
      close: () => aws.close(),
    };
  },
};

const gcp: Cloud = {
  name: 'gcp', operation: 'entries.write', quotas: GCP_QUOTAS,
  async start() {
    const stack = await startGcpStack();
    return {
      klibhostArgs: stack.klibhostArgs,
      config: (vm, buffer) => gcpConfig(stack, { shutdown_timeout: '120',
        logging: { log_id: `vm${vm}`, flush_interval: `${FLUSH_MS}ms`, ...(buffer ? { buffer_size: buffer } : {}) } }),
      batches: () => writes(stack).filter(w => w.status === 200).map(w => {
        const body = JSON.parse(w.body) as { logName?: string; entries: { logName?: string; textPayload?: string }[] };
        const name = decodeURIComponent(body.logName ?? body.entries[0]?.logName ?? '');
        return { vm: vmOf(name), time: w.time, lines: body.entries.map(e => e.textPayload ?? '') };
      }),
      otherRequests: () => count(stack.apis.requests.filter(r => r.method !== 'entries.write').map(r => r.method)),
      close: () => stack.close(),
    };
  },
};

// The steady program: line i at start + i / rate (a schedule, so a late line does not delay the
// rest), each written on its own (autoflush) and carrying its write time in ms, padded to 100 bytes.
function steadyProgram(vm: number): string[] {
  const script = 'use Time::HiRes qw(time sleep); $| = 1; my ($vm, $n, $rate, $width) = @ARGV; my $t0 = time;' +
    ' for my $i (0 .. $n - 1) { my $wait = $t0 + $i / $rate - time; sleep($wait) if $wait > 0;' +
    ' my $l = sprintf("fleet vm%d %06d %.1f ", $vm, $i, time * 1000); print $l, "x" x ($width - length $l), "\\n"; }';
  return ['perl', '-e', script, String(vm), String(Math.round(RATE * SECONDS)), String(RATE), String(LINE_BYTES - 1)];
}

const writtenAt = (line: string): number | null => {
  const m = /^fleet vm\d+ \d+ (\d+\.\d) /.exec(line);
  return m ? Number(m[1]) : null;
};

function fullProgram(): string[] {
  return ['sh', '-c', `yes ${'x'.repeat(LINE_BYTES - 1)} | head -n ${FULL_LINES}`];
}

interface FleetResult {
  vms: VmFigures[];
  runs: TimedRun[];
  batches: Batch[];
  other: Map<string, number>;
}

async function fleet(cloud: Cloud, program: (vm: number) => string[], buffer?: string): Promise<FleetResult> {
  const run = await cloud.start();
  try {
    const ids = [...Array(VMS).keys()];
    const runs = await Promise.all(ids.map(vm => timedRun(host.path,
      ['--config', writeConfig(run.config(vm, buffer)), ...run.klibhostArgs, '--flush-timeout', '150', '--', ...program(vm)])));
    const batches = run.batches();
    const vms = ids.map(vm => vmFigures(vm, batches, runs[vm].startedAt, writtenAt));
    for (const vm of ids) {
      if (runs[vm].code !== 0) console.log(`  vm${vm}: klibhost exited with ${runs[vm].code}: ${runs[vm].stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    return { vms, runs, batches, other: run.otherRequests() };
  } finally {
    await run.close();
  }
}

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (x: number) => `${n(x)} ms`;

function printRates(cloud: Cloud, r: FleetResult, expected: number): { median: number; max: number } {
  const rates = r.vms.map(v => v.perSecond);
  const rate = { median: median(rates), max: Math.max(...rates) };
  const stored = r.vms.reduce((s, v) => s + v.lines, 0);
  const perRequest = r.vms.map(v => v.lines / v.requests);
  console.log(`  ${cloud.operation} per VM per second, while its program wrote (1 / mean gap): median ${n(rate.median, 2)}, ` +
    `max ${n(rate.max, 2)}; the busiest second of one VM: ${Math.max(...r.vms.map(v => v.busiestSecond))} request(s)`);
  console.log(`  lines per request: median ${n(median(perRequest))}, min ${n(Math.min(...perRequest))}; ` +
    `${n(stored)} of ${n(expected * VMS)} lines stored${stored === expected * VMS ? '' : ' (MISSING LINES)'}, ` +
    `in ${n(r.batches.length)} requests (${n(r.batches.length / VMS, 1)} per VM, the drain at exit included)`);
  const fleetPeak = busiest(r.batches.map(b => b.time).sort((a, b) => a - b), 1000);
  const steadyPeak = busiest(r.vms.flatMap(v => v.steady).sort((a, b) => a - b), 1000);
  console.log(`  the mock's busiest second, the whole fleet: ${fleetPeak} requests (${n(fleetPeak / VMS, 2)} per VM); ` +
    `while the programs wrote: ${steadyPeak} (${n(steadyPeak / VMS, 2)} per VM)`);
  return rate;
}

function printQuotas(cloud: Cloud, rate: { median: number; max: number }, both = true): void {
  for (const q of cloud.quotas) {
    console.log(`    ${q.what}, ${n(q.perSecond)}/s: ${n(q.perSecond / rate.median)} VMs` +
      (both ? ` at the median rate (${n(q.perSecond / rate.max)} at the max)` : ''));
  }
}

async function bench(cloud: Cloud): Promise<void> {
  const lines = Math.round(RATE * SECONDS);
  console.log(`${cloud.name}: ${VMS} VMs on one mock, flush interval ${ms(FLUSH_MS)}, ${host.label}`);

  console.log(` steady: each VM ${RATE} lines/s for ${SECONDS} s (${n(lines)} lines of ${LINE_BYTES} B):`);
  const steady = await fleet(cloud, steadyProgram);
  const steadyRate = printRates(cloud, steady, lines);
  const gaps = steady.vms.map(v => v.shortestGap);
  // The klib spaces its sends of batches that are not full by the flush interval; the mock sees
  // them arrive give or take its own event loop's delays on the shared cores.
  console.log(`  the shortest gap between two arrivals of one VM's requests: ${ms(Math.min(...gaps))} (median over the VMs ` +
    `${ms(median(gaps))}; the klib sends them a flush interval, ${ms(FLUSH_MS)}, apart at least)`);
  const latencies = steady.vms.flatMap(v => v.latencies).sort((a, b) => a - b);
  const target = FLUSH_MS + 100;
  const worst = latencies.at(-1) ?? NaN;
  console.log(`  write -> received latency, ${n(latencies.length)} lines: p50 ${ms(quantile(latencies, 0.5))}, ` +
    `p99 ${ms(quantile(latencies, 0.99))}, worst ${ms(worst)} (target: flush interval + 100 ms = ${ms(target)}; ` +
    `${latencies.filter(l => l > target).length} lines later)`);
  const setup = [...steady.other].map(([op, k]) => `${op} ${n(k / VMS, 1)}`).join(', ');
  if (setup) console.log(`  other requests per VM (setup): ${setup}`);
  console.log('  the documented default quota would be reached by a fleet of (quota / per-VM rate):');
  printQuotas(cloud, steadyRate);

  console.log(` full console rate: each VM ${n(FULL_LINES)} lines of ${LINE_BYTES} B as fast as \`yes\` writes them ` +
    `(logging.buffer_size ${FULL_BUFFER}):`);
  // A ring that holds every line: the mock on these shared cores takes them slower than `yes`
  // writes, and a line dropped for a full ring would be a request less.
  const full = await fleet(cloud, () => fullProgram(), FULL_BUFFER);
  const fullRate = printRates(cloud, full, FULL_LINES);
  const linesPerSecond = full.vms.map(v => v.lines / ((v.to - v.from) / 1000));
  console.log(`  lines per second per VM reached here (the mock and ${VMS} VMs share 2 cores): median ${n(median(linesPerSecond))}; ` +
    `the request rate scales with it at the lines per request above`);
  console.log(`  ${n(fullRate.median / steadyRate.median, 1)}x the requests per VM of ${RATE} lines/s`);
  console.log('  the documented default quota would be reached by a fleet of (quota / per-VM rate):');
  printQuotas(cloud, fullRate);
  // Full batches: the request rate is the line rate over the lines a full request carries, whatever
  // machine wrote them; a VM whose console writes CONSOLE_RATE lines/s makes this many requests.
  const perRequest = median(full.vms.map(v => v.lines / v.requests));
  console.log(`  with full batches (${n(perRequest)} lines each), a VM writing ${n(CONSOLE_RATE)} lines/s makes ` +
    `${n(CONSOLE_RATE / perRequest, 2)} requests/s; the quota is reached by a fleet of:`);
  printQuotas(cloud, { median: CONSOLE_RATE / perRequest, max: CONSOLE_RATE / perRequest }, false);
}

function printSources(): void {
  console.log('quotas (documented defaults):');
  for (const q of [...CLOUDWATCH_QUOTAS, ...GCP_QUOTAS]) console.log(`  ${q.what}: ${q.documented}; ${q.source}`);
}

buildBench(['cloudwatch', 'gcp', 'tls']);
console.log(`fleet bench (${ROOT}), ${new Date().toISOString()}`);
const only = stringArg('--only');
if (!only || only === 'cloudwatch') await bench(cloudwatch);
if (!only || only === 'gcp') await bench(gcp);
printSources();
