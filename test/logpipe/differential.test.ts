// The pure parts of the log pipe (UTF-8 cut points, backoff bounds, the loss text) run as TypeScript
// under Node and as the compiled C on the same random inputs, and must agree; the C newline scan
// must agree with a plain search.
import t from 'tap';
import { logpipeUtf8Cut } from '../../klib-src/logpipe/utf8.ts';
import { logpipeBackoffCeiling, logpipeFullJitter, logpipeRetryBound } from '../../klib-src/logpipe/backoff.ts';
import { logpipeFormatLoss } from '../../klib-src/logpipe/loss_text.ts';
import { buildHarness, firstNewline, hex, Script } from './lib/harness.ts';

// A small deterministic generator, so a failure can be replayed.
let seed = 0x1d872b41;
function rand(limit: number): number {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * limit);
}
const bigRand = (bits: number) => rand(2 ** Math.min(bits, 26)) * 2 ** Math.max(0, bits - 26) + rand(2 ** Math.max(0, bits - 26));

/** Random bytes biased toward newlines and UTF-8 structure (leads and continuations). */
function randomBytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
        const k = rand(8);
        b[i] = k === 0 ? 10 : k === 1 ? 0x80 + rand(64) : k === 2 ? 0xc0 + rand(64) : k === 3 ? 0xe0 + rand(32) : rand(256);
    }
    return b;
}

const exe = buildHarness();
const script = new Script(exe);
const mismatches: string[] = [];
const expect = (what: string, expected: string) => (got: string) => { if (got !== expected) mismatches.push(`${what}: node ${expected}, C ${got}`); };

for (let i = 0; i < 400; i++) {
    const bytes = randomBytes(rand(120));
    const from = rand(bytes.length + 1);
    script.ask(`newline ${hex(bytes)} ${from}`, expect(`newline ${hex(bytes)} ${from}`,
        String(firstNewline(bytes, from, bytes.length))));
    if (bytes.length > 0) {
        const n = 1 + rand(bytes.length);
        script.ask(`utf8cut ${hex(bytes)} ${n}`, expect(`utf8cut ${hex(bytes)} ${n}`, String(logpipeUtf8Cut(bytes, 0, n))));
    }
    const base = 1 + bigRand(rand(40)), cap = bigRand(1 + rand(52)), attempt = rand(80);
    script.ask(`ceiling ${base} ${cap} ${attempt}`, expect(`ceiling ${base} ${cap} ${attempt}`, String(logpipeBackoffCeiling(base, cap, attempt))));
    const elapsed = bigRand(rand(52));
    script.ask(`bound ${base} ${cap} ${attempt} ${elapsed}`, expect(`bound ${base} ${cap} ${attempt} ${elapsed}`,
        String(logpipeRetryBound(base, cap, attempt, elapsed))));
    const ceiling = bigRand(rand(52)), random = bigRand(52);
    script.ask(`jitter ${ceiling} ${random}`, expect(`jitter ${ceiling} ${random}`, String(logpipeFullJitter(ceiling, random))));
    const lines = bigRand(rand(53)), lost = bigRand(rand(53));
    const text = new Uint8Array(128);
    const length = logpipeFormatLoss(text, 0, lines, lost);
    script.ask(`loss ${lines} ${lost}`, expect(`loss ${lines} ${lost}`, hex(text.subarray(0, length))));
}
const { status, stderr } = script.run();

t.equal(status, 0, 'the harness exits cleanly', { stderr });
t.same(mismatches.slice(0, 10), [], 'Node and C agree on every input');

