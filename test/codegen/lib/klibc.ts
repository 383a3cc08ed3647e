// Helpers for the compiler's tests: compile dialect sources in-process or through the CLI, and
// compile C the way the klib build does.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../codegen/compile.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const HEADERS = path.join(ROOT, 'nanos-headers');
export const CFLAGS = ['-std=gnu11', '-Wall', '-Wextra', '-Werror', '-ffreestanding', '-fPIC', '-c'];

export function compileDialect(inputs: string[], options: { lineDirectives?: boolean } = {}) {
    return compile({ inputs, outDir: 'unused', cwd: ROOT, ...options });
}

export function runKlibc(args: string[], cwd = ROOT) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/klibc.mjs'), ...args], { cwd, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Compiles one C file against nanos-headers with the flags the issue names; returns gcc's output. */
export function gccCompile(file: string, includeDirs: string[] = [], extraFlags: string[] = []): { ok: boolean; output: string } {
    const out = path.join(tempDir('klibc-gcc-'), 'x.o');
    const r = spawnSync('gcc', [...CFLAGS, `-I${HEADERS}`, ...includeDirs.map(d => `-I${d}`), ...extraFlags, file, '-o', out], { encoding: 'utf8' });
    return { ok: r.status === 0, output: r.stderr + r.stdout };
}

export function writeFiles(dir: string, files: Map<string, string>): void {
    for (const [rel, text] of files) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
    }
}

export function gccVersion(): string {
    return execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
}
