// Issue 15's comparison: the CPU our cloud klibs spend per event on their output side beside
// Fluent Bit's, on this machine, in one run (target: at most half of Fluent Bit's). Prints; asserts
// nothing. Optional: it needs a Fluent Bit binary the user built (Debian 12 has no package), and no
// test runs it.
//   npx tsx bench/fluentbit/compare.ts --fluent-bit /path/to/fluent-bit [--lines N] [--runs N] [--only cloudwatch|gcp] [--logs DIR]
// (--logs DIR: each Fluent Bit run's config and log are kept there.)
// Each round runs, in turn, the same N lines of 100 B through:
// * ours: the benchmark klibhost (make bench-klibhost) running `yes | head -n N` with the klib, to the
//   local HTTPS mock, and the same program with no klib; the klib's output side is the difference;
// * Fluent Bit: in_tail reading a file of the same N lines from its head to the same mock (stopped
//   with SIGTERM once the mock holds them all), and the same input to out_null (exit_on_eof); its
//   output side is the difference.
// Each figure is the CPU time of the whole process (user + system, children included: /usr/bin/time),
// per 1 M events. Each of the four runs is also made with no line (our program `true`, Fluent Bit
// reading an empty file): the output side per line leaves out each side's fixed cost (start, our ring
// made resident, credentials, exit), which a long run spreads over many more lines. Fluent Bit keeps its defaults (flush 1 s, its batching, one worker) except what
// points it at the mocks (endpoint, port, TLS CA, credentials from the environment, the metadata
// server), `log_key log` / `text_payload_key log` so that it ships the line as ours does (not
// {"log": ...}), and, for the cloud outputs, a longer connect timeout and unlimited retries
// (PATIENCE, below: the mock on the same cores is slow to take its concurrent connections).
// Network: Fluent Bit must reach nothing but the mocks, so the whole bench runs in a network
// namespace of its own with only loopback up (it re-runs itself under `unshare -rn`), the mocks too.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tempDir, writeConfig } from '../../host/lib/klibhost.ts';
import { exampleConfig, startAws } from '../../host/lib/cloudwatch.ts';
import { gcpConfig, startGcpStack, storedEntries, writes } from '../../host/lib/gcp.ts';
import { buildBench, numberArg, stringArg, throughputRing, timedRun, BENCH_KLIBHOST, type TimedRun } from '../host/bench.ts';

/** True when this process sees no network interface but loopback (/proc/net/dev is per namespace). */
function onlyLoopback(): boolean {
  const names = readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2)
    .map(l => l.split(':')[0].trim()).filter(Boolean);
  return names.every(n => n === 'lo');
}

if (!onlyLoopback()) {
  if (process.env.FLUENTBIT_BENCH_NETNS) throw new Error('still sees interfaces other than lo after unshare -rn; refusing to run Fluent Bit');
  // Run again, the same node with the same loader flags, in a new network namespace.
  const r = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh',
    process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, FLUENTBIT_BENCH_NETNS: '1' } });
  if (r.error) throw r.error;
  process.exit(r.status ?? 1);
}

const FLUENT_BIT = stringArg('--fluent-bit');
if (!FLUENT_BIT || !existsSync(FLUENT_BIT)) {
  console.error('usage: npx tsx bench/fluentbit/compare.ts --fluent-bit /path/to/fluent-bit [--lines N] [--runs N] [--only cloudwatch|gcp] [--logs DIR]');
  process.exit(2);
}
const LINES = numberArg('--lines', 1_000_000);
const RUNS = numberArg('--runs', 6);
const ONLY = stringArg('--only');
const LOGS = stringArg('--logs');
// A cloud run that has stored nothing new for this long is stopped and its missing lines counted.
const STALL_MS = 120_000;
if (LOGS) mkdirSync(LOGS, { recursive: true });
const LINE = 'x'.repeat(99);
const PROGRAM = `yes ${LINE} | head -n ${LINES}`;
// Our ring holds every line, as in the cloud benches: the mock may take them slower than they come.
const RING = throughputRing(LINES, LINE.length + 1);
const perMillion = (cpu: number) => cpu * 1e6 / LINES;

buildBench(['cloudwatch', 'gcp', 'tls']);

