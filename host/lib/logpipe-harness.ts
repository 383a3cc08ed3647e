// Builds the log pipe's C harness (c-out/logpipe/*.c and host/logpipe-harness/, under ASan/UBSan
// unless asked otherwise), for the log pipe's tests and its callgrind benchmark; the tests' side of
// its protocol is test/logpipe/lib/harness.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = path.join(ROOT, 'host/logpipe-harness');
const PIPE_C = path.join(ROOT, 'c-out/logpipe');
/** The files of c-out/lib the pipe uses. */
const LIB_C = ['json_escape.c', 'ascii.c'];
/** The sink runtime's files of c-out/logpipe (and the body writers' escaper, on kernel buffers), left out of the harness. */
const SHIPPER_C = ['shipper.c', 'kept_body.c', 'sink.c', 'sink_klib.c', 'stats.c', 'event_json.c'];
const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined', '-fno-omit-frame-pointer'];

function gcc(args: string[]): void {
    const r = spawnSync('gcc', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gcc ${args.join(' ')}\n${r.stderr}`);
}

/**
 * The flags make gives the klibs (KLIB_BUILD_CFLAGS in mk/klibs.mk: -O3, no SSE, the global stack
 * guard, ...), so that a benchmark measures the C as a klib is built.
 */
export function klibCflags(): string[] {
    const r = spawnSync('make', ['-s', '--no-print-directory', '-C', ROOT, '--eval=print-klib-cflags: ; @echo $(KLIB_BUILD_CFLAGS)',
        'print-klib-cflags'], { encoding: 'utf8' });
    if (r.status !== 0 || !r.stdout.includes('-ffreestanding')) throw new Error(`make print-klib-cflags failed\n${r.stderr}`);
    return r.stdout.trim().split(/\s+/);
}

/**
 * Builds the harness into a fresh directory; returns the executable. 'test': the pipe and the
 * harness under ASan/UBSan; 'klib': the pipe built with the klibs' own flags and no sanitizers
 * (benchmarks), the libc side at -O2.
 */
export function buildHarness(mode: 'test' | 'klib' = 'test'): string {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'logpipe-'));
    const common = ['-std=gnu11', '-g', '-Wall', '-Wextra', '-Werror', ...(mode === 'klib' ? ['-O2'] : ['-O1', ...SANITIZE])];
    const kernelFlags = mode === 'klib' ? klibCflags() : [...common, '-ffreestanding', '-fPIC'];
    // The pipe counts event sizes with the JSON escaper's reading of UTF-8 (lib/json_escape). The
    // shipper and what only it uses need the HTTP client and the tls klib: tested through klibhost.
    const kernelSide = [...fs.readdirSync(PIPE_C).filter(f => f.endsWith('.c') && !SHIPPER_C.includes(f)).map(f => path.join(PIPE_C, f)),
        ...LIB_C.map(f => path.join(ROOT, 'c-out/lib', f)), path.join(HARNESS, 'kernel_side.c')];
    const objects: string[] = [];
    for (const file of kernelSide) {
        const obj = path.join(out, `${path.basename(file, '.c')}.o`);
        gcc([...kernelFlags, '-DNANOS_HEADERS_HOSTED', `-I${path.join(ROOT, 'nanos-headers')}`,
            `-I${PIPE_C}`, `-I${HARNESS}`, '-c', file, '-o', obj]);
        objects.push(obj);
    }
    const main = path.join(out, 'main.o');
    gcc([...common, '-c', path.join(HARNESS, 'main.c'), '-o', main]);
    const exe = path.join(out, 'harness');
    gcc([...(mode === 'klib' ? [] : SANITIZE), '-o', exe, ...objects, main]);
    return exe;
}

export const hex = (b: Uint8Array | string): string => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b);
    return buf.length === 0 ? '-' : buf.toString('hex');
};
