// Shared by the mbedtls tests: building through make, running the test
// programs, and making certificates with the openssl command (host/lib/certificates.ts).
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { makeCa, makeLeaf, type KeyType } from '../../host/lib/certificates.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const TEST_BIN = join(ROOT, 'build/mbedtls/test');
export const KLIB_LIB = join(ROOT, 'build/mbedtls/klib/libmbedtls.a');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Runs make in the repository. Test files run in parallel, so builds are
// serialised with a lock file (the first one builds, the others find it done).
export function make(...args: string[]): Run {
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  const r = spawnSync(
    'flock',
    [join(ROOT, 'build/.mbedtls-make.lock'), 'make', '-s', '--no-print-directory', '-C', ROOT, ...args],
    { encoding: 'utf8' },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function buildOrThrow(...targets: string[]): void {
  const r = make('-j2', ...targets);
  if (r.status !== 0) throw new Error(`make ${targets.join(' ')} failed:\n${r.stderr}`);
}

export function run(command: string, args: string[]): Run {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A test program from build/mbedtls/test, which are built with ASan/UBSan.
export function runProgram(name: string, args: string[]): Run {
  return run(join(TEST_BIN, name), args);
}

export function runProgramAsync(name: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(join(TEST_BIN, name), args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ status, stdout, stderr });
    });
  });
}

// What a sanitizer prints when it finds something (ASan, UBSan, LSan).
export const SANITIZER_REPORT = /Sanitizer|runtime error:/;
