// Shared by the tests and the benchmarks: building klibhost and the host klibs
// through make, writing configs, and running klibhost with a program.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const KLIBHOST = join(ROOT, 'build/klibhost');

// Builds klibhost and the test klibs, plus the given make targets (e.g. one
// klib of c-out/: build/host-klibs/sample.so). Test files run in parallel:
// builds are serialised with a lock file (the first one builds, the others
// find everything up to date).
export function buildHost(...targets: string[]): void {
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  const goals = [KLIBHOST, 'host-fixtures', ...targets];
  const r = spawnSync(
    'flock',
    [join(ROOT, 'build/.host-make.lock'), 'make', '-s', '--no-print-directory', '-C', ROOT, '-j2', ...goals],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`make ${goals.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
}

// Temporary directories live until the test process exits.
const tempDirs: string[] = [];
process.on('exit', () => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'klibhost-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

// Writes an ops-style config (an object, or raw text) and returns its path.
export function writeConfig(config: unknown): string {
  const path = join(tempDir(), 'config.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

// Runs klibhost asynchronously (the test's own servers keep running meanwhile). `onStdout` sees
// its output as it comes (the console echo: a chunk is echoed after the console drivers got it),
// `onStderr` klibhost's own messages.
export function klibhost(args: string[], env: Record<string, string> = {},
                         onStdout?: (chunk: Buffer) => void, onStderr?: (chunk: Buffer) => void): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(KLIBHOST, args, {
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', d => {
      out.push(d);
      onStdout?.(d);
    });
    child.stderr.on('data', d => {
      err.push(d);
      onStderr?.(d);
    });
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolvePromise({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

// Runs klibhost with one config and a shell command as the program.
export function runWith(config: unknown, script: string, extra: string[] = [],
                        onStdout?: (chunk: Buffer) => void): Promise<Result> {
  return klibhost(['--config', writeConfig(config), ...extra, '--', 'sh', '-c', script], {}, onStdout);
}

// The chunks the console_probe fixture saw, from its "probe: <n> <hex>" lines.
export function probeChunks(stdout: Buffer): Buffer[] {
  return stdout.toString('latin1').split('\n')
    .map(line => /^probe: (\d+) ([0-9a-f]*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(m => Buffer.from(m[2], 'hex'));
}

// Lines of klibhost's stdout that a fixture klib printed with a prefix.
export function linesWith(stdout: Buffer, prefix: string): string[] {
  return stdout.toString('utf8').split('\n').filter(l => l.startsWith(prefix));
}

// Sanitizer reports go to stderr; a clean run has none.
export function sanitizerReport(stderr: string): string | null {
  const m = /(ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:)[^\n]*/.exec(stderr);
  return m ? m[0] : null;
}

/**
 * A file for the program to write its pid to (`echo $$ > FILE`), and a promise that resolves once
 * klibhost has reaped that process: the shutdown has begun then (klibhost applies the shutdown
 * completions right after reaping the program, before it serves any other event).
 */
export function reapWatch(): { pidFile: string; reaped: Promise<void> } {
  const pidFile = join(tempDir('klibhost-pid-'), 'pid');
  const reaped = new Promise<void>(done => {
    const poll = setInterval(() => {
      const pid = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : '';
      if (pid !== '' && !existsSync(`/proc/${pid}`)) {
        clearInterval(poll);
        done();
      }
    }, 20);
    setTimeout(() => clearInterval(poll), 120000).unref();
  });
  return { pidFile, reaped };
}
