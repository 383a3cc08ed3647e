// Builds the log pipe's C harness (c-out/logpipe/*.c and test/logpipe/harness/, under ASan/UBSan
// unless asked otherwise) and talks to it: one command a line, answers read back in order.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HARNESS = path.join(ROOT, 'test/logpipe/harness');
const PIPE_C = path.join(ROOT, 'c-out/logpipe');
/** The files of c-out/lib the pipe uses. */
const LIB_C = ['json_escape.c', 'ascii.c'];
/** The sink runtime's files of c-out/logpipe (and the body writers' escaper, on kernel buffers), left out of the harness. */
const SHIPPER_C = ['shipper.c', 'sink.c', 'stats.c', 'event_json.c'];
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

export interface Event { stamp: number; loss: boolean; data: Buffer }
export interface Batch { events: Event[]; bytes: number }

/**
 * A script of commands for the harness, run in one go (the harness is a pipe filter): the
 * callbacks passed with each command receive its answer lines once the script has run.
 */
export class Script {
    private lines: string[] = [];
    private readers: { count: (out: string[], at: number) => number; take: (lines: string[]) => void }[] = [];

    constructor(private exe: string) {}

    private command(line: string, answerLines: number | 'batch', take: (lines: string[]) => void = () => {}): void {
        this.lines.push(line);
        const count = answerLines === 'batch'
            ? (out: string[], at: number) => { let n = at; while (out[n] !== 'end' && n < out.length) n++; return n - at + 1; }
            : () => answerLines;
        this.readers.push({ count, take });
    }

    create(size: number, lineCap: number, done: (ok: boolean) => void = () => {}) { this.command(`create ${size} ${lineCap}`, 1, l => done(l[0] === 'ok 1')); }
    limits(maxEvents: number, maxBytes: number, overhead: number, maxEventBytes: number, maxSpan: number, done: (ok: boolean) => void = () => {}) {
        this.command(`limits ${maxEvents} ${maxBytes} ${overhead} ${maxEventBytes} ${maxSpan}`, 1, l => done(l[0] === 'ok 1'));
    }
    now(t: number) { this.command(`now ${t}`, 0); }
    write(bytes: Uint8Array | string) { this.command(`write ${hex(bytes)}`, 0); }
    tick(force: boolean, done: (pending: boolean) => void = () => {}) { this.command(`tick ${force ? 1 : 0}`, 1, l => done(l[0] === 'pending 1')); }
    take(done: (b: Batch) => void) {
        this.command('take', 'batch', l => {
            const [, , bytes] = l[0]!.split(' ');
            const events = l.slice(1, -1).map(e => {
                const [, stamp, loss, data] = e.split(' ');
                return { stamp: Number(stamp), loss: loss === '1', data: data === '-' ? Buffer.alloc(0) : Buffer.from(data!, 'hex') };
            });
            done({ events, bytes: Number(bytes) });
        });
    }
    release() { this.command('release', 0); }
    totals(done: (t: { lines: number; bytes: number; lostLines: number; lostBytes: number; used: number }) => void) {
        this.command('totals', 1, l => {
            const [, lines, bytes, lostLines, lostBytes, used] = l[0]!.split(' ').map(Number);
            done({ lines: lines!, bytes: bytes!, lostLines: lostLines!, lostBytes: lostBytes!, used: used! });
        });
    }
    allocs(done: (allocations: number, frees: number) => void) {
        this.command('allocs', 1, l => { const [, a, f] = l[0]!.split(' ').map(Number); done(a!, f!); });
    }
    destroy() { this.command('destroy', 0); }
    /** A command without an answer. */
    quiet(line: string) { this.command(line, 0); }
    /** A command answered by one line (the pure functions, the retry state). */
    ask(line: string, done: (answer: string) => void) { this.command(line, 1, l => done(l[0]!)); }

    /** Runs the script; returns the harness's exit status and stderr (sanitizer reports). */
    run(): { status: number | null; stderr: string } {
        const r = spawnSync(this.exe, [], { input: this.lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
        const out = r.stdout.split('\n');
        let at = 0;
        for (const reader of this.readers) {
            const n = reader.count(out, at);
            reader.take(out.slice(at, at + n));
            at += n;
        }
        return { status: r.status, stderr: r.stderr };
    }
}

/** The reference for the harness's newline scans: the first newline in b[from .. n), or n. */
export function firstNewline(b: Uint8Array, from: number, n: number): number {
    const i = Buffer.from(b.buffer, b.byteOffset, b.length).indexOf(10, from);
    return i < 0 || i >= n ? n : i;
}
