// Shared by the klib tests: running make and the tools, reading ELF files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const HEADERS = join(ROOT, 'nanos-headers');
export const TOOLS = join(ROOT, 'tools');
export const FIXTURES = join(ROOT, 'test/klibs/fixtures');
export const EXPORTS = join(HEADERS, 'kernel-exports.txt');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], cwd = ROOT): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `klibs-${prefix}-`));
}

// Builds every klib folder of srcRoot into out (a fresh directory per test,
// so tests running in parallel never share build outputs).
export function makeKlibs(srcRoot: string, out: string, ...targets: string[]): Run {
  return run('make', ['-s', '--no-print-directory', '-C', ROOT,
    `KLIB_SRC_ROOT=${srcRoot}`, `KLIB_OUT=${out}`, ...(targets.length ? targets : ['klibs'])]);
}

// Names of the klib folders (those holding .c files) under a directory.
export function klibFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    // A klib folder has a SOURCES file (klibc writes it); other folders are libraries.
    .filter(d => d.isDirectory() && existsSync(join(dir, d.name, 'SOURCES')))
    .map(d => d.name)
    .sort();
}

// All .c files below a directory.
export function cFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.c'))
    .map(f => join(dir, f))
    .sort();
}

export interface LoadSegment {
  offset: number;
  vaddr: number;
  flags: string;
}

export interface ElfFacts {
  type: string;
  entry: number;
  segments: LoadSegment[];
  initAddress: number | undefined;
}

export function elfFacts(file: string): ElfFacts {
  const header = run('readelf', ['-h', '-W', file]).stdout;
  const type = /^\s*Type:\s*(\S+)/m.exec(header)?.[1] ?? '';
  const entry = Number(/Entry point address:\s*(0x[0-9a-f]+)/.exec(header)?.[1]);
  const program = run('readelf', ['-l', '-W', file]).stdout;
  const segments = [...program.matchAll(/^\s*LOAD\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+\S+\s+\S+\s+\S+\s+([RWE ]+?)\s+0x/gm)]
    .map(m => ({ offset: Number(m[1]), vaddr: Number(m[2]), flags: m[3].replace(/\s+/g, '') }));
  const syms = run('readelf', ['--dyn-syms', '-W', file]).stdout;
  const init = /^\s*\d+:\s+([0-9a-f]+)\s+\d+\s+FUNC\s+GLOBAL\s+\S+\s+\d+\s+init$/m.exec(syms);
  return { type, entry, segments, initAddress: init ? parseInt(init[1], 16) : undefined };
}

// The extra compiler flags make gives the klib a c-out file belongs to (mk/*.mk's KLIB_CFLAGS_<name>;
// the tls klib's C includes mbedtls headers), asked once per klib. Files outside c-out get none.
const klibCflags = new Map<string, string[]>();
export function klibCflagsOf(file: string): string[] {
  const rel = relative(join(ROOT, 'c-out'), file);
  if (rel.startsWith('..')) return [];
  const name = rel.split('/')[0]!;
  if (!klibCflags.has(name)) {
    const r = spawnSync('make', ['-s', '--no-print-directory', '-C', ROOT, `klib-cflags-${name}`], { encoding: 'utf8' });
    klibCflags.set(name, r.status === 0 ? r.stdout.trim().split(/\s+/).filter(Boolean) : []);
  }
  return klibCflags.get(name)!;
}