const work = tempDir('fluentbit-bench-');
const linesFile = join(work, 'lines.txt');
// Fluent Bit's runs with no line: an empty file, read to its end and left (exit_on_eof).
const emptyFile = join(work, 'empty.txt');
writeFileSync(emptyFile, '');
await new Promise<void>((resolve, reject) => {
  // The same bytes `yes | head` writes to the klib.
  const out = createWriteStream(linesFile);
  const block = `${LINE}\n`.repeat(10_000);
  let left = LINES;
  const more = (): void => {
    while (left > 0) {
      const n = Math.min(left, 10_000);
      left -= n;
      if (!out.write(n === 10_000 ? block : `${LINE}\n`.repeat(n))) return void out.once('drain', more);
    }
    out.end(resolve);
  };
  out.on('error', reject);
  more();
});

/**
 * Fluent Bit's classic config: in_tail of the lines file, to `output` (its [OUTPUT] keys).
 * `exitOnEof`: Fluent Bit stops at the end of the file (the null runs). A cloud run must not: once
 * stopping, Fluent Bit opens no new connection, so chunks still queued would have only its kept-alive
 * ones, and fail (some were dropped). It is stopped with SIGTERM once the mock holds every line.
 */
function fluentBitConfig(name: string, output: Record<string, string | number>, exitOnEof: boolean,
                         input = linesFile): string {
  const keys = (o: Record<string, string | number>) => Object.entries(o).map(([k, v]) => `    ${k} ${v}`).join('\n');
  const text = `[SERVICE]
${keys({ flush: 1, grace: 600, log_level: 'info' })}

[INPUT]
${keys({ name: 'tail', path: input, read_from_head: 'true', exit_on_eof: String(exitOnEof), tag: 'bench' })}

[OUTPUT]
${keys({ match: '*', ...output, ...(exitOnEof ? {} : PATIENCE) })}
`;
  const path = join(work, `${name}.conf`);
  writeFileSync(path, text);
  return path;
}

/**
 * The two defaults a cloud output changes: the mock, one Node process on the same two cores, does
 * the TLS handshakes of Fluent Bit's many concurrent connections (one per chunk in flight, about 50
 * at the first flush) behind the bodies it is verifying, so some take more than the default 10 s
 * connect timeout; and a chunk that fails twice (retry_limit 1) would be dropped, making Fluent Bit
 * do less work than ours. Neither changes how it batches or formats.
 */
const PATIENCE = { 'net.connect_timeout': 600, retry_limit: 'no_limits' };

/**
 * The mock keeps an idle connection 120 s instead of Node's 5 s (longer than Fluent Bit's 30 s
 * keepalive_idle_timeout): Fluent Bit reuses pooled connections idle for longer, and a reset one
 * fails its request, so the whole chunk is sent again (duplicates, and work ours does not do).
 * Ours keeps one connection busy; it is given the same mock.
 */
function keepIdleConnections(listener: { server: { keepAliveTimeout: number } } | undefined): void {
  listener!.server.keepAliveTimeout = 120_000;
}

let fluentBitRuns = 0;

/**
 * Runs Fluent Bit under /usr/bin/time (as timedRun does klibhost). `delivered`, when given, is
 * polled every 100 ms; when it reaches LINES, or stops growing for STALL_MS, Fluent Bit gets
 * SIGTERM (the CPU it used waiting idle for the last poll is next to nothing).
 */
function runFluentBit(config: string, env: Record<string, string>, delivered?: () => number): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    // HOME: no ~/.aws or gcloud files of this machine's user are read.
    const child = spawn('/usr/bin/time', ['-f', 'maxrss_kib %M cpu_s %U %S', FLUENT_BIT!, '-c', config],
      { env: { ...process.env, HOME: work, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', d => { if (stdout.length < 1 << 20) stdout += d; });
    child.stderr!.on('data', d => { stderr += d; });
    let poll: NodeJS.Timeout | undefined;
    if (delivered) {
      let last = -1;
      let lastChange = Date.now();
      poll = setInterval(() => {
        const n = delivered();
        if (n !== last) [last, lastChange] = [n, Date.now()];
        if (n < LINES && Date.now() - lastChange < STALL_MS) return;
        clearInterval(poll);
        // Fluent Bit is /usr/bin/time's only child.
        const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
        if (pid > 0) process.kill(pid, 'SIGTERM');
      }, 100);
    }
    child.on('error', reject);
    child.on('close', code => {
      clearInterval(poll);
      const m = /maxrss_kib (\d+) cpu_s ([\d.]+) ([\d.]+)/.exec(stderr);
      const r: TimedRun = {
        code, stdout, stderr, startedAt, endedAt: Date.now(),
        maxRssKiB: m ? Number(m[1]) : NaN, cpuSeconds: m ? Number(m[2]) + Number(m[3]) : NaN,
        klibhostCpuSeconds: NaN, tcpSendCpuSeconds: NaN,
      };
      // --logs DIR keeps each run's config and log (its first MiB), numbered in run order.
      if (LOGS) {
        const name = `${String(++fluentBitRuns).padStart(2, '0')}-${basename(config, '.conf')}`;
        writeFileSync(join(LOGS, `${name}.conf`), readFileSync(config));
        writeFileSync(join(LOGS, `${name}.log`), stdout + stderr);
      }
      resolve(r);
    });
  });
}

