// The console path's fast ways through the compiled C: whole lines stored as one entry and split
// by the flush path, the open line continued while its newline is looked for 8 bytes at a time,
// the word scans themselves. Every case compares the events with what a byte-at-a-time reading of
// the same output gives: lines end at newlines, a CR before a newline goes, empty lines make no
// event, a line without its newline goes at the forced flush tick.
import t, { type Test } from 'tap';
import { buildHarness, Event, firstNewline, hex, Script } from './lib/harness.ts';

const exe = buildHarness();
let seed = 0x2545f491;
function rand(limit: number): number {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * limit);
}

/** The events a byte-at-a-time reading of `output` gives (no line longer than the cap). */
function expectedEvents(output: Buffer): string[] {
    const events: string[] = [];
    let start = 0;
    for (let i = 0; i <= output.length; i++) {
        if (i < output.length && output[i] !== 10) continue;
        let end = i;
        if (i < output.length && end > start && output[end - 1] === 13) end--;
        if (end > start) events.push(output.subarray(start, end).toString('hex'));
        start = i + 1;
    }
    return events;
}

/** The index just past the last newline of b[from .. end), or from: what logpipe_after_last_newline answers. */
function afterLastNewline(b: Uint8Array, from: number, end: number): number {
    for (let i = end; i > from; i--) if (b[i - 1] === 10) return i;
    return from;
}

type Checks = Pick<Test, 'equal'>;

/** Writes `pieces` one write each, draining now and then, and returns the events in order. */
function run(t: Checks, pieces: Buffer[], opts: { size?: number; cap?: number; drainEvery?: number; tickEvery?: number } = {}): string[] {
    const s = new Script(exe);
    const events: Event[] = [];
    const cap = opts.cap ?? 4096;
    s.create(opts.size ?? 1 << 20, cap);
    // The flush path cuts no line: events may take 3 x the cap (an invalid byte counts 3).
    s.limits(1 << 30, 2 ** 40, 0, 3 * cap, 0);
    pieces.forEach((p, k) => {
        s.write(p);
        // A flush tick splits off whole lines the open entry holds (never two ticks on one open
        // line here: that would ship it cut, which a byte-at-a-time reading does not model).
        if (opts.tickEvery && k % opts.tickEvery === 0) s.tick(false);
        if (opts.drainEvery && k % opts.drainEvery === 0) {
            s.take(b => events.push(...b.events));
            s.release();
        }
    });
    s.tick(true);
    for (let i = 0; i < 3; i++) { // one batch takes everything
        s.take(b => events.push(...b.events));
        s.release();
    }
    let lost = -1;
    s.totals(x => { lost = x.lostLines + x.lostBytes; });
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    t.equal(lost, 0, 'nothing lost');
    return events.map(e => e.data.toString('hex'));
}

/** Splits `b` into writes of random sizes up to `max`. */
function split(b: Buffer, max: number): Buffer[] {
    const out: Buffer[] = [];
    for (let at = 0; at < b.length;) {
        const n = Math.min(b.length - at, 1 + rand(max));
        out.push(b.subarray(at, at + n));
        at += n;
    }
    return out;
}

t.test('the word scans find the same newlines as a byte-at-a-time reading', async t => {
    // Bytes above 0x80 make the quick test look closer; NUL, 0xFF and CR sit next to newlines.
    const alphabet = [10, 10, 0, 0xff, 13, 0x80, 0x8a, 0xc3, 0x61, 0x7f, 0x09, 0x0b];
    const s = new Script(exe);
    const mismatches: string[] = [];
    for (let round = 0; round < 600; round++) {
        const n = rand(4) === 0 ? rand(200) : rand(40);
        const b = Buffer.alloc(n);
        const density = 1 + rand(40);
        for (let i = 0; i < n; i++) b[i] = rand(density) === 0 ? alphabet[rand(alphabet.length)]! : 0x20 + rand(0x5f);
        const from = rand(n + 1);
        const forward = String(firstNewline(b, from, n));
        s.ask(`newline ${hex(b)} ${from}`, got => { if (got !== forward) mismatches.push(`newline ${hex(b)} ${from}: ${got}, not ${forward}`); });
        const backward = String(afterLastNewline(b, from, n));
        s.ask(`lastnewline ${hex(b)} ${from}`, got => { if (got !== backward) mismatches.push(`lastnewline ${hex(b)} ${from}: ${got}, not ${backward}`); });
    }
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    t.same(mismatches.slice(0, 5), []);
});