t.test('the pure parts mean what they say', async t => {
    const text = new Uint8Array(128);
    const n = logpipeFormatLoss(text, 0, 3, 120);
    t.equal(Buffer.from(text.subarray(0, n)).toString(), 'logpipe: 3 lines, 120 bytes dropped (log buffer full)');
    const euro = Buffer.from('ab€', 'utf8'); // € is 3 bytes
    t.equal(logpipeUtf8Cut(euro, 0, 3), 2, 'a cut inside € falls before it');
    t.equal(logpipeUtf8Cut(euro, 0, 4), 2);
    t.equal(logpipeUtf8Cut(euro, 0, 5), 5, 'after the whole sequence');
    t.equal(logpipeUtf8Cut(Buffer.from('€'), 0, 2), 0, 'only the start of a sequence');
    t.equal(logpipeBackoffCeiling(1, 3600, 0), 1);
    t.equal(logpipeBackoffCeiling(1, 3600, 5), 32);
    t.equal(logpipeBackoffCeiling(1, 3600, 12), 3600, 'capped');
    t.equal(logpipeBackoffCeiling(2 ** 52, 2 ** 52 + 5, 1000), 2 ** 52 + 5, 'no overflow near the cap');
    t.ok(logpipeFullJitter(10, 2 ** 52) <= 10);
    t.equal(logpipeRetryBound(500, 60_000, 10, 0), 500, 'a young outage: the base');
    t.equal(logpipeRetryBound(500, 60_000, 10, 9_000), 3_000, 'a third of the outage so far');
    t.equal(logpipeRetryBound(500, 60_000, 2, 9_000), 2_000, 'or the doubling, when smaller');
    t.equal(logpipeRetryBound(500, 60_000, 20, 10_000_000), 60_000, 'never above the cap');
});

// The batch's event sizes: the C reads UTF-8 as the JSON escaper does (one U+FFFD per maximal
// ill-formed subpart, the WHATWG rule); Node's decoder is the independent reference.
const decode = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const replacedSize = (b: Uint8Array) => Buffer.byteLength(decode(b));
/** Cutting b at c leaves every unit whole: the two halves decode to the whole's text. */
const isUnitBoundary = (b: Uint8Array, c: number) => decode(b.subarray(0, c)) + decode(b.subarray(c)) === decode(b);

/** ASCII runs of 0 to 40 bytes (the word loops' cases) between single bytes of 0x80 or more. */
function asciiRuns(runs: number): Uint8Array {
    const out: number[] = [];
    for (let r = 0; r < runs; r++) {
        for (let k = rand(41); k > 0; k--) out.push(0x20 + rand(95));
        out.push(0x80 + rand(128));
    }
    for (let k = rand(41); k > 0; k--) out.push(0x20 + rand(95));
    return Uint8Array.from(out);
}

t.test('utf8 measure: the longest prefix of whole units that fits the cap after replacement', async t => {
    const s = new Script(exe);
    const problems: string[] = [];
    for (let i = 0; i < 400; i++) {
        const bytes = i % 4 === 0 ? Uint8Array.from({ length: rand(60) }, () => 0x80 + rand(128))
            : i % 4 === 1 ? asciiRuns(rand(8)) : randomBytes(rand(120));
        const cap = 4 + rand(i % 2 === 0 ? 40 : 400);
        s.ask(`utf8measure ${hex(bytes)} ${cap}`, answer => {
            const [cut, size] = answer.split(' ').map(Number) as [number, number];
            const what = `${hex(bytes)} cap ${cap}: cut ${cut} size ${size}`;
            if (size !== replacedSize(bytes.subarray(0, cut))) problems.push(`${what}: size is not the replaced size`);
            if (size > cap) problems.push(`${what}: over the cap`);
            if (!isUnitBoundary(bytes, cut)) problems.push(`${what}: cut inside a unit`);
            if (cut === 0 && bytes.length > 0) problems.push(`${what}: no progress`);
            let next = cut + 1;
            while (next < bytes.length && !isUnitBoundary(bytes, next)) next++;
            if (cut < bytes.length && replacedSize(bytes.subarray(0, next)) <= cap) problems.push(`${what}: the next unit would fit`);
        });
    }
    // All ASCII, the word loop's edges: the cap inside a word, at its end, beyond the bytes.
    const ascii = Buffer.from('0123456789abcdefghijklmnopqrstuv');
    const answers: string[] = [];
    for (const cap of [4, 7, 8, 9, 16, 31, 32, 33, 1000]) s.ask(`utf8measure ${hex(ascii)} ${cap}`, a => answers.push(a));
    const r = s.run();
    t.equal(r.status, 0, 'the harness exits cleanly', { stderr: r.stderr });
    t.same(problems.slice(0, 10), []);
    t.same(answers, ['4 4', '7 7', '8 8', '9 9', '16 16', '31 31', '32 32', '32 32', '32 32']);
});
