// The flush path through the compiled C: a full ring counts its loss and reports it once space
// returns; batches obey the klib's limits (events, bytes with a per-event overhead, time span) and
// split long lines into events on UTF-8 boundaries; a batch that failed is taken again unchanged.
import t from 'tap';
import { Batch, buildHarness, Event, Script } from './lib/harness.ts';

const exe = buildHarness();
const line = (i: number, width = 20) => `line ${i} `.padEnd(width, '.');
const isUtf8 = (b: Buffer) => { try { new TextDecoder('utf-8', { fatal: true }).decode(b); return true; } catch { return false; } };

t.test('a full ring counts lost lines and bytes, and reports them once space returns', async t => {
    const s = new Script(exe);
    const first: Event[] = [], second: Event[] = [];
    let totals = { lines: 0, bytes: 0, lostLines: 0, lostBytes: 0, used: 0 };
    s.create(1024, 64);
    // 20-byte lines take 48 bytes of ring each: 21 fit in 1024, the other 29 are lost.
    for (let i = 0; i < 50; i++) s.write(line(i) + '\n');
    s.totals(x => { totals = x; });
    s.tick(false); // no room yet for the report: nothing changes
    s.take(b => first.push(...b.events));
    s.release();
    s.write('after the loss\n'); // space is back: the report goes first
    s.take(b => second.push(...b.events));
    s.release();
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    t.equal(totals.lostLines, 29);
    t.equal(totals.lostBytes, 29 * 20);
    t.same(first.map(e => e.data.toString()), Array.from({ length: 21 }, (_, i) => line(i)), 'the lines before the ring filled, in order');
    t.same(second.map(e => [e.loss, e.data.toString()]), [
        [true, 'logpipe: 29 lines, 580 bytes dropped (log buffer full)'],
        [false, 'after the loss'],
    ]);
});

t.test('a line that does not fit ships what it has and counts the rest; the flush tick writes the report', async t => {
    const s = new Script(exe);
    const events: Event[] = [];
    s.create(2048, 496);
    for (let i = 0; i < 3; i++) s.write('x'.repeat(480) + '\n'); // 3 x 496 bytes of ring: 560 left
    s.write('y'.repeat(300)); // an open line of 300
    s.write('y'.repeat(300) + 'z\n'); // 196 more reach the line cap (496 bytes, 512 of ring): 48 left
    s.take(b => events.push(...b.events));
    s.release();
    s.tick(false); // nothing more is written: the tick writes the report
    s.take(b => events.push(...b.events));
    s.release();
    t.equal(s.run().status, 0);
    t.same(events.map(e => [e.loss, e.data.length]), [[false, 480], [false, 480], [false, 480], [false, 496], [true, 53]]);
    t.equal(events[4]!.data.toString(), 'logpipe: 1 lines, 105 bytes dropped (log buffer full)');
});

t.test('batch limits: events, bytes counting the overhead per event, span', async t => {
    const s = new Script(exe);
    const batches: Batch[] = [];
    s.create(1 << 20, 256);
    // CloudWatch's numbers: 10,000 events, 1,048,576 bytes counting 26 per event, a 24 h span.
    const DAY = 24 * 3600 * 2 ** 32 / 2 ** 32; // timestamps here are whatever the test says
    s.limits(10000, 1048576, 26, 256, 86400 * 1000);
    for (let i = 0; i < 10001; i++) s.write(`e${i}\n`);
    s.take(b => batches.push(b)); s.release();
    s.take(b => batches.push(b)); s.release();
    // 1000-byte lines: 1048576 / 1026 = 1021 per batch
    for (let i = 0; i < 1100; i++) s.write('m'.repeat(200) + '\n');
    s.limits(10000, 1048576 / 5, 26, 256, 0);
    s.take(b => batches.push(b)); s.release();
    s.take(b => batches.push(b)); s.release();
    // span: stamps 0, 40, 80, 120, ... with a 100 span: 3 per batch
    s.limits(10000, 1048576, 26, 256, 100);
    for (let i = 0; i < 7; i++) { s.now(i * 40); s.write(`s${i}\n`); }
    for (let i = 0; i < 3; i++) { s.take(b => batches.push(b)); s.release(); }
    t.equal(s.run().status, 0);
    void DAY;
    const [a, b, c, d, e, f, g] = batches;
    t.equal(a!.events.length, 10000, 'at most 10,000 events');
    t.equal(a!.events[9999]!.data.toString(), 'e9999');
    t.equal(a!.bytes, a!.events.reduce((n, e) => n + e.data.length + 26, 0), 'bytes count 26 per event');
    t.same(b!.events.map(e => e.data.toString()), ['e10000']);
    const perBatch = Math.floor((1048576 / 5) / 226);
    t.equal(c!.events.length, perBatch, 'as many 200-byte events as fit in the bytes with 26 each');
    t.ok(c!.bytes <= 1048576 / 5 && c!.bytes + 226 > 1048576 / 5, 'the next one would not have fit');
    t.equal(d!.events.length, 1100 - perBatch);
    t.same([e, f, g].map(x => x!.events.map(ev => ev.stamp)), [[0, 40, 80], [120, 160, 200], [240]], 'stamps of a batch less than the span apart');
});

