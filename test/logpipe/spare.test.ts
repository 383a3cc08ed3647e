// The ring's spare room (klib-src/logpipe/spare.ts) through the compiled C: parts kept beside the
// entries read back exactly until the console path reaches them, then read as gone; keeping never
// changes what the batches carry or what the console path can store; parts that would cross the
// end of the region start at its beginning.
import t from 'tap';
import { Batch, buildHarness, Script } from './lib/harness.ts';

const exe = buildHarness();
const line = (i: number, width = 100) => `line ${i} `.padEnd(width, '.');
/** An entry's room in the ring (ring.ts: a 16-byte header, bytes padded to 16). */
const footprint = (n: number) => 16 + Math.ceil(n / 16) * 16;

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function random(seed: number) {
    let x = seed >>> 0 || 1;
    return (n: number) => {
        x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
        return x % n;
    };
}
const bytesOf = (next: (n: number) => number, n: number) => Buffer.from(Array.from({ length: n }, () => next(256)));

t.test('kept parts read back exactly until the console path reaches them, then as gone', async t => {
    const s = new Script(exe);
    const size = 64 * 1024, cap = 256;
    const next = random(7);
    const parts = [1000, 3000, 2000].map(n => bytesOf(next, n));
    const reads: (string | Buffer)[][] = [[], [], []];
    let start = 0, head = 0, tail = 0;
    const nexts: number[] = [];
    const batches: Batch[] = [];
    s.create(size, cap);
    for (let i = 0; i < 20; i++) s.write(line(i) + '\n');
    s.take(b => batches.push(b)); // the batch in flight holds its entries
    s.ends((h, tl) => { head = h; tail = tl; });
    s.spare(8192, p => { start = p; });
    for (const p of parts) s.keep(p, n => nexts.push(n));
    const readAll = (into: (string | Buffer)[]) => {
        s.reread();
        for (let i = 0; i < 4; i++) s.kept(k => into.push(typeof k === 'string' ? k : k.data));
    };
    readAll(reads[0]!);
    // Lines that stay short of the kept parts change nothing.
    for (let i = 20; i < 60; i++) s.write(line(i) + '\n');
    readAll(reads[1]!);
    // Lines up to the end of the free space: the console path writes over the parts.
    for (let i = 60; i < 600; i++) s.write(line(i) + '\n');
    readAll(reads[2]!);
    s.release();
    for (let i = 0; i < 3; i++) { s.take(b => batches.push(b)); s.release(); }
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    t.ok(start >= head + footprint(cap) + 16, 'the first part is out of the console path\'s reach');
    t.ok(start + 8192 <= tail + size, 'and before the entries of the batch in flight, a region later');
    t.ok(start > head + size / 2, 'as far from the console path as the free space allows');
    t.same(nexts.map(n => n > 0), [true, true, true]);
    t.same(reads[0], [...parts, 'none'], 'each part as kept, then none');
    t.same(reads[1], [...parts, 'none'], 'unchanged by lines that did not reach them');
    t.same(reads[2]![0], 'gone', 'gone once the console path reached them');
    const shipped = batches.flatMap(b => b.events.filter(e => !e.loss).map(e => e.data.toString()));
    t.same(shipped.slice(0, 20), Array.from({ length: 20 }, (_, i) => line(i)), 'the batch in flight is intact');
    t.same(shipped, Array.from({ length: shipped.length }, (_, i) => line(i)), 'every line stored is shipped, in order, unchanged');
});

t.test('a part is not kept within the console path\'s reach, nor over entries a reader holds', async t => {
    const s = new Script(exe);
    const size = 4096, cap = 256;
    const answers: number[] = [];
    s.create(size, cap);
    for (let i = 0; i < 20; i++) s.write(line(i, 60) + '\n'); // 20 x 80 bytes of ring
    s.take(() => {});
    s.spare(100000, p => answers.push(p)); // more than there is: from the reach on
    s.keep(Buffer.alloc(1000, 1), n => answers.push(n));
    s.keep(Buffer.alloc(1500, 2), n => answers.push(n)); // past tail + size: not kept
    s.keep(Buffer.alloc(10, 3), n => answers.push(n)); // nothing after a part that was not kept
    let head = 0;
    s.ends(h => { head = h; });
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    const reach = head + footprint(cap) + 16;
    t.equal(answers[0], Math.ceil(reach / 16) * 16, 'starts where the reach ends');
    t.ok(answers[1]! > 0, 'the first part fits');
    t.same(answers.slice(2), [0, 0]);
});

