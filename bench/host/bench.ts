// Shared by the cloud klibs' benchmarks (bench/cloudwatch, bench/gcp): the benchmark build of
// klibhost (make bench-klibhost: no sanitizers, the klibs with the kernel's klib flags), runs of it
// measured by /usr/bin/time, and the raw crypto figures of the same mbedtls the klibs link.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KLIBHOST, ROOT, writeConfig } from '../../host/lib/klibhost.ts';

/** build/bench/klibhost: what the figures are about. The sanitized build/klibhost is for comparison. */
export const BENCH_KLIBHOST = join(ROOT, 'build/bench/klibhost');
export const ASAN_KLIBHOST = KLIBHOST;

/** Which klibhost a benchmark runs: `--asan` picks the sanitized test build. */
export function chosenKlibhost(): { path: string; label: string } {
  return process.argv.includes('--asan')
    ? { path: ASAN_KLIBHOST, label: 'klibhost with ASan/UBSan (the test build)' }
    : { path: BENCH_KLIBHOST, label: 'benchmark klibhost (no sanitizers, klibs with the kernel\'s klib flags)' };
}

/** Builds both klibhosts, their klibs, and the raw crypto programs (under the tests' make lock). */
export function buildBench(klibs: string[]): void {
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  // Absolute paths: make's targets are $(ROOT)/build/..., and a relative goal naming an existing
  // file would be "nothing to be done" instead of a rebuild.
  const goals = ['bench-klibhost', ...['build/klibhost', 'build/bench/tls/raw-crypto-asan',
    ...klibs.map(k => `build/host-klibs/${k}.so`)].map(p => join(ROOT, p))];
  const r = spawnSync('flock', [join(ROOT, 'build/.host-make.lock'), 'make', '-s', '--no-print-directory', '-C', ROOT, '-j2', ...goals],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make ${goals.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Value of `--name N` on the command line, or `dflt`. */
export function numberArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

export function stringArg(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] ?? null : null;
}

export interface TimedRun {
  code: number | null;
  /** The first MiB of klibhost's stdout (the echoed console), when kept. */
  stdout: string;
  stderr: string;
  startedAt: number;
  endedAt: number;
  /** Peak resident set of klibhost (KiB), and its CPU time with the program's (user + system, s). */
  maxRssKiB: number;
  cpuSeconds: number;
  /** klibhost's own CPU time, to the microsecond, without the program's (--memory-report); else NaN. */
  klibhostCpuSeconds: number;
  /** The part of it spent in TCP sends: Linux's loopback stack, in place of lwIP and a NIC. */
  tcpSendCpuSeconds: number;
}

/**
 * Runs klibhost under /usr/bin/time. Its CPU time includes the program it ran (waited for), which
 * the benchmarks keep cheap and measure on its own with an idle config. The echoed console goes to
 * /dev/null (`keep`: read, and its first MiB kept): a pipe to this process, whose event loop also
 * runs the mocks, would slow the program down to the mocks' pace.
 */
export function timedRun(klibhost: string, args: string[], keep = false, env: Record<string, string> = {}): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    // BENCH_WRAP (e.g. "perf record -g -o /tmp/cw.perf") runs klibhost under a profiler.
    const wrap = process.env.BENCH_WRAP ? process.env.BENCH_WRAP.split(' ') : [];
    const child = spawn('/usr/bin/time', ['-f', 'maxrss_kib %M cpu_s %U %S', ...wrap, klibhost, ...args], {
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0:quarantine_size_mb=0:malloc_context_size=0', ...env },
      stdio: ['ignore', keep ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', d => { if (stdout.length < 1 << 20) stdout += d; });
    child.stderr!.on('data', d => { stderr += d; });
    child.on('error', reject);
    child.on('close', code => {
      const m = /maxrss_kib (\d+) cpu_s ([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({
        code, stdout, stderr, startedAt, endedAt: Date.now(),
        maxRssKiB: m ? Number(m[1]) : NaN,
        cpuSeconds: m ? Number(m[2]) + Number(m[3]) : NaN,
        klibhostCpuSeconds: Number(/klibhost cpu: self_us=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1e6,
        tcpSendCpuSeconds: Number(/klibhost cpu: .*tcp_send_us=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1e6,
      });
    });
  });
}

export interface CryptoFigures { aes: number; sha: number; label: string }

/** AES-128-GCM and SHA-256 MB per CPU second from one of build/bench/tls/raw-crypto*. */
export function rawCrypto(program: string, label: string): CryptoFigures {
  const r = spawnSync(join(ROOT, 'build/bench/tls', program), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} failed:\n${r.stdout}${r.stderr}`);
  const figure = (name: string) => Number(new RegExp(`${name}\\s+([\\d.]+) MB/s`).exec(r.stdout)?.[1] ?? NaN);
  return { aes: figure('AES-128-GCM'), sha: figure('SHA-256'), label };
}

/** MB/s of hashing and then encrypting the same bytes: what shipping a signed body costs at least. */
export function combined(c: CryptoFigures): number {
  return 1 / (1 / c.aes + 1 / c.sha);
}

/** The crypto the chosen klibhost's tls klib runs: the kernel's mbedtls, or the sanitized one. */
export function matchingCrypto(): CryptoFigures {
  return process.argv.includes('--asan')
    ? rawCrypto('raw-crypto-asan', 'sanitized hosted mbedtls (as the test build links)')
    : rawCrypto('raw-crypto-klib', 'the freestanding mbedtls the kernel klib links');
}

/**
 * OpenSSL's AES-128-GCM and SHA-256 on the same core, now (`openssl speed -evp`, 16 KiB blocks:
 * its best code for this CPU, AES-NI/VAES and SHA-NI where present): the crypto limit the klibs'
 * cost is measured against.
 */
export function opensslCrypto(): CryptoFigures {
  const speed = (algorithm: string) => {
    const r = spawnSync('openssl', ['speed', '-evp', algorithm, '-bytes', '16384', '-seconds', '2'], { encoding: 'utf8' });
    // The last line: the name, then thousands of bytes per second.
    const k = Number(/([\d.]+)k\s*$/.exec(r.stdout.trim())?.[1] ?? NaN);
    return k / 1000;
  };
  return { aes: speed('aes-128-gcm'), sha: speed('sha256'), label: 'OpenSSL (openssl speed -evp, the same core)' };
}

export function printCrypto(c: CryptoFigures, openssl?: CryptoFigures): void {
  console.log(`mbedtls raw crypto, ${c.label}, per CPU second:`);
  console.log(`  AES-128-GCM ${c.aes.toFixed(1)} MB/s   SHA-256 ${c.sha.toFixed(1)} MB/s   ` +
    `both over the same bytes ${combined(c).toFixed(1)} MB/s (target: half of it, ${(combined(c) / 2).toFixed(1)} MB/s)`);
  if (openssl) {
    console.log(`  ${openssl.label}: AES-128-GCM ${openssl.aes.toFixed(1)} MB/s   SHA-256 ${openssl.sha.toFixed(1)} MB/s   ` +
      `(ours: ${(100 * c.aes / openssl.aes).toFixed(0)}% and ${(100 * c.sha / openssl.sha).toFixed(0)}% of it)`);
  }
}

export const mb = (bytes: number, seconds: number) => (bytes / seconds / 1e6).toFixed(2);

/** The line `klibhost --memory-report` prints on stderr at exit (bytes; peaks since start). */
export interface MemoryReport {
  klibHeapPeak: number;
  klibOwnPeak: number;
  queuedOutputPeak: number;
  runtimeHeapPeak: number;
  klibHeapAtExit: number;
  sizeMismatches: number;
}

export function memoryReport(stderr: string): MemoryReport | null {
  const line = /klibhost memory: (.*)/.exec(stderr)?.[1];
  if (!line) return null;
  const field = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(line)?.[1] ?? NaN);
  return {
    klibHeapPeak: field('klib_heap_peak'),
    klibOwnPeak: field('klib_own_peak'),
    queuedOutputPeak: field('queued_output_peak'),
    runtimeHeapPeak: field('runtime_heap_peak'),
    klibHeapAtExit: field('klib_heap_at_exit'),
    sizeMismatches: field('size_mismatches'),
  };
}

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`;

/**
 * The exact kernel-heap figures of a burst run (klibhost --memory-report) against the target
 * buffer_size + 256 KiB: what the klib holds in the kernel's heaps, ring included (the figure the
 * target is about), split into the klib's own memory and the output it handed to the connection
 * that the (emulated) kernel has not written to the socket yet; and the idle run's peak (setup: the
 * ring, the trust store, the HTTP clients), so that what the burst adds shows apart.
 */
export function printHeapFigures(idleStderr: string, burstStderr: string, bufferBytes: number): void {
  const idle = memoryReport(idleStderr);
  const m = memoryReport(burstStderr);
  if (!m || !idle) {
    console.log('  (no --memory-report line from klibhost)');
    return;
  }
  const target = bufferBytes + 256 * 1024;
  const verdict = (n: number) => `${n <= target ? 'within' : 'OVER'} the target by ${kib(Math.abs(target - n))}`;
  const row = (label: string, n: number, rest = '') => console.log(`    ${label.padEnd(50)}${kib(n).padStart(10)}${rest}`);
  console.log(`  kernel heaps, exact (klibhost --memory-report), target buffer + 256 KiB = ${kib(target)}:`);
  row('peak klib heap, ring and queued output included', m.klibHeapPeak, `  ${verdict(m.klibHeapPeak)}`);
  row('peak klib heap less queued output', m.klibOwnPeak, `  ${verdict(m.klibOwnPeak)}`);
  row('peak output queued for the socket', m.queuedOutputPeak);
  row('idle run\'s peak klib heap (ring, trust store...)', idle.klibHeapPeak,
    `  the burst adds ${kib(m.klibHeapPeak - idle.klibHeapPeak)} (target: 256 KiB)`);
  row('runtime\'s own emulation state (not the klib\'s)', m.runtimeHeapPeak,
    (m.sizeMismatches ? `; ${m.sizeMismatches} frees named a wrong size` : ''));
}

export interface ThroughputRun {
  label: string;            // which klibhost
  lines: number;            // written by the program
  lineBytes: number;        // each, with its newline
  shipped: number;          // lines the mock stored
  requests: number;
  bodyBytes: number;        // request bodies, summed
  seconds: number;          // program start to the last accepted request
  // klibhost's own CPU seconds (the program's not included) in four runs: with the klib, the lines
  // written; with it, no line written (boot, ring, connection, shutdown: the fixed cost); and both
  // without the klib (klibhost reading the console). Their difference is the klib's cost per line.
  cpuSeconds: number;
  tcpSendCpuSeconds: number; // of cpuSeconds, in TCP sends (Linux's loopback stack)
  idleCpuSeconds: number;
  idleTcpSendCpuSeconds: number;
  bareCpuSeconds: number;
  bareIdleCpuSeconds: number;
  mockDoes: string;         // what the mock does with each request (part of the wall time)
  hashesBodies?: boolean;   // SigV4: each body is hashed as well as encrypted (default true)
  /** When this is the median of several runs: the klib's CPU seconds per 1 M events of each. */
  eachRun?: number[];
}

/**
 * A ring that holds every line of a throughput run (the mock, on the same cores, may take them
 * slower than the program writes): the lines with room for the entries' headers, in whole MiB, a
 * power of 2 from 8m to the largest buffer_size, 256m. The ring is made resident when allocated,
 * so a larger one than needed only adds to the fixed cost (and its noise).
 */
export function throughputRing(lines: number, lineBytes: number): string {
  let mib = 8;
  while (mib < 256 && mib * 2 ** 20 < lines * lineBytes * 1.25) mib *= 2;
  return `${mib}m`;
}

/** The klib's CPU seconds for the lines of a run: what the lines added with the klib, less without it. */
const klibCpu = (r: ThroughputRun) => (r.cpuSeconds - r.idleCpuSeconds) - (r.bareCpuSeconds - r.bareIdleCpuSeconds);
const klibCpuPerMillion = (r: ThroughputRun) => klibCpu(r) * 1e6 / r.shipped;

/**
 * The four klibhost runs a throughput figure needs, run in turns (see ThroughputRun): `withKlib`
 * runs the klib with a program; each returns klibhost's own CPU seconds.
 */
export async function cpuBaselines(program: string, withKlib: (program: string) => Promise<TimedRun>):
    Promise<{ idle: number; idleSends: number; bare: number; bareIdle: number }> {
  const bareRun = (p: string) => timedRun(chosenKlibhost().path, ['--config', writeConfig({ Klibs: [] }), '--memory-report', '--',
    'sh', '-c', p]);
  const bare = await bareRun(program);
  const bareIdle = await bareRun('true');
  const idle = await withKlib('true');
  if (idle.code !== 0) throw new Error(`klibhost failed with no lines: ${idle.stderr}`);
  return {
    idle: idle.klibhostCpuSeconds, idleSends: idle.tcpSendCpuSeconds,
    bare: bare.klibhostCpuSeconds, bareIdle: bareIdle.klibhostCpuSeconds,
  };
}

/**
 * The run whose klib CPU per event is the median of `runs` (each a klib run and its own runs
 * without lines and without the klib, in turns): the machine is shared.
 */
export function medianRun(runs: ThroughputRun[]): ThroughputRun {
  const sorted = [...runs].sort((a, b) => klibCpuPerMillion(a) - klibCpuPerMillion(b));
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], eachRun: runs.map(klibCpuPerMillion) };
}

/** Prints the throughput figures both cloud benches share: end to end, the klib's CPU cost, and that cost beside the crypto. */
export function printThroughput(r: ThroughputRun): void {
  const bytes = r.shipped * r.lineBytes;
  const cost = klibCpu(r);
  console.log(`throughput, ${r.label}${r.eachRun ? `, the median of ${r.eachRun.length} runs` : ''}:`);
  console.log(`  ${r.lines} lines of ${r.lineBytes} bytes, ${r.shipped} shipped${r.shipped === r.lines ? '' : ' (MISSING LINES)'} ` +
    `in ${r.requests} requests (${(r.bodyBytes / 1e6).toFixed(1)} MB of JSON bodies, ${(r.bodyBytes / bytes).toFixed(2)} body bytes per line byte)`);
  console.log(`  (a) end to end   ${(r.shipped / r.seconds).toFixed(0).padStart(9)} lines/s ${mb(bytes, r.seconds).padStart(8)} MB/s  ` +
    `(${r.seconds.toFixed(2)} s wall; the mock ${r.mockDoes} on the same cores)`);
  console.log(`  (b) klib's cost  ${mb(bytes, cost).padStart(8)} MB of lines per klibhost CPU second  ` +
    `(klibhost's own CPU: ${r.cpuSeconds.toFixed(3)} s, ${r.idleCpuSeconds.toFixed(3)} s with no line; ` +
    `without the klib ${r.bareCpuSeconds.toFixed(3)} s and ${r.bareIdleCpuSeconds.toFixed(3)} s)`);
  console.log(`      fixed cost of the klib, not counted per line (boot, ring, metadata, TLS handshake, shutdown): ` +
    `${(r.idleCpuSeconds - r.bareIdleCpuSeconds).toFixed(3)} s`);
  const crypto = matchingCrypto();
  const openssl = opensslCrypto();
  printCrypto(crypto, openssl);
  console.log(`  (b) is ${(100 * bytes / cost / 1e6 / combined(crypto)).toFixed(0)}% of hashing and encrypting ` +
    `the same line bytes; the body is ${(r.bodyBytes / bytes).toFixed(2)}x their size`);
  // The crypto limit: what OpenSSL needs to encrypt (and, for SigV4, hash) the bodies shipped.
  const hashes = r.hashesBodies ?? true;
  const perMillion = 1e6 / r.shipped;
  const bodyMB = r.bodyBytes / 1e6 * perMillion;
  const limit = bodyMB / openssl.aes + (hashes ? bodyMB / openssl.sha : 0);
  const klibPerMillion = cost * perMillion;
  console.log(`  (c) per 1 M events: the klib ${klibPerMillion.toFixed(3)} CPU s (klibhost in all ${(r.cpuSeconds * perMillion).toFixed(3)} s); ` +
    `OpenSSL ${hashes ? 'hashes and encrypts' : 'encrypts'} their ${bodyMB.toFixed(1)} MB of bodies in ${limit.toFixed(3)} s: ` +
    `the klib is ${(klibPerMillion / limit).toFixed(2)}x that crypto limit (target: at most 3.3x)`);
  if (r.eachRun) {
    console.log(`      each run: ${r.eachRun.map(x => `${x.toFixed(3)} s (${(x / limit).toFixed(2)}x)`).join(', ')}`);
  }
  // Where that goes: klibhost's TCP sends are Linux's stack (on loopback the receiver's side runs
  // in the sender's call), which stands in for lwIP and the NIC of a VM; the rest is the klibs' code
  // and klibhost's emulation of the kernel calls they make (timers, heaps, reads, epoll).
  const sends = (r.tcpSendCpuSeconds - r.idleTcpSendCpuSeconds) * perMillion;
  console.log(`      of which Linux's TCP sends (loopback, the mock's receiving side included) ${sends.toFixed(3)} s ` +
    `(${(sends / limit).toFixed(2)}x); the klibs' code and klibhost's kernel calls ${(klibPerMillion - sends).toFixed(3)} s ` +
    `(${((klibPerMillion - sends) / limit).toFixed(2)}x)`);
}