t.test('lines longer than the event cap become events split on UTF-8 boundaries', async t => {
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); };
    const chars = ['a', 'é', '€', '😀', 'ж', ' '];
    for (let round = 0; round < 30; round++) {
        const s = new Script(exe);
        const events: Event[] = [];
        const cap = 4 + rand(40);
        s.create(1 << 16, 1024);
        s.limits(3 + rand(10), 1 << 20, 26, cap, 0);
        const lines = Array.from({ length: 20 }, () => Array.from({ length: rand(200) + 1 }, () => chars[rand(chars.length)]).join('').trim() || 'a');
        for (const l of lines) s.write(l + '\n');
        for (let i = 0; i < 400; i++) { s.take(b => events.push(...b.events)); s.release(); }
        t.equal(s.run().status, 0);
        t.ok(events.every(e => e.data.length <= cap && e.data.length > 0 && isUtf8(e.data)), `cap ${cap}: every event whole UTF-8 within the cap`);
        t.equal(Buffer.concat(events.map(e => e.data)).toString(), lines.join(''), 'in order, nothing lost or repeated');
        // Each line is cut greedily: as long as the cap allows, short of a sequence's continuation bytes.
        const pieces: string[] = [];
        for (const l of lines) {
            let b = Buffer.from(l);
            while (b.length > 0) {
                let n = Math.min(cap, b.length);
                while (n < b.length && (b[n]! & 0xc0) === 0x80) n--;
                pieces.push(b.subarray(0, n).toString());
                b = b.subarray(n);
            }
        }
        t.same(events.map(e => e.data.toString()), pieces, 'each event as long as the cap allows without splitting a sequence');
    }
});

t.test('a batch that failed is taken again unchanged; released, its space returns', async t => {
    const s = new Script(exe);
    const takes: Batch[] = [];
    let usedInFlight = 0, usedAfter = -1;
    s.create(4096, 64);
    s.limits(3, 1 << 20, 26, 8, 0);
    s.write('0123456789abcdef\nsecond\n'); // the first line is 2 events of 8
    s.take(b => takes.push(b));
    s.write('third\n'); // writing while a batch is in flight changes nothing in it
    s.take(b => takes.push(b)); // the retry after a failure
    s.totals(x => { usedInFlight = x.used; });
    s.release();
    s.take(b => takes.push(b));
    s.release();
    s.totals(x => { usedAfter = x.used; });
    t.equal(s.run().status, 0);
    const text = (b: Batch) => b.events.map(e => e.data.toString());
    t.same(text(takes[0]!), ['01234567', '89abcdef', 'second']);
    t.same(takes[1], takes[0], 'the same events, bytes and stamps');
    t.ok(usedInFlight > 0);
    t.same(text(takes[2]!), ['third']);
    t.equal(usedAfter, 0, 'all space back');
});

t.test('limits that cannot hold one event are refused', async t => {
    const s = new Script(exe);
    const answers: boolean[] = [];
    s.create(4096, 64);
    s.limits(0, 1000, 26, 64, 0, ok => answers.push(ok));
    s.limits(10, 80, 26, 64, 0, ok => answers.push(ok));
    s.limits(10, 90, 26, 64, 0, ok => answers.push(ok));
    s.limits(10, 90, 26, 3, 0, ok => answers.push(ok));
    s.create(100, 64, ok => answers.push(ok));
    s.create(4096, 2048, ok => answers.push(ok));
    t.equal(s.run().status, 0);
    t.same(answers, [false, false, true, false, false, false]);
});

t.test('retry policy: full jitter under a doubling ceiling, capped, reset on success', async t => {
    const s = new Script(exe);
    const delays: number[] = [], ceilings: number[] = [], should: string[] = [];
    const MAX = 2 ** 52;
    s.ask('retry 1000 60000', () => {});
    // A long outage (each failure 10^6 after the first): only the doubling and the cap bound the delay.
    for (let i = 0; i < 10; i++) {
        s.now(1_000 + i * 1_000_000);
        s.ask('rceiling', c => ceilings.push(Number(c)));
        s.ask(`delay ${MAX - 1}`, d => delays.push(Number(d)));
    }
    s.quiet('reset');
    s.ask('rceiling', c => ceilings.push(Number(c)));
    s.ask('delay 0', d => delays.push(Number(d)));
    for (const [status, throttled] of [[0, 0], [429, 0], [500, 0], [503, 0], [599, 0], [400, 1], [400, 0], [403, 0], [404, 0], [200, 0]]) {
        s.ask(`should ${status} ${throttled}`, a => should.push(a));
    }
    t.equal(s.run().status, 0);
    t.same(ceilings, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000, 1000]);
    t.ok(delays.slice(0, 10).every((d, i) => d >= 0 && d <= ceilings[i]!), 'each delay within [0, ceiling]');
    t.same(delays.slice(0, 10), ceilings.slice(0, 10).map(c => (MAX - 1) % (c + 1)), 'drawn from the kernel random value');
    t.equal(delays[10], 0);
    t.same(should, ['1', '1', '1', '1', '1', '1', '0', '0', '0', '0'], 'network errors, 429, 5xx and throttling are retried; other answers are not');
});

