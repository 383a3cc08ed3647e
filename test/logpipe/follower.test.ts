// The follower, a second reader of the ring beside the batches (syslog's file output), through the
// compiled C: whole entries with the newline that followed each are exactly the console's bytes
// (CRs, empty lines, lines cut by a flush tick or the line cap, long lines and UTF-8 included),
// while the batches still get every line once, as before; the ring's space comes back behind the
// slower reader only; a follower alone frees space by itself. Also the flush path's additions:
// a batch ended part way (logpipeReleaseBefore), pending / undelivered counts, loss counts.
import t from 'tap';
import { buildHarness, Entry, Event, Script } from './lib/harness.ts';

const exe = buildHarness();
let seed = 0x1b873593;
function rand(limit: number): number {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * limit);
}
const WORDS = ['alpha', 'β', 'ж', '€uro', '日本', '😀', '\t', ' ', 'x', '\r', '\r\n', '\n', '\n\n', 'zz'];
function randomText(words: number): string {
    let s = '';
    for (let n = words; n > 0; n--) s += WORDS[rand(WORDS.length)];
    return s;
}
/** What the batches make of a text: its lines, a CR before a newline dropped, empty lines skipped. */
function expectedLines(text: string): string[] {
    const lines = text.split('\n');
    lines.pop();
    return lines.map(l => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter(l => l.length > 0);
}
/** The bytes the follower's entries stand for: each entry, and its newline if one followed it. */
const bytesOf = (entries: Entry[]) => Buffer.concat(entries.flatMap(e => e.newline ? [e.data, Buffer.from('\n')] : [e.data]));
const textOf = (events: Event[]) => events.map(e => e.data.toString('utf8'));

t.test('entries are the console bytes, and the batches get every line, across random writes and ticks', async t => {
    for (let round = 0; round < 20; round++) {
        // Lines of all lengths, some longer than the cap (64), with CRs and empty lines.
        const text = randomText(400) + '\n';
        const bytes = Buffer.from(text, 'utf8');
        const s = new Script(exe);
        s.create(1 << 20, 64);
        s.limits(1 + rand(20), 1 << 20, 0, 64, 0);
        s.follow(true);
        const entries: Entry[] = [];
        const events: Event[] = [];
        let at = 0;
        while (at < bytes.length) {
            const n = Math.min(bytes.length - at, 1 + rand(rand(4) === 0 ? 300 : 30));
            s.write(bytes.subarray(at, at + n));
            at += n;
            // Ticks anywhere: a line that waited two of them goes out cut, and goes on later.
            if (rand(5) === 0) s.tick(false);
            if (rand(4) === 0) {
                s.followRead(e => entries.push(...e));
                s.followRelease();
            }
            if (rand(4) === 0) {
                s.take(b => events.push(...b.events));
                s.release();
            }
        }
        s.tick(true);
        s.followRead(e => entries.push(...e));
        s.followRelease();
        for (let i = 0; i < 1000; i++) {
            s.take(b => events.push(...b.events));
            s.release();
        }
        let totals = { lines: 0, bytes: 0, lostLines: -1, lostBytes: -1, used: -1 };
        s.totals(x => { totals = x; });
        const r = s.run();
        t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
        t.same([totals.lostLines, totals.lostBytes, totals.used], [0, 0, 0], 'nothing lost, all space back');
        t.ok(bytesOf(entries).equals(bytes), `round ${round}: the follower's entries are the console's bytes`);
        // The batches cut lines where the ticks and the cap cut them: put together, they are the lines.
        t.equal(textOf(events).join(''), expectedLines(text).join(''), 'the batches: the same text, every line once, in order');
        t.ok(events.every(e => e.data.length > 0 && !e.data.includes(10)), 'events are line pieces: no newline, never empty');
    }
});

t.test('the space comes back behind the slower reader', async t => {
    const line = 'x'.repeat(47) + '\n';     // an entry of 64 bytes (header 16 + 47 rounded up)
    const s = new Script(exe);
    s.create(1024, 64);
    s.follow(true);
    let used: number[] = [];
    const snap = () => s.totals(x => used.push(x.used));
    for (let i = 0; i < 8; i++) s.write(line);
    snap();                                  // 512
    s.take(() => {});
    s.release();
    snap();                                  // the batches are done; the follower holds it all
    s.followRead(() => {});
    s.followRelease();
    snap();                                  // both done: empty
    for (let i = 0; i < 20; i++) s.write(line);    // 16 fit, 4 lost
    s.take(() => {});
    s.release();
    let loss = { reportedLines: -1, reportedBytes: -1, pendingLines: -1, pendingBytes: -1 };
    s.lossCounts(x => { loss = x; });
    s.write(line);                           // the follower holds the ring: still lost
    s.followRead(() => {});
    s.followRelease();
    s.write(line);                           // room: the loss report, then the line
    let entries: Entry[] = [];
    s.followRead(e => { entries = e; });
    let after = { reportedLines: -1, reportedBytes: -1, pendingLines: -1, pendingBytes: -1 };
    s.lossCounts(x => { after = x; });
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    t.same(used, [512, 512, 0], 'released by both readers only');
    t.same(loss, { reportedLines: 0, reportedBytes: 0, pendingLines: 4, pendingBytes: 4 * 47 }, 'counted, not yet reported');
    t.same(entries.map(e => [e.loss, e.newline, e.data.toString()]),
        [[true, true, 'logpipe: 5 lines, 235 bytes dropped (log buffer full)'], [false, true, 'x'.repeat(47)]],
        'the report where the loss happened, then the line');
    t.same(after, { reportedLines: 5, reportedBytes: 235, pendingLines: 0, pendingBytes: 0 }, 'reported');
});

t.test('a follower alone frees the space itself; a follower that stops holds none', async t => {
    const line = 'y'.repeat(47) + '\n';
    const s = new Script(exe);
    s.create(1024, 64);
    s.follow(false);
    const used: number[] = [];
    for (let i = 0; i < 8; i++) s.write(line);
    s.followRead(() => {});
    s.followRelease();
    s.totals(x => used.push(x.used));
    for (let i = 0; i < 8; i++) s.write(line);
    s.unfollow();
    s.totals(x => used.push(x.used));
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    t.same(used, [0, 0], 'nothing waits for batches that never come');
});

t.test('a batch ended part way: the events not sent come first in the next batch', async t => {
    const s = new Script(exe);
    s.create(1 << 16, 256);
    s.limits(5, 1 << 16, 0, 256, 0);
    for (let i = 0; i < 8; i++) s.write(`line ${i}\n`);
    s.tick(true);
    const batches: string[][] = [];
    const counts: number[] = [];
    let pending: boolean[] = [];
    s.undelivered(n => counts.push(n));
    s.take(b => batches.push(textOf(b.events)));
    s.releaseBefore(4);                       // lines 0-3 went; line 4, the last read, failed
    s.undelivered(n => counts.push(n));
    s.take(b => batches.push(textOf(b.events)));
    s.releaseBefore(0);                       // nothing went
    s.take(b => batches.push(textOf(b.events)));
    s.release();
    s.pending(p => pending.push(p));
    s.take(b => batches.push(textOf(b.events)));
    s.release();
    s.pending(p => pending.push(p));
    s.write('open line');
    s.pending(p => pending.push(p));
    s.undelivered(n => counts.push(n));
    let totals = { lines: -1, bytes: 0, lostLines: 0, lostBytes: 0, used: 0 };
    s.totals(x => { totals = x; });
    const r = s.run();
    t.equal(r.status, 0, 'no sanitizer report', { stderr: r.stderr });
    t.same(batches, [
        ['line 0', 'line 1', 'line 2', 'line 3', 'line 4'],
        ['line 4', 'line 5', 'line 6', 'line 7'],
        ['line 4', 'line 5', 'line 6', 'line 7'],
        [],
    ], 'lines sent once, the rest again');
    t.same(counts, [8, 4, 0], 'undelivered events');
    t.same(pending, [false, false, true], 'pending: an open line too');
    t.equal(totals.lines, 8, 'each event counted once in the totals');
});