/** Warnings and errors Fluent Bit logged (its log goes to stdout), less the expected end-of-file notices. */
function fluentBitComplaints(r: TimedRun): string[] {
  return (r.stdout + r.stderr).split('\n').filter(l => /\[\s*(warn|error)\]/.test(l))
    .filter(l => !/service will shutdown|client_email is not defined|private_key is not defined/.test(l));
}

interface Round {
  oursCpu: number;        // klibhost with the klib
  oursBareCpu: number;    // klibhost, same program, no klib
  fbCpu: number;          // Fluent Bit, tail -> the cloud output
  fbNullCpu: number;      // Fluent Bit, tail -> null
  // The same four with no line (our program `true`, Fluent Bit's file empty): each side's fixed
  // cost (start, ring or buffers, credentials, exit), so that a line's cost can be told from it.
  oursIdleCpu: number;
  oursBareIdleCpu: number;
  fbIdleCpu: number;
  fbNullIdleCpu: number;
  oursShipped: number;
  fbShipped: number;
  oursRequests: string;   // accepted / other statuses
  fbRequests: string;
  fbComplaints: string[];
  fbExit: number | null;
  oursSeconds: number;
  fbSeconds: number;
}

/** How many requests the mock accepted, which statuses the others got, and whether all came over TLS. */
function requestSummary(requests: { status: number; scheme: string }[]): string {
  const ok = requests.filter(q => q.status === 200).length;
  const others = requests.filter(q => q.status !== 200).map(q => q.status);
  const plain = requests.filter(q => q.scheme !== 'https').length;
  return `${ok} accepted${others.length ? `, ${others.length} not (${[...new Set(others)].join(', ')})` : ''}` +
    (plain ? `, ${plain} NOT over https` : ', all over https');
}

/** The benchmark klibhost with `config`: the program writing the lines, then one writing none. */
async function klibhostRuns(config: object, args: string[]): Promise<{ lines: TimedRun; none: TimedRun }> {
  const run = (program: string) => timedRun(BENCH_KLIBHOST, ['--config', writeConfig(config), ...args,
    '--flush-timeout', '600', '--', 'sh', '-c', program]);
  return { lines: await run(PROGRAM), none: await run('true') };
}

async function cloudwatchRound(): Promise<Round> {
  const { lines: oursBare, none: oursBareIdle } = await klibhostRuns({ Klibs: [] }, []);
  let ours: TimedRun, oursIdle: TimedRun, oursShipped: number, oursRequests: string, oursSeconds: number;
  {
    const aws = await startAws();
    keepIdleConnections(aws.cloudwatch.https);
    try {
      // As bench/cloudwatch/run.ts: no memory metrics, a ring that holds the burst, time to drain.
      const cfg = exampleConfig(aws, { mem_metrics_interval: undefined, shutdown_timeout: '600' }, { buffer_size: RING });
      ({ lines: ours, none: oursIdle } = await klibhostRuns(cfg, aws.klibhostArgs));
      oursShipped = aws.cloudwatch.logs.messages('g', 's').filter(m => m === LINE).length;
      const puts = aws.cloudwatch.requests.filter(q => q.operation === 'PutLogEvents');
      oursRequests = `PutLogEvents ${requestSummary(puts)}`;
      oursSeconds = (aws.cloudwatch.accepted('PutLogEvents').at(-1)!.time - ours.startedAt) / 1000;
    } finally {
      await aws.close();
    }
  }
  const fbNull = await runFluentBit(fluentBitConfig('null', { name: 'null' }, true), {});
  const fbNullIdle = await runFluentBit(fluentBitConfig('null-idle', { name: 'null' }, true, emptyFile), {});
  const aws = await startAws();
  keepIdleConnections(aws.cloudwatch.https);
  try {
    // Fluent Bit creates the stream but (auto_create_group false, its default) not the group.
    aws.cloudwatch.logs.call('CreateLogGroup', { logGroupName: 'g' });
    const c = aws.imds.currentCredentials();
    const output = {
      name: 'cloudwatch_logs', region: aws.imds.region, log_group_name: 'g', log_stream_name: 's', log_key: 'log',
      endpoint: 'localhost', port: aws.cloudwatch.https!.port, 'tls.ca_file': aws.ca.caFile,
    };
    const credentials = {
      AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_SESSION_TOKEN: c.sessionToken ?? '',
    };
    const fb = await runFluentBit(fluentBitConfig('cloudwatch', output, false), credentials,
      () => aws.cloudwatch.logs.groups.get('g')?.streams.get('s')?.events.length ?? 0);
    const fbIdle = await runFluentBit(fluentBitConfig('cloudwatch-idle', output, true, emptyFile), credentials);
    const puts = aws.cloudwatch.requests.filter(q => q.operation === 'PutLogEvents');
    const others = aws.cloudwatch.requests.filter(q => q.operation !== 'PutLogEvents').map(q => `${q.operation} ${q.status}`);
    return {
      oursCpu: ours.cpuSeconds, oursBareCpu: oursBare.cpuSeconds, fbCpu: fb.cpuSeconds, fbNullCpu: fbNull.cpuSeconds,
      oursIdleCpu: oursIdle.cpuSeconds, oursBareIdleCpu: oursBareIdle.cpuSeconds, fbIdleCpu: fbIdle.cpuSeconds,
      fbNullIdleCpu: fbNullIdle.cpuSeconds,
      oursShipped, fbShipped: aws.cloudwatch.logs.messages('g', 's').filter(m => m === LINE).length,
      oursRequests, fbRequests: `PutLogEvents ${requestSummary(puts)}; ${others.join(', ')}`,
      fbComplaints: [...fluentBitComplaints(fbNull), ...fluentBitComplaints(fb)], fbExit: fb.code,
      oursSeconds, fbSeconds: puts.length ? (aws.cloudwatch.accepted('PutLogEvents').at(-1)!.time - fb.startedAt) / 1000 : NaN,
    };
  } finally {
    await aws.close();
  }
}

