// Shared by the test/crypto tests: the two builds of the crypto driver (crypto_check.c), the
// engines to force, what the CPU offers, and NIST's CAVP files from Debian's
// python3-cryptography-vectors.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SANITIZER_REPORT, buildOrThrow } from '../mbedtls/helpers.ts';

export { SANITIZER_REPORT };

/** klib_accel.h's feature bits. */
export const AES_GCM = 1;
export const SHA_NI = 2;

/** The driver against the sanitized hosted library, and against the freestanding one the klib links. */
export const DRIVERS = [
  { name: 'hosted library (ASan/UBSan)', path: join(ROOT, 'build/crypto/test/crypto_check') },
  { name: 'freestanding library (kernel flags)', path: join(ROOT, 'build/crypto/test/crypto_check_klib') },
];

/** Forcing: every feature the CPU has, or none (mbedtls's software GCM and our scalar SHA-256). */
export const ENGINES = [
  { name: 'accelerated', allow: 0xff },
  { name: 'software fallback', allow: 0 },
];

export function buildDrivers(): void {
  buildOrThrow('crypto-test-programs');
}

export interface DriverRun {
  status: number | null;
  lines: string[];
  stderr: string;
}

/** Runs the driver on `commands` after `allow MASK`; the answer lines, the allow's "ok" dropped. */
export function drive(driver: string, allow: number, commands: string[]): DriverRun {
  const input = [`allow ${allow}`, ...commands].join('\n') + '\n';
  const r = spawnSync(driver, [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  const lines = r.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { status: r.status, lines: lines.slice(1), stderr: r.stderr };
}

/** The features the driver sees: detected by CPUID, and used after `allow`. */
export function features(driver: string, allow: number): { detected: number; used: number } {
  const r = drive(driver, allow, ['features']);
  const m = /^detected (\d+) used (\d+)$/.exec(r.lines[0] ?? '');
  if (!m) throw new Error(`features: ${r.lines.join('\n')}${r.stderr}`);
  return { detected: Number(m[1]), used: Number(m[2]) };
}

/** What /proc/cpuinfo says the CPU has, as klib_accel.h's bits. */
export function cpuinfoFeatures(): number {
  const flags = new Set((/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '').trim().split(/\s+/));
  let f = 0;
  if (['aes', 'pclmulqdq', 'ssse3', 'sse4_1'].every(x => flags.has(x))) f |= AES_GCM;
  if (flags.has('sha_ni') && flags.has('sse4_1')) f |= SHA_NI;
  return f;
}

export const hex = (b: Buffer) => (b.length === 0 ? '-' : b.toString('hex'));

// ---- NIST CAVP response files ------------------------------------------------------------

export const CAVP = '/usr/lib/python3/dist-packages/cryptography_vectors';

export interface CavpCase {
  section: Record<string, string>;
  fields: Record<string, string>;
  /** A decryption case whose tag must be refused. */
  fail: boolean;
}

/** The cases of a CAVP .rsp file: `[Name = value]` headers, then `Name = value` groups. */
export function readRsp(path: string): CavpCase[] {
  const cases: CavpCase[] = [];
  let section: Record<string, string> = {};
  let current: CavpCase | null = null;
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      current = null;
      continue;
    }
    const header = /^\[(\w+) = (\w+)\]$/.exec(line);
    if (header) {
      section = { ...section, [header[1]]: header[2] };
      continue;
    }
    if (line === 'FAIL') {
      if (current) current.fail = true;
      continue;
    }
    const field = /^(\w+) = ?(.*)$/.exec(line);
    if (!field) continue;
    if (!current) {
      current = { section, fields: {}, fail: false };
      cases.push(current);
    }
    current.fields[field[1]] = field[2];
  }
  return cases;
}

export const orDash = (s: string | undefined) => (s === undefined || s === '' ? '-' : s);