t.test('random writes, batches and kept bodies: keeping changes nothing the batches carry', async t => {
    const seen = { exact: 0, gone: 0, wrapped: 0 };
    for (const seed of [1, 2, 3, 4]) {
        const next = random(seed);
        const size = 16 * 1024, cap = 512;
        const withKeeps = new Script(exe), plain = new Script(exe);
        const both = (f: (s: Script) => void) => { f(withKeeps); f(plain); };
        const shipped: Batch[][] = [[], []];
        both(s => s.create(size, cap));
        let exact = 0, gone = 0, wrong = 0;
        const bodies: { parts: Buffer[]; positions: number[] }[] = [];
        for (let step = 0; step < 400; step++) {
            const op = next(10);
            if (op < 5) {
                // A console write: whole lines, or a line left open.
                const n = 1 + next(300);
                const text = Buffer.from(Array.from({ length: n }, () => (next(40) === 0 ? 10 : 97 + next(26))));
                both(s => s.write(text));
            } else if (op < 7) {
                const release = next(2) === 0;
                both(s => { s.take(b => shipped[s === withKeeps ? 0 : 1]!.push(b)); if (release) s.release(); });
            } else if (op < 9) {
                // A body of a few parts, kept, then read twice.
                const parts = Array.from({ length: 1 + next(4) }, () => bytesOf(next, 1 + next(1500)));
                const positions: number[] = [];
                bodies.push({ parts, positions });
                withKeeps.spare(next(2) === 0 ? 4096 : 100, p => positions.push(p));
                for (const p of parts) withKeeps.keep(p, n => positions.push(n));
                for (let pass = 0; pass < 2; pass++) {
                    withKeeps.reread();
                    parts.forEach((p, i) => withKeeps.kept(k => {
                        if (k === 'gone') gone++;
                        else if (k === 'none') { if (positions[i + 1] !== 0) wrong++; }
                        else if (k.pos === positions[i] && Buffer.compare(k.data, p) === 0) exact++;
                        else wrong++;
                    }));
                    if (pass === 0) {
                        // Lines between the readings, sometimes a burst that reaches the parts.
                        const burst = Array.from({ length: 1 + next(next(3) === 0 ? 200 : 4) }, (_, i) => line(i, 60) + '\n').join('');
                        both(s => s.write(burst));
                    }
                }
            } else {
                const force = next(4) === 0;
                both(s => s.tick(force));
            }
        }
        both(s => { s.release(); s.tick(true); s.take(b => shipped[s === withKeeps ? 0 : 1]!.push(b)); });
        let totals: unknown[] = [];
        both(s => s.totals(x => totals.push(x)));
        const a = withKeeps.run(), b = plain.run();
        // A kept part whose next one is further on than its own room started at the region's start.
        const wrapped = bodies.flatMap(({ parts, positions }) => parts.filter((p, i) =>
            positions[i + 1]! > 0 && positions[i + 1]! - positions[i]! !== Math.ceil((8 + p.length) / 16) * 16)).length;
        t.equal(a.status, 0, `seed ${seed}: no sanitizer report`, { stderr: a.stderr });
        t.equal(b.status, 0);
        t.same(shipped[0], shipped[1], `seed ${seed}: the same batches with and without kept parts`);
        t.same(totals[0], totals[1], `seed ${seed}: the same totals (stored, lost)`);
        t.equal(wrong, 0, `seed ${seed}: no part read back changed`);
        seen.exact += exact;
        seen.gone += gone;
        seen.wrapped += wrapped;
    }
    // The seeds are fixed: these say the cases above were met, not how often.
    t.ok(seen.exact > 0 && seen.gone > 0, `parts read back (${seen.exact}) and parts written over (${seen.gone})`);
    t.ok(seen.wrapped > 0, `parts that started at the region's start (${seen.wrapped})`);
});