t.test('a newline at every position 0..16 of a write, with and without a line open before it', async t => {
    for (const open of [0, 1, 7, 8, 9]) {
        for (let at = 0; at <= 16; at++) {
            for (const rest of [0, 1, 8, 23, 40]) {
                const before = Buffer.from('o'.repeat(open));
                const write = Buffer.concat([Buffer.from('abcdefghijklmnopq'.slice(0, at)), Buffer.from('\n'), Buffer.from('r'.repeat(rest))]);
                const pieces = open > 0 ? [before, write, Buffer.from('\n')] : [write, Buffer.from('\n')];
                const output = Buffer.concat(pieces);
                t.same(run(t, pieces), expectedEvents(output), `line open ${open}, newline at ${at}, ${rest} after`);
            }
        }
    }
});

t.test('a continued line\'s first 32 bytes with newlines at one byte position of several words', async t => {
    // The copy's quick test then flags one byte position: the first newline is the first of its 4
    // candidates that is one. The other words hold at that position a plain byte, a tab or a 0x0b
    // (flagged falsely, or after a borrow) or UTF-8; a tab elsewhere makes the test flag two. Each
    // write has its own stamp: a newline found late would put the next line in the continued line's
    // entry (the flush path splits it, but with the continued line's stamp).
    for (let at = 0; at < 8; at++) {
        for (const filler of [0x78, 0x09, 0x0b, 0x8a, 0xc3]) {
            for (const elsewhere of [0x78, 0x09]) {
                const s = new Script(exe);
                s.create(1 << 20, 4096);
                const want: [string, number][] = [];
                let line = 'open';
                let lineStamp = 100;
                s.now(100);
                s.write(line);
                for (let words = 1; words < 16; words++) { // which of the 4 words have the newline
                    const write = Buffer.alloc(32 + 10, 0x72);
                    for (let w = 0; w < 4; w++) {
                        write.fill(0x78, 8 * w, 8 * w + 8);
                        write[8 * w + ((at + 3) % 8)] = elsewhere;
                        write[8 * w + at] = (words >> w) & 1 ? 10 : filler;
                    }
                    const stamp = 100 + words;
                    s.now(stamp);
                    s.write(write);
                    for (const b of write) {
                        if (b !== 10) {
                            if (line === '') lineStamp = stamp;
                            line += String.fromCharCode(b); // one char a byte (latin1)
                            continue;
                        }
                        if (line !== '') want.push([Buffer.from(line, 'latin1').toString('hex'), lineStamp]);
                        line = '';
                    }
                }
                s.write('\n');
                want.push([Buffer.from(line, 'latin1').toString('hex'), lineStamp]);
                const events: Event[] = [];
                s.tick(true);
                for (let i = 0; i < 3; i++) {
                    s.take(b => events.push(...b.events));
                    s.release();
                }
                const r = s.run();
                t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
                t.same(events.map(e => [e.data.toString('hex'), e.stamp]), want, `newlines at byte ${at}, ${filler} and ${elsewhere} about`);
            }
        }
    }
});