t.test('retry policy: while an outage is young, no delay is over a third of it (but the base)', async t => {
    const s = new Script(exe);
    const ceilings: [number, number][] = [];
    s.ask('retry 500 60000', () => {});
    // Failures at 0, 100, 400, 1,000, 2,200, 4,600, 9,400 and 19,000 after the first, time in ms.
    const times = [0, 100, 400, 1_000, 2_200, 4_600, 9_400, 19_000];
    for (const at of times) {
        s.now(5_000 + at);
        s.ask('rceiling', c => ceilings.push([at, Number(c)]));
        s.ask('delay 0', () => {});
    }
    t.equal(s.run().status, 0);
    t.same(ceilings.map(([, c]) => c), [500, 500, 500, 500, 733, 1533, 3133, 6333],
        'min(base * 2^n, max(base, elapsed / 3))');
    // So the next try after an outage of T is at most T / 3 after it (T = 10 s: 3.3 s).
    for (const [at, c] of ceilings) t.ok(c <= Math.max(500, at / 3), `${at}: ${c}`);
});

t.test('the oldest line not delivered: its stamp, pads skipped, the open line when nothing older waits', async t => {
    const s = new Script(exe);
    const stamps: number[] = [];
    s.create(4096, 256);
    s.ask('oldest', a => stamps.push(Number(a)));
    s.now(1000);
    s.write('open line');
    s.ask('oldest', a => stamps.push(Number(a)));
    s.write(' ended\n');
    s.now(2000);
    s.write('second\n');
    s.ask('oldest', a => stamps.push(Number(a)));
    s.take(() => {});
    s.release();
    s.ask('oldest', a => stamps.push(Number(a)));
    t.equal(s.run().status, 0);
    t.same(stamps, [0, 1000, 1000, 0], 'none, the open line, the first sealed one, none once delivered');
});

// Sizes as the API sees the text: each maximal ill-formed UTF-8 subpart becomes U+FFFD (3 bytes).
const decoded = (b: Buffer) => b.toString('utf8');
const apiSize = (b: Buffer) => Buffer.byteLength(decoded(b));
const CW = { events: 10000, bytes: 1048576, overhead: 26, event: 1048550 };

t.test('CloudWatch limits counted after replacement: valid text fills a batch to within one event', async t => {
    const s = new Script(exe);
    const batches: Batch[] = [];
    s.create(1 << 23, 1 << 20);
    s.limits(CW.events, CW.bytes, CW.overhead, CW.event, 0);
    // 700-byte lines of 1-, 2-, 3- and 4-byte characters: 1,048,576 / 726 = 1444 per batch
    const text = 'aé€😀'.repeat(70);
    for (let i = 0; i < 2000; i++) s.write(`${text}\n`);
    s.take(b => batches.push(b)); s.release();
    s.take(b => batches.push(b)); s.release();
    t.equal(s.run().status, 0);
    const [a, b] = batches;
    const size = Buffer.byteLength(text) + 26;
    t.equal(a!.events.length, Math.floor(CW.bytes / size));
    t.equal(a!.bytes, a!.events.reduce((n, e) => n + apiSize(e.data) + 26, 0), 'bytes count each event after replacement, plus 26');
    t.ok(a!.bytes <= CW.bytes && CW.bytes - a!.bytes < size, `${a!.bytes}: within one event of the limit`);
    t.equal(a!.events.length + b!.events.length, 2000);
});

