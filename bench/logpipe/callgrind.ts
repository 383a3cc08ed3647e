// Instructions per console write into the log pipe (callgrind, counting only inside logpipe_write
// and what it calls) and allocations per write, for typical writes. The pipe's C is built with the
// klibs' own flags (mk/klibs.mk), the harness's libc side is not counted. Prints figures; asserts
// nothing. The target: at most 100 instructions + 1 per byte per write, 0 allocations.
//   npx tsx bench/logpipe/callgrind.ts [WORD]     (WORD: only the cases whose name has it)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHarness, hex } from '../../host/lib/logpipe-harness.ts';

const WRITES = 2000;
const LINE_CAP = 4096;
const line = (n: number) => 'x'.repeat(n - 1) + '\n';
// A program's stdout in a pipe goes out in stdio's 4 KiB buffers, cut anywhere in a line.
const stdioStream = line(80).repeat(256); // 20480 bytes: 5 buffers, then it repeats
const cases: { name: string; writes: string[] }[] = [
    { name: '16-byte line', writes: [line(16)] },
    { name: '100-byte line', writes: [line(100)] },
    { name: '1000-byte line', writes: [line(1000)] },
    { name: '4000-byte line', writes: [line(4000)] },
    { name: 'write of 16 16-byte lines', writes: [line(16).repeat(16)] },
    { name: '4 KiB write of 80-byte lines', writes: [line(80).repeat(51)] },
    { name: '4 KiB stdio buffers of 80-byte lines', writes: Array.from({ length: 5 }, (_, i) => stdioStream.slice(4096 * i, 4096 * (i + 1))) },
    { name: '3 lines and a partial one', writes: [line(30).repeat(3) + 'x'.repeat(30)] },
    { name: '40-byte partial line', writes: ['x'.repeat(40)] },
    { name: '1000-byte partial line', writes: ['x'.repeat(1000)] },
    { name: '996-byte partial line of CJK text', writes: ['日本語のログ'.repeat(55) + 'ログ'] },
];

const exe = buildHarness('klib');
console.log(`logpipe: console write cost (${WRITES} writes each, callgrind; the pipe built with the klibs' flags)`);
console.log(`${'case'.padEnd(40)} ${'bytes'.padStart(6)}  instr/write  target(100+1/B)  allocs/write`);
for (const c of cases.filter(c => c.name.includes(process.argv[2] ?? ''))) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logpipe-bench-'));
    const out = path.join(dir, 'callgrind.out');
    const lines = [`create 16777216 ${LINE_CAP}`, 'allocs'];
    for (let i = 0; i < WRITES; i++) {
        lines.push(`write ${hex(c.writes[i % c.writes.length]!)}`);
        if (i % 100 === 99) lines.push('tick 1', 'take', 'release');
    }
    lines.push('allocs');
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, '--toggle-collect=logpipe_write', exe],
        { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(r.stderr);
    const totals = /^(?:summary|totals): (\d+)/m.exec(fs.readFileSync(out, 'utf8'));
    const allocs = r.stdout.split('\n').filter(l => l.startsWith('allocs ')).map(l => Number(l.split(' ')[1]));
    const bytes = Math.round(c.writes.reduce((n, w) => n + Buffer.byteLength(w), 0) / c.writes.length);
    const perWrite = Number(totals![1]) / WRITES;
    const allocsPerWrite = (allocs[1]! - allocs[0]!) / WRITES;
    console.log(`${c.name.padEnd(40)} ${String(bytes).padStart(6)} ${perWrite.toFixed(0).padStart(12)} ${String(100 + bytes).padStart(16)} ${allocsPerWrite.toFixed(0).padStart(13)}`);
    fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`line cap ${LINE_CAP}; hosted, spin_lock_irq skips the 5 instructions that save, clear and restore the`);
console.log('interrupt flag in the kernel, and kern_now is the harness clock (a load) where the kernel reads its clock.');