t.test('lines across 8-byte word boundaries, in writes of many lines and in random pieces', async t => {
    // Line lengths around the word and group sizes (7, 8, 9, 31, 32, 33 ...), NUL and 0xFF next to
    // the newlines, CR before some, empty lines between.
    const lengths = [0, 1, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100];
    for (let round = 0; round < 12; round++) {
        const lines: Buffer[] = [];
        for (let i = 0; i < 60; i++) {
            const n = lengths[rand(lengths.length)]!;
            const b = Buffer.alloc(n);
            for (let k = 0; k < n; k++) b[k] = [0x00, 0xff, 0x41 + rand(26), 0xe2, 0x82, 0xac, 0x09][rand(7)]!;
            if (n > 0 && rand(3) === 0) b[n - 1] = 13;
            lines.push(b);
        }
        const output = Buffer.concat(lines.flatMap(l => [l, Buffer.from('\n')]));
        const want = expectedEvents(output);
        t.same(run(t, [output]), want, `round ${round}: one write of all the lines`);
        t.same(run(t, split(output, 300)), want, `round ${round}: writes of up to 300 bytes`);
        t.same(run(t, split(output, 9)), want, `round ${round}: writes of up to 9 bytes`);
        t.same(run(t, split(output, 70), { size: 4096, cap: 200, drainEvery: 1 }), want, `round ${round}: a small ring going round`);
    }
});

t.test('a CR and its newline in different writes; empty lines and CR-only lines', async t => {
    const cases: string[][] = [
        ['abc\r', '\nxyz\n'],
        ['abc', '\r', '\n'],
        ['\r\n\n\r\r\n', 'a\r\r\n'],
        ['\n\n\n'],
        ['\r\n'],
        ['one\ntwo\r\n\nthree\r', '\n'],
        ['x\r\ny\r', '\r\n'],
    ];
    for (const c of cases) {
        const pieces = c.map(p => Buffer.from(p));
        t.same(run(t, pieces), expectedEvents(Buffer.concat(pieces)), JSON.stringify(c));
    }
});

t.test('a write of exactly the ring\'s free space fits; one byte more does not', async t => {
    // Ring of 1024, lines capped at 240 (an entry of 240 bytes takes 256): three lines take 768.
    const footprint = (n: number) => 16 + Math.ceil(n / 16) * 16;
    for (const last of [['a'.repeat(240)], ['a'.repeat(100), 'b'.repeat(139)], ['a'.repeat(100), 'b'.repeat(123)], ['\r'.repeat(3), 'c'.repeat(236)]]) {
        const s = new Script(exe);
        const events: Event[] = [];
        let totals = { lines: 0, bytes: 0, lostLines: -1, lostBytes: -1, used: -1 };
        s.create(1024, 240);
        s.write(('x'.repeat(240) + '\n').repeat(3));
        const write = last.map(l => l + '\n').join('');
        s.write(write);
        s.totals(x => { totals = x; });
        s.take(b => events.push(...b.events));
        s.release();
        t.equal(s.run().status, 0);
        t.equal(totals.used, 768 + footprint(write.length - 1), `${last.map(l => l.length)}: one entry of ${write.length - 1} bytes`);
        t.same([totals.lostLines, totals.lostBytes], [0, 0]);
        t.same(events.map(e => e.data.toString()), [...Array(3).fill('x'.repeat(240)), ...last.filter(l => l.replace(/\r$/, '') !== '').map(l => l.replace(/\r$/, ''))]);
    }
    // One byte more: longer than the cap, the write goes a cap of lines at a time: the first line
    // (128 bytes of ring) fits, the second (160) finds 128 left and is counted lost.
    const s = new Script(exe);
    const events: Event[] = [];
    s.create(1024, 240);
    s.write(('x'.repeat(240) + '\n').repeat(3));
    s.write('a'.repeat(100) + '\n' + 'b'.repeat(140) + '\n');
    s.take(b => events.push(...b.events));
    s.release();
    s.write('after\n'); // the loss report goes first
    s.take(b => events.push(...b.events));
    s.release();
    t.equal(s.run().status, 0);
    t.same(events.map(e => e.data.toString()), [...Array(3).fill('x'.repeat(240)), 'a'.repeat(100),
        'logpipe: 1 lines, 140 bytes dropped (log buffer full)', 'after']);
});

