// The differential harness: the library's C (compiled from fresh klibc output, freestanding,
// as klib code is) behind test/lib/harness/, built with the sanitizers, answering one command
// a line.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { klibc, ROOT, SANITIZE, STRICT, tempDir } from './build.ts';

/** The library's modules that call no kernel function (the others need the hosted runtime). */
export const PURE_MODULES = ['ascii', 'base64', 'hex', 'percent', 'time_format', 'json_escape', 'json_reader', 'http_response', 'config_forms'];

export function buildHarness(): string {
    const out = klibc(['klib-src/lib']);
    const harnessDir = path.join(ROOT, 'test/lib/harness');
    const sources = [...PURE_MODULES.map(m => path.join(out, 'lib', `${m}.c`)), path.join(harnessDir, 'adapter.c')];
    const objects = sources.map(f => {
        const obj = path.join(out, `${path.basename(f, '.c')}.o`);
        const r = spawnSync('gcc', [...STRICT, '-ffreestanding', '-fPIC', '-O1', '-g', ...SANITIZE, `-I${path.join(ROOT, 'nanos-headers')}`,
            `-I${path.join(out, 'lib')}`, `-I${harnessDir}`, '-c', f, '-o', obj], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`${f}:\n${r.stderr}`);
        return obj;
    });
    const exe = path.join(tempDir('lib-harness-'), 'harness');
    const r = spawnSync('gcc', [...STRICT, '-O1', '-g', ...SANITIZE, `-I${harnessDir}`, '-o', exe, path.join(harnessDir, 'main.c'), ...objects],
        { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`harness:\n${r.stderr}`);
    return exe;
}

/** Runs the commands; returns one answer per command, and stderr (sanitizer reports). */
export function runHarness(exe: string, commands: string[]): { answers: string[]; stderr: string; status: number | null } {
    const r = spawnSync(exe, [], { input: commands.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
    return { answers: r.stdout.split('\n').slice(0, -1), stderr: r.stderr, status: r.status };
}
