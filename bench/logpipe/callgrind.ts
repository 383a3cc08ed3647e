// Instructions per console write into the log pipe (callgrind, counting only inside logpipe_write
// and what it calls) and allocations per write, for typical line sizes. Prints figures; asserts
// nothing. The target: at most 100 instructions + 1 per byte per write, 0 allocations.
//   npx tsx bench/logpipe/callgrind.ts
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHarness, hex } from '../../test/logpipe/lib/harness.ts';

const WRITES = 2000;
const exe = buildHarness(true);
const cases: { name: string; write: string }[] = [
    { name: '16-byte line', write: 'x'.repeat(15) + '\n' },
    { name: '80-byte line', write: 'x'.repeat(79) + '\n' },
    { name: '200-byte line', write: 'x'.repeat(199) + '\n' },
    { name: '1000-byte line', write: 'x'.repeat(999) + '\n' },
    { name: '4000-byte line', write: 'x'.repeat(3999) + '\n' },
    { name: '4 KiB write of 80-byte lines', write: ('x'.repeat(79) + '\n').repeat(51) },
    { name: '40-byte partial line', write: 'x'.repeat(40) },
];

console.log(`logpipe: console write cost (${WRITES} writes each, callgrind, -O2, no sanitizers)`);
console.log('case                              bytes  instr/write  target(100+1/B)  allocs/write');
for (const c of cases) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logpipe-bench-'));
    const out = path.join(dir, 'callgrind.out');
    const lines = ['create 16777216 4096', 'allocs'];
    for (let i = 0; i < WRITES; i++) {
        lines.push(`write ${hex(c.write)}`);
        if (i % 100 === 99) lines.push('tick 1', 'take', 'release');
    }
    lines.push('allocs');
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, '--toggle-collect=logpipe_write', exe],
        { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(r.stderr);
    const totals = /^(?:summary|totals): (\d+)/m.exec(fs.readFileSync(out, 'utf8'));
    const allocs = r.stdout.split('\n').filter(l => l.startsWith('allocs ')).map(l => Number(l.split(' ')[1]));
    const bytes = Buffer.byteLength(c.write);
    const perWrite = Number(totals![1]) / WRITES;
    const allocsPerWrite = (allocs[1]! - allocs[0]!) / WRITES;
    console.log(`${c.name.padEnd(32)} ${String(bytes).padStart(6)} ${perWrite.toFixed(0).padStart(12)} ${String(100 + bytes).padStart(16)} ${allocsPerWrite.toFixed(0).padStart(13)}`);
    fs.rmSync(dir, { recursive: true, force: true });
}