t.test('an open line continued in pieces up to the ring\'s room, then past it; room freed meanwhile', async t => {
    // Ring of 2048, lines capped at 400: four lines of 400 take 1664, leaving the open entry 368
    // bytes. The short way for a continued line relies on the room it noted: it must stop there.
    const s = new Script(exe);
    const events: Event[] = [];
    s.create(2048, 400);
    s.write(('x'.repeat(400) + '\n').repeat(4));
    for (let i = 0; i < 40; i++) s.write('a'.repeat(10)); // 368 fit: 360 kept, 40 lost
    s.write('\n');
    s.take(b => events.push(...b.events));
    s.release();
    s.write('after\n'); // the loss report goes first
    for (let i = 0; i < 36; i++) s.write('b'.repeat(10));
    s.take(b => events.push(...b.events)); // frees room while the b line is open
    s.release();
    for (let i = 0; i < 10; i++) s.write('b'.repeat(10)); // 460: cut at the cap of 400
    s.write('\n');
    s.take(b => events.push(...b.events));
    s.release();
    t.equal(s.run().status, 0);
    t.same(events.map(e => e.data.toString()), [...Array(4).fill('x'.repeat(400)), 'a'.repeat(360),
        'logpipe: 1 lines, 40 bytes dropped (log buffer full)', 'after', 'b'.repeat(400), 'b'.repeat(60)]);
});

t.test('the ring goes round: entries never cross its end, an open line moves to its start', async t => {
    // A 1024-byte ring drained after every write: the head passes the end again and again, with
    // lines open (written in pieces) when it does.
    for (let round = 0; round < 8; round++) {
        let text = '';
        for (let i = 0; i < 300; i++) text += `${i}:` + 'w'.repeat(rand(120)) + '\n';
        const output = Buffer.from(text);
        t.same(run(t, split(output, 1 + rand(200)), { size: 1024, cap: 200, drainEvery: 1 }), expectedEvents(output), `round ${round}`);
    }
});

t.test('writes that end an open line, hold whole lines and start a new one, as the ring goes round', async t => {
    // Each write after the first: the rest of the open line, a few whole lines (short, empty, with a
    // CR), a new partial line; all shorter than the cap, so the open line's known room takes them.
    // A 1024-byte ring drained after every write: the new entries sometimes meet its end, and then
    // go the general way (a pad entry first); with a flush tick after every other write, the whole
    // lines kept in the open entry are split off, or wait when the ring has no room to split.
    for (let round = 0; round < 8; round++) {
        const pieces: Buffer[] = [];
        for (let i = 0; i < 200; i++) {
            let w = 'c'.repeat(rand(12)) + '\n';
            const whole = 1 + rand(3);
            for (let k = 0; k < whole; k++) w += [`${i}.${k}:` + 'l'.repeat(rand(30)), '', '\r', 'é€'.repeat(rand(5)) + '\r'][rand(4)] + '\n';
            pieces.push(Buffer.from(w + 'p'.repeat(1 + rand(20))));
        }
        pieces.push(Buffer.from('\n'));
        const output = Buffer.concat(pieces);
        t.same(run(t, pieces, { size: 1024, cap: 200, drainEvery: 1 }), expectedEvents(output), `round ${round}`);
        t.same(run(t, pieces, { size: 1024, cap: 200, drainEvery: 1, tickEvery: 2 }), expectedEvents(output),
            `round ${round}, flush ticks between writes`);
    }
});

