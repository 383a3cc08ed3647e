// Builds dialect code for the library's tests: klibc output written to a temporary folder, then
// gcc the way the klib build (freestanding objects) or the hosted runtime (klibs as shared
// objects, with the sanitizers) compiles it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const HEADERS = path.join(ROOT, 'nanos-headers');
export const STRICT = ['-std=gnu11', '-Wall', '-Wextra', '-Werror'];
export const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined', '-fno-omit-frame-pointer'];

const tempDirs: string[] = [];
process.on('exit', () => {
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    tempDirs.push(d);
    return d;
}

function run(cmd: string, args: string[]): void {
    const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
}

/** Runs klibc on `inputs` (paths relative to the repository) into a new folder; returns it. */
export function klibc(inputs: string[]): string {
    const out = tempDir('lib-klibc-');
    run(process.execPath, [path.join(ROOT, 'bin/klibc.mjs'), '--out', out, ...inputs]);
    return out;
}

/** The C files klibc wrote for klib `name` (its SOURCES), as paths. */
export function klibSources(out: string, name: string): string[] {
    return fs.readFileSync(path.join(out, name, 'SOURCES'), 'utf8').split('\n').filter(l => l !== '')
        .map(l => path.join(out, l));
}

/** Every .c file of folder `dir` of klibc's output. */
export function folderSources(out: string, dir: string): string[] {
    return fs.readdirSync(path.join(out, dir)).filter(f => f.endsWith('.c')).map(f => path.join(out, dir, f));
}

/** Compiles C files freestanding against nanos-headers (the klib flags) into objects; returns them. */
export function compileFreestanding(files: string[], extra: string[] = []): string[] {
    return files.map(f => {
        const obj = f.replace(/\.c$/, `${extra.length ? '-x' : ''}.o`);
        run('gcc', [...STRICT, '-ffreestanding', '-fPIC', '-O2', ...extra, `-I${HEADERS}`, `-I${path.dirname(f)}`, '-c', f, '-o', obj]);
        return obj;
    });
}

/** Builds klib `name` of klibc output `out` as a host klib (like mk/host.mk). */
export function buildHostKlib(out: string, name: string, klibDir: string): string {
    fs.mkdirSync(klibDir, { recursive: true });
    const so = path.join(klibDir, `${name}.so`);
    run('gcc', [...STRICT, '-g', '-O1', '-fPIC', ...SANITIZE, '-ffreestanding', '-DNANOS_HEADERS_HOSTED', `-I${HEADERS}`,
        `-I${path.join(out, name)}`, '-shared', '-Wl,-Bsymbolic', '-o', so,
        ...klibSources(out, name)]);
    return so;
}

/** Links a hosted program from C files and objects. */
export function linkHosted(exe: string, inputs: string[], extra: string[] = []): string {
    run('gcc', ['-O2', ...extra, '-o', exe, ...inputs]);
    return exe;
}
