// The console path through the compiled C: every line comes out exactly once and in order whatever
// the split of the writes; partial lines wait for their newline, a flush tick, or the line cap; the
// line cap never splits a UTF-8 sequence; stamps are taken when a line starts and never go back;
// and no write allocates.
import t from 'tap';
import { buildHarness, Event, Script } from './lib/harness.ts';

const exe = buildHarness();
let seed = 0x3c6ef372;
function rand(limit: number): number {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * limit);
}
const WORDS = ['alpha', 'β', 'ж', '€uro', '日本', '😀', '\t', ' ', 'x', '\r', '\x1b[31m', 'zz'];
function randomLine(maxWords: number): string {
    let s = '';
    for (let n = rand(maxWords); n > 0; n--) s += WORDS[rand(WORDS.length)];
    return s;
}
/** What the pipe makes of a text: its lines, a trailing CR dropped, empty lines skipped. */
function expectedLines(text: string): string[] {
    const lines = text.split('\n');
    lines.pop(); // after the last newline
    return lines.map(l => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter(l => l.length > 0);
}
const isUtf8 = (b: Buffer) => { try { new TextDecoder('utf-8', { fatal: true }).decode(b); return true; } catch { return false; } };

function drain(s: Script, into: Event[]) {
    s.take(b => into.push(...b.events));
    s.release();
}

t.test('every line exactly once, in order, across random write splits', async t => {
    for (let round = 0; round < 20; round++) {
        const lines: string[] = [];
        for (let i = 0; i < 300; i++) lines.push(randomLine(12));
        const text = lines.join('\n') + '\n';
        const bytes = Buffer.from(text, 'utf8');
        const s = new Script(exe);
        s.create(1 << 20, 4096);
        s.limits(1 + rand(50), 1 << 20, 26, 4096, 0);
        const events: Event[] = [];
        // Write the text in random pieces (often splitting a line or a UTF-8 sequence), draining
        // now and then. Ticks come only at line ends here, so no line is shipped in parts.
        let at = 0;
        while (at < bytes.length) {
            const n = Math.min(bytes.length - at, 1 + rand(rand(4) === 0 ? 400 : 40));
            s.write(bytes.subarray(at, at + n));
            at += n;
            if (bytes[at - 1] === 10 && rand(4) === 0) s.tick(false);
            if (rand(6) === 0) drain(s, events);
        }
        s.tick(true);
        for (let i = 0; i < 310; i++) drain(s, events); // enough even at one event a batch
        let lost = -1;
        s.totals(x => { lost = x.lostLines + x.lostBytes; });
        const r = s.run();
        t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
        t.equal(lost, 0, 'nothing lost');
        t.same(events.map(e => e.data.toString('utf8')), expectedLines(text), `round ${round}: the lines, once each, in order`);
    }
});

t.test('a partial line waits for its newline or a whole flush interval', async t => {
    const s = new Script(exe);
    const got: string[][] = [];
    const take = () => s.take(b => got.push(b.events.map(e => e.data.toString())));
    s.create(4096, 64);
    s.write('abc');
    s.tick(false);
    take(); // the first tick only notes the open line
    s.write('def');
    s.tick(false);
    take(); // a whole interval later it goes, without its newline
    s.release();
    s.write('gh\nij');
    s.tick(false);
    take(); // "gh" ended with its newline; "ij" was just started
    s.release();
    s.write('k\n');
    take();
    s.release();
    s.write('tail');
    s.tick(true);
    take(); // shutdown: an open line goes at once
    s.release();
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    t.same(got, [[], ['abcdef'], ['gh'], ['ijk'], ['tail']]);
});

t.test('the line cap splits long lines on UTF-8 boundaries, and the flush tick does too', async t => {
    for (const cap of [16, 17, 18, 19, 33, 100]) {
        const s = new Script(exe);
        const events: Event[] = [];
        s.create(1 << 16, cap);
        const long = Array.from({ length: 40 }, () => randomLine(6)).join('');
        s.write(long + '\n');
        drain(s, events);
        const r = s.run();
        t.equal(r.status, 0);
        t.ok(events.every(e => e.data.length <= cap && isUtf8(e.data)), `cap ${cap}: every piece fits and is whole UTF-8`);
        t.equal(Buffer.concat(events.map(e => e.data)).toString(), long.replace(/\r$/, ''), `cap ${cap}: nothing lost or repeated`);
    }
    // A tick that finds an unfinished sequence ships what comes before it and keeps the rest open.
    const s = new Script(exe);
    const events: Event[] = [];
    s.create(4096, 64);
    const euro = Buffer.from('€');
    s.write(Buffer.concat([Buffer.from('ab'), euro.subarray(0, 2)]));
    s.tick(false);
    s.tick(false);
    drain(s, events);
    s.write(Buffer.concat([euro.subarray(2), Buffer.from('c\n')]));
    drain(s, events);
    t.equal(s.run().status, 0);
    t.same(events.map(e => e.data.toString()), ['ab', '€c']);
});

t.test('stamps: REALTIME when a line starts, never going back', async t => {
    const s = new Script(exe);
    const events: Event[] = [];
    s.create(4096, 64);
    s.now(1000);
    s.write('first ');
    s.now(2000);
    s.write('still first\nsecond\n');
    s.now(500); // the clock steps back (ntp)
    s.write('third\n');
    s.now(3000);
    s.write('fourth\n');
    drain(s, events);
    t.equal(s.run().status, 0);
    t.same(events.map(e => [e.data.toString(), e.stamp]),
        [['first still first', 1000], ['second', 2000], ['third', 2000], ['fourth', 3000]]);
});

t.test('no write allocates', async t => {
    const s = new Script(exe);
    let before = -1, after = -1;
    s.create(1 << 14, 256);
    s.allocs(a => { before = a; });
    for (let i = 0; i < 2000; i++) {
        s.write(randomLine(30) + (rand(3) === 0 ? '' : '\n'));
        if (i % 7 === 0) { s.tick(false); s.take(() => {}); s.release(); }
    }
    s.allocs(a => { after = a; });
    const r = s.run();
    t.equal(r.status, 0);
    t.ok(before > 0);
    t.equal(after, before, 'allocations after 2000 writes = allocations after creation');
});