t.test('a full ring in the middle of a write of many lines: the lines before it, a count of the rest', async t => {
    const s = new Script(exe);
    const events: Event[] = [];
    let totals = { lines: 0, bytes: 0, lostLines: 0, lostBytes: 0, used: 0 };
    s.create(1024, 240);
    // 30 lines of 40 bytes: entries of 5 lines (204 bytes, 224 of ring) a line cap at a time. Four
    // fit (896); then line by line (64 each): lines 20 and 21 fit, the 8 after them are lost.
    const lines = Array.from({ length: 30 }, (_, i) => `line ${String(i).padStart(2, '0')} `.padEnd(40, '.'));
    s.write(lines.map(l => l + '\n').join(''));
    s.totals(x => { totals = x; });
    s.take(b => events.push(...b.events));
    s.release();
    s.write('after\n');
    s.take(b => events.push(...b.events));
    s.release();
    t.equal(s.run().status, 0);
    t.same([totals.lostLines, totals.lostBytes, totals.used], [8, 8 * 40, 1024]);
    t.same(events.map(e => e.data.toString()), [...lines.slice(0, 22), 'logpipe: 8 lines, 320 bytes dropped (log buffer full)', 'after']);
});

t.test('an entry of whole lines is split into events across batches, and a retry gets the same', async t => {
    const s = new Script(exe);
    const batches: { events: Event[]; bytes: number }[] = [];
    s.create(1 << 16, 1024);
    s.limits(3, 1 << 20, 26, 5, 0); // 3 events a batch, events of at most 5 bytes
    s.write('aaaaaaaa\r\nb\n\ncccccc\r\n\r\ndd\n');
    for (let i = 0; i < 3; i++) {
        s.take(b => batches.push(b));
        s.take(b => batches.push(b)); // the retry
        s.release();
    }
    t.equal(s.run().status, 0);
    for (let i = 0; i < 3; i++) t.same(batches[2 * i + 1], batches[2 * i], `batch ${i}: the retry is the same batch`);
    t.same(batches.filter((_, i) => i % 2 === 0).map(b => b.events.map(e => e.data.toString())),
        [['aaaaa', 'aaa', 'b'], ['ccccc', 'c', 'dd'], []]);
});

t.test('one stamp per write; a continued line keeps the stamp of its first byte', async t => {
    const s = new Script(exe);
    const events: Event[] = [];
    s.create(4096, 256);
    s.now(100);
    s.write('a\nb\nstart of c');
    s.now(200);
    s.write(' end of c\nd\ne');
    s.now(300);
    s.write('\n');
    s.take(b => events.push(...b.events));
    t.equal(s.run().status, 0);
    t.same(events.map(e => [e.data.toString(), e.stamp]),
        [['a', 100], ['b', 100], ['start of c end of c', 100], ['d', 200], ['e', 200]]);
    // A line longer than the cap (16) goes on in entries stamped like its first byte.
    const c = new Script(exe);
    const pieces: Event[] = [];
    c.create(4096, 16);
    c.now(100);
    c.write('x'.repeat(10));
    c.now(200);
    c.write('y'.repeat(30) + '\nz\n');
    c.take(b => pieces.push(...b.events));
    t.equal(c.run().status, 0);
    t.same(pieces.map(e => [e.data.toString(), e.stamp]),
        [['x'.repeat(10) + 'y'.repeat(6), 100], ['y'.repeat(16), 100], ['y'.repeat(8), 100], ['z', 200]]);
});

t.test('a write longer than the line cap: entries of whole lines a cap at a time, long lines cut', async t => {
    const cap = 64;
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) lines.push(rand(10) === 0 ? 'L'.repeat(cap + rand(3 * cap)) : 's'.repeat(rand(cap)));
    const output = Buffer.from(lines.map(l => l + '\n').join(''));
    const want = lines.filter(l => l.length > 0).flatMap(l => {
        const pieces: string[] = [];
        for (let at = 0; at < l.length; at += cap) pieces.push(l.slice(at, at + cap));
        return pieces;
    }).map(l => Buffer.from(l).toString('hex'));
    t.same(run(t, [output], { cap }), want, 'every line, the long ones in pieces of the cap');
});

