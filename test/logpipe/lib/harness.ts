// Talks to the log pipe's C harness (host/logpipe-harness/, built by host/lib/logpipe-harness.ts):
// one command a line, answers read back in order.
import { spawnSync } from 'node:child_process';
import { hex } from '../../../host/lib/logpipe-harness.ts';

export { buildHarness, hex } from '../../../host/lib/logpipe-harness.ts';

export interface Event { stamp: number; loss: boolean; data: Buffer }
/** An entry as the follower reads it: its bytes, and whether a newline followed them. */
export interface Entry { newline: boolean; loss: boolean; data: Buffer }
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
    /** Starts the follower (`batches`: the batches read the ring too). */
    follow(batches: boolean) { this.command(`follow ${batches ? 1 : 0}`, 0); }
    unfollow() { this.command('unfollow', 0); }
    /** Every entry the follower can read now (from its position); followRelease gives them back. */
    followRead(done: (entries: Entry[]) => void) {
        this.command('fread', 'batch', l => done(l.slice(0, -1).map(e => {
            const [, newline, loss, data] = e.split(' ');
            return { newline: newline === '1', loss: loss === '1', data: data === '-' ? Buffer.alloc(0) : Buffer.from(data!, 'hex') };
        })));
    }
    followRelease() { this.command('frelease', 0); }
    /** Ends the batch after `sent` events of those read: the rest come first in the next batch. */
    releaseBefore(sent: number) { this.command(`releasebefore ${sent}`, 0); }
    pending(done: (pending: boolean) => void) { this.command('pending', 1, l => done(l[0] === 'pending 1')); }
    undelivered(done: (n: number) => void) { this.command('undelivered', 1, l => done(Number(l[0]!.split(' ')[1]))); }
    lossCounts(done: (c: { reportedLines: number; reportedBytes: number; pendingLines: number; pendingBytes: number }) => void) {
        this.command('losscounts', 1, l => {
            const [, a, b, c, d] = l[0]!.split(' ').map(Number);
            done({ reportedLines: a!, reportedBytes: b!, pendingLines: c!, pendingBytes: d! });
        });
    }
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
    /** Starts keeping parts in the ring's spare room (spare.ts), about `want` bytes: where the first goes. */
    spare(want: number, done: (pos: number) => void = () => {}) { this.command(`spare ${want}`, 1, l => done(Number(l[0]!.split(' ')[1]))); }
    /** Keeps the next part: where the one after it goes, 0 when there was no room (no more are kept). */
    keep(bytes: Uint8Array, done: (next: number) => void = () => {}) {
        this.command(`keep ${hex(bytes)}`, 1, l => done(Number(l[0]!.split(' ')[1])));
    }
    /** Reads the kept parts from the first again. */
    reread() { this.command('reread', 0); }
    /** The next kept part and where it was; 'gone' when the console path wrote over it, 'none' after the last kept. */
    kept(done: (part: { pos: number; data: Buffer } | 'gone' | 'none') => void) {
        this.command('kept', 1, l => {
            const [word, pos, data] = l[0]!.split(' ');
            if (word === 'gone' || word === 'none') done(word);
            else done({ pos: Number(pos), data: data === '-' ? Buffer.alloc(0) : Buffer.from(data!, 'hex') });
        });
    }
    /** The ring's head and tail positions. */
    ends(done: (head: number, tail: number) => void) { this.command('ends', 1, l => { const [, h, t] = l[0]!.split(' ').map(Number); done(h!, t!); }); }
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