async function gcpRound(): Promise<Round> {
  const { lines: oursBare, none: oursBareIdle } = await klibhostRuns({ Klibs: [] }, []);
  let ours: TimedRun, oursIdle: TimedRun, oursShipped: number, oursRequests: string, oursSeconds: number;
  {
    const stack = await startGcpStack();
    keepIdleConnections(stack.apis.https);
    try {
      // As bench/gcp/throughput.ts.
      const cfg = gcpConfig(stack, { shutdown_timeout: '600', logging: { log_id: 'bench', buffer_size: RING } });
      ({ lines: ours, none: oursIdle } = await klibhostRuns(cfg, stack.klibhostArgs));
      oursShipped = storedEntries(stack, 'bench').filter(e => e.textPayload === LINE).length;
      oursRequests = `entries.write ${requestSummary(writes(stack))}`;
      oursSeconds = (writes(stack).filter(w => w.status === 200).at(-1)!.time - ours.startedAt) / 1000;
    } finally {
      await stack.close();
    }
  }
  const fbNull = await runFluentBit(fluentBitConfig('null', { name: 'null' }, true), {});
  const fbNullIdle = await runFluentBit(fluentBitConfig('null-idle', { name: 'null' }, true, emptyFile), {});
  const stack = await startGcpStack();
  keepIdleConnections(stack.apis.https);
  try {
    // The tag (bench) is the log id; the resource keeps the default (global).
    const output = {
      name: 'stackdriver', metadata_server: `http://127.0.0.1:${stack.metadata.port}`,
      cloud_logging_base_url: `https://localhost:${stack.apis.https!.port}`, text_payload_key: 'log',
      'tls.ca_file': stack.ca.caFile,
    };
    const fb = await runFluentBit(fluentBitConfig('stackdriver', output, false), {}, () => stack.apis.logging.entries.length);
    const fbIdle = await runFluentBit(fluentBitConfig('stackdriver-idle', output, true, emptyFile), {});
    const w = writes(stack);
    return {
      oursCpu: ours.cpuSeconds, oursBareCpu: oursBare.cpuSeconds, fbCpu: fb.cpuSeconds, fbNullCpu: fbNull.cpuSeconds,
      oursIdleCpu: oursIdle.cpuSeconds, oursBareIdleCpu: oursBareIdle.cpuSeconds, fbIdleCpu: fbIdle.cpuSeconds,
      fbNullIdleCpu: fbNullIdle.cpuSeconds,
      oursShipped, fbShipped: storedEntries(stack, 'bench').filter(e => e.textPayload === LINE).length,
      oursRequests, fbRequests: `entries.write ${requestSummary(w)}`,
      fbComplaints: [...fluentBitComplaints(fbNull), ...fluentBitComplaints(fb)], fbExit: fb.code,
      oursSeconds, fbSeconds: w.length ? (w.filter(x => x.status === 200).at(-1)!.time - fb.startedAt) / 1000 : NaN,
    };
  } finally {
    await stack.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x: number) => x.toFixed(2);

function printRounds(title: string, rounds: Round[]): void {
  const row = (label: string, xs: number[]) =>
    console.log(`  ${label.padEnd(46)} median ${f(median(xs)).padStart(6)}   each ${xs.map(f).join(' ')}`);
  const oursOut = rounds.map(r => perMillion(r.oursCpu - r.oursBareCpu));
  const fbOut = rounds.map(r => perMillion(r.fbCpu - r.fbNullCpu));
  console.log(`${title}: CPU s per 1 M events (whole process, user + system, children included), ${rounds.length} rounds:`);
  row('ours: benchmark klibhost with the klib', rounds.map(r => perMillion(r.oursCpu)));
  row('ours: the same program, no klib', rounds.map(r => perMillion(r.oursBareCpu)));
  row('ours: output side (the difference)', oursOut);
  row('Fluent Bit: tail -> the cloud output', rounds.map(r => perMillion(r.fbCpu)));
  row('Fluent Bit: tail -> null', rounds.map(r => perMillion(r.fbNullCpu)));
  row('Fluent Bit: output side (the difference)', fbOut);
  console.log(`  output side, ours / Fluent Bit's: ${(median(oursOut) / median(fbOut)).toFixed(2)} (medians; target <= 0.5); ` +
    `each round ${oursOut.map((o, i) => (o / fbOut[i]).toFixed(2)).join(' ')}`);
  console.log(`  whole process, ours / Fluent Bit's: ${(median(rounds.map(r => r.oursCpu)) / median(rounds.map(r => r.fbCpu))).toFixed(2)} (medians)`);
  // Per line only: each run less its run with no line (each side's fixed cost: start, our ring made
  // resident, credentials, exit), then the output less the no-output run.
  const oursLines = rounds.map(r => perMillion((r.oursCpu - r.oursIdleCpu) - (r.oursBareCpu - r.oursBareIdleCpu)));
  const fbLines = rounds.map(r => perMillion((r.fbCpu - r.fbIdleCpu) - (r.fbNullCpu - r.fbNullIdleCpu)));
  row('fixed cost, ours: with the klib, no line', rounds.map(r => perMillion(r.oursIdleCpu - r.oursBareIdleCpu)));
  row('fixed cost, Fluent Bit: the output, no line', rounds.map(r => perMillion(r.fbIdleCpu - r.fbNullIdleCpu)));
  row('ours: output side per line (less fixed costs)', oursLines);
  row('Fluent Bit: output side per line', fbLines);
  console.log(`  output side per line, ours / Fluent Bit's: ${(median(oursLines) / median(fbLines)).toFixed(2)} (medians); ` +
    `each round ${oursLines.map((o, i) => (o / fbLines[i]).toFixed(2)).join(' ')}`);
  rounds.forEach((r, i) => {
    console.log(`  round ${i + 1}: ours shipped ${r.oursShipped}/${LINES} (${r.oursRequests}) in ${f(r.oursSeconds)} s; ` +
      `Fluent Bit shipped ${r.fbShipped}/${LINES} (${r.fbRequests}) in ${f(r.fbSeconds)} s, exit ${r.fbExit}` +
      `${r.fbComplaints.length ? `, ${r.fbComplaints.length} warn/error lines:` : ''}`);
    const counts = new Map<string, number>();
    for (const l of r.fbComplaints) {
      const text = l.replace(/^\[[^\]]*\]\s*/, '').trim();   // without the timestamp
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    for (const [text, n] of counts) console.log(`      ${n} x ${text}`);
  });
}

const version = spawnSync(FLUENT_BIT, ['--version'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
console.log(`${version} (${FLUENT_BIT}) beside the benchmark klibhost: ${LINES} lines of ${LINE.length + 1} B, ` +
  `${RUNS} rounds, ours and Fluent Bit in turn, in a network namespace with only loopback`);
try {
  for (const [name, round] of [['cloudwatch', cloudwatchRound], ['gcp', gcpRound]] as const) {
    if (ONLY && ONLY !== name) continue;
    const rounds: Round[] = [];
    for (let i = 0; i < RUNS; i++) rounds.push(await round());
    printRounds(name === 'cloudwatch' ? 'cloudwatch klib vs out_cloudwatch_logs' : 'gcp klib vs out_stackdriver', rounds);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