// A write that ends a continued line and holds more (whole lines, then a partial one) keeps that
// rest as written in the open entry: one copy, no look for its newlines. Its whole lines go at the
// next flush tick (split off), its open line like any other (a tick later, or with its newline).
t.test('the rest of a write that ended a line: whole lines at the next tick, the open line later', async t => {
    const s = new Script(exe);
    const ticks: Event[][] = [[], [], []];
    s.create(4096, 256);
    s.now(100);
    s.write('a');
    s.now(200);
    s.write('b\nl2\r\nl3\n\npartial');
    for (const got of ticks) {
        s.tick(false);
        s.take(b => got.push(...b.events));
        s.release();
    }
    t.equal(s.run().status, 0);
    const shown = (events: Event[]) => events.map(e => [e.data.toString(), e.stamp]);
    t.same(shown(ticks[0]!), [['ab', 100], ['l2', 200], ['l3', 200]], 'the whole lines at the first tick, stamped by their write');
    t.same(shown(ticks[1]!), [['partial', 200]], 'the open line a tick later');
    t.same(shown(ticks[2]!), []);
});

t.test('the rest of a write that ended a line, continued: its newline seals the lines with it', async t => {
    const s = new Script(exe);
    const events: Event[] = [];
    s.create(4096, 256);
    s.now(100);
    s.write('a');
    s.now(200);
    s.write('b\n\nl2\npar');
    s.now(300);
    s.write('tial\nnext');
    s.tick(true);
    s.take(b => events.push(...b.events));
    t.equal(s.run().status, 0);
    t.same(events.map(e => [e.data.toString(), e.stamp]), [['ab', 100], ['l2', 200], ['partial', 200], ['next', 300]]);
});

t.test('the rest of a write that ended a line, at the line cap: its lines split off, its open line goes on', async t => {
    const s = new Script(exe);
    const events: Event[] = [];
    s.create(4096, 16);
    s.now(100);
    s.write('a');
    s.now(200);
    s.write('b\nxx\nyyyyyyyy'); // the open entry: "xx\nyyyyyyyy"
    s.now(300);
    s.write('zzzzzzzzzz'); // reaches the cap of 16: "xx" goes, "yyyyyyyyzz..." goes on
    s.tick(true);
    s.take(b => events.push(...b.events));
    t.equal(s.run().status, 0);
    t.same(events.map(e => [e.data.toString(), e.stamp]),
        [['ab', 100], ['xx', 200], ['yyyyyyyyzzzzzzzz', 200], ['zz', 200]]);
});

t.test('the rest of a write that ended a line, no room to split it: it ships whole at its cut', async t => {
    const s = new Script(exe);
    const ticks: Event[][] = [[], []];
    s.create(2048, 400);
    // Sealed entries up to 1616 bytes into the region: then "a" (32), and the rest of the next
    // write (380 bytes, 400 in the ring) ends exactly at the region's end, with no room to split.
    s.now(50);
    for (let i = 0; i < 7; i++) s.write('q'.repeat(199) + '\n');
    s.write('r'.repeat(31) + '\n');
    s.now(100);
    s.write('a');
    s.now(200);
    s.write('b\nl\n' + 'p'.repeat(378));
    for (const got of ticks) {
        s.tick(false);
        s.take(b => got.push(...b.events));
        s.release();
    }
    let lost = -1;
    s.totals(x => { lost = x.lostLines + x.lostBytes; });
    const r = s.run();
    t.equal(r.status, 0, r.stderr);
    t.same(ticks[0]!.map(e => e.data.toString()).filter(d => !/^[qr]+$/.test(d)), ['ab'],
        'no room to move the open line: the lines wait');
    t.same(ticks[1]!.map(e => [e.data.toString(), e.stamp]), [['l', 200], ['p'.repeat(378), 200]],
        'a tick later the entry ships whole');
    t.equal(lost, 0, 'nothing lost');
});