t.test('invalid bytes count 3 each: a batch of them stays within the limit, and fills it', async t => {
    const s = new Script(exe);
    const batches: Batch[] = [];
    s.create(1 << 23, 1 << 20);
    s.limits(CW.events, CW.bytes, CW.overhead, CW.event, 0);
    // 1000 stray continuation bytes a line: 1000 U+FFFD, 3000 bytes to CloudWatch
    const line = Buffer.alloc(1000, 0x80);
    for (let i = 0; i < 500; i++) s.write(Buffer.concat([line, Buffer.from('\n')]));
    for (let i = 0; i < 2; i++) { s.take(b => batches.push(b)); s.release(); }
    t.equal(s.run().status, 0);
    const [a, b] = batches;
    t.equal(a!.events.length, Math.floor(CW.bytes / 3026), 'as many as fit at 3 bytes per byte');
    t.equal(a!.bytes, a!.events.reduce((n, e) => n + apiSize(e.data) + 26, 0));
    t.ok(a!.bytes <= CW.bytes && a!.bytes + 3026 > CW.bytes, `${a!.bytes}: within the limit, the next would pass it`);
    t.equal(a!.events.length + b!.events.length, 500);
    t.ok(a!.events.every(e => e.data.equals(line)), 'events are the raw bytes (the klib replaces while escaping)');
});

t.test('a line of 1,048,550 bytes: one event when valid; split so each piece fits after replacement', async t => {
    const s = new Script(exe);
    const batches: Batch[] = [];
    s.create(1 << 24, 1 << 21);
    s.limits(CW.events, CW.bytes, CW.overhead, CW.event, 0);
    const unit = 'ab€😀'; // 9 bytes: 1-, 3- and 4-byte sequences
    const exact = Buffer.from(unit.repeat(Math.floor(CW.event / 9)) + 'x'.repeat(CW.event % 9));
    const invalid = Buffer.alloc(CW.event);
    for (let i = 0; i < invalid.length; i++) invalid[i] = [0x80, 0xff, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0xfe][i % 8]!;
    s.write(Buffer.concat([exact, Buffer.from('\n')]));
    s.write(Buffer.concat([exact, Buffer.from('yz\n')]));
    s.write(Buffer.concat([invalid, Buffer.from('\n')]));
    for (let i = 0; i < 12; i++) { s.take(b => batches.push(b)); s.release(); }
    t.equal(s.run().status, 0);
    const events = batches.flatMap(b => b.events);
    t.ok(batches.every(b => b.bytes <= CW.bytes), 'every batch within 1,048,576');
    t.ok(events.every(e => apiSize(e.data) <= CW.event), 'every event within 1,048,550 after replacement');
    t.equal(batches[0]!.events.length, 1);
    t.equal(batches[0]!.bytes, CW.bytes, 'exactly 1,048,550 valid bytes: one event, one full batch');
    t.ok(events[0]!.data.equals(exact));
    t.ok(events[1]!.data.equals(exact) && events[2]!.data.toString() === 'yz', 'two bytes more: a second event');
    const pieces = events.slice(3);
    const least = Math.ceil(apiSize(invalid) / CW.event); // 2,097,100 bytes once replaced
    t.ok(pieces.length >= least && pieces.length <= least + 1, `${pieces.length} pieces of invalid text`);
    t.ok(Buffer.concat(pieces.map(e => e.data)).equals(invalid), 'nothing lost or repeated');
    t.equal(pieces.map(e => decoded(e.data)).join(''), decoded(invalid), 'cut between units: replaced the same as the whole line');
    t.ok(pieces.slice(0, -1).every(e => apiSize(e.data) > CW.event - 4), 'each piece as long as the cap allows');
});

t.test('random text with invalid bytes: events within a small cap after replacement, cut between units', async t => {
    let seed = 11;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n); };
    const units = [[0x61], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0x80], [0xff], [0xe2, 0x82], [0xf0, 0x9f], [0xed, 0xa0, 0x80], [0x20]];
    for (let round = 0; round < 20; round++) {
        const s = new Script(exe);
        const batches: Batch[] = [];
        const cap = 4 + rand(40);
        const maxBytes = cap + 26 + rand(200);
        s.create(1 << 16, 1024);
        s.limits(3 + rand(10), maxBytes, 26, cap, 0);
        const lines = Array.from({ length: 20 }, () => Buffer.from([0x61, ...Array.from({ length: rand(150) }, () => units[rand(units.length)]!).flat()]));
        for (const l of lines) s.write(Buffer.concat([l, Buffer.from('\n')]));
        for (let i = 0; i < 400; i++) { s.take(b => { if (b.events.length > 0) batches.push(b); }); s.release(); }
        t.equal(s.run().status, 0);
        const events = batches.flatMap(b => b.events);
        t.ok(events.every(e => e.data.length > 0 && apiSize(e.data) <= cap), `cap ${cap}: every event within the cap after replacement`);
        t.ok(batches.every(b => b.bytes === b.events.reduce((n, e) => n + apiSize(e.data) + 26, 0) && b.bytes <= maxBytes),
            `batches within ${maxBytes}, counted after replacement`);
        t.ok(Buffer.concat(events.map(e => e.data)).equals(Buffer.concat(lines)), 'in order, nothing lost or repeated');
        t.equal(events.map(e => decoded(e.data)).join(''), lines.map(decoded).join(''), 'pieces replace as their lines do');
    }
});
