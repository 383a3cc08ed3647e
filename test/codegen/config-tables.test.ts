// The klibs' tables of keys (KEYS in klib-src/<klib>/config.ts, read at boot by lib/config_map.ts)
// and the README tables written from them (codegen/config_tables.ts, `npm run gen`): every README
// table is what its klib's table says, the rows are well formed, the checker catches a row that is
// not, and the two cloud klibs read their shared sizes and durations alike.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { BEGIN, END, readKlibKeys, renderTable, withTable, writeReadmeTables } from '../../codegen/config_tables.ts';
import { ROOT, tempDir } from './lib/klibc.ts';

const klibs = readKlibKeys(ROOT);

t.test('every klib with a configuration declares it as a table', async t => {
    t.same(klibs.map(k => k.klib), ['cloudwatch', 'gcp', 'syslog', 'tls', 'webhook']);
    for (const k of klibs) t.same(k.errors, [], `${k.klib}: its rows are well formed`);
});

t.test('every README key table is what its klib table says (run npm run gen)', async t => {
    t.same(writeReadmeTables(ROOT, true), []);
    for (const k of klibs) {
        const readme = fs.readFileSync(path.join(ROOT, 'klib-src', k.klib, 'README.md'), 'utf8');
        const table = readme.slice(readme.indexOf(BEGIN), readme.indexOf(END) + END.length);
        t.equal(table, renderTable(k), `${k.klib}/README.md`);
        for (const row of k.rows) t.match(table, `| \`${row.name}\` |`, `${k.klib}: ${row.name} is listed`);
    }
});

t.test('a README whose table differs is found, and rewritten', async t => {
    const root = tempDir('config-tables-');
    const dir = path.join(root, 'klib-src', 'demo');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.ts'), `
export interface Demo { interval: u64; name: Buffer | null; on: boolean }
const KEYS: readonly ConfigKey[] = [
    { name: 'interval', kind: ConfigKind.Seconds, field: offsetOf<Demo>('interval'), initial: '5m', range: '1s..1h', doc: 'how often' },
    { name: 'name', kind: ConfigKind.Text, field: offsetOf<Demo>('name'), initial: '', range: '1..8 [a-z]', doc: 'what' },
];
`);
    const readme = path.join(dir, 'README.md');
    fs.writeFileSync(readme, `# demo\n\n${BEGIN}\n| stale |\n${END}\n\nAfter.\n`);
    t.match(writeReadmeTables(root, true), [/klib-src\/demo\/README.md: its key table differs/]);
    t.same(writeReadmeTables(root, false), []);
    const written = fs.readFileSync(readme, 'utf8');
    t.match(written, '| `interval` | duration, `1s` to `1h`, whole seconds | `5m` | how often |');
    t.match(written, '| `name` | 1 to 8 characters of `[a-z]` | — | what |');
    t.match(written, /\nAfter\.\n$/, 'what follows the table is kept');
    t.same(writeReadmeTables(root, true), [], 'then it is fresh');
    t.equal(withTable('# no markers\n', 'x'), undefined);
});

t.test('the checker refuses rows a reader would misread', async t => {
    const root = tempDir('config-tables-');
    const dir = path.join(root, 'klib-src', 'bad');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.ts'), `
export const enum Mode { A, B }
export interface Bad { small: u32; mode: Mode; text: Buffer | null; flag: boolean }
const KEYS: readonly ConfigKey[] = [
    { name: 'small', kind: ConfigKind.Size, field: offsetOf<Bad>('small'), initial: '4m', range: '64k..256m', doc: '' },
    { name: 'mode', kind: ConfigKind.Choice, field: offsetOf<Bad>('mode'), initial: 'c', range: 'a b c', doc: '' },
    { name: 'wait', kind: ConfigKind.Seconds, field: offsetOf<Bad>('small'), initial: '1500ms', range: '1s..1h', doc: '' },
    { name: 'text', kind: ConfigKind.Text, field: offsetOf<Bad>('text'), initial: 'ABC', range: '1..8 [a-z]', doc: '' },
    { name: 'flag', kind: ConfigKind.Switch, field: offsetOf<Bad>('flag'), initial: 'maybe', range: '', doc: '' },
    { name: 'inner.x', kind: ConfigKind.Presence, field: offsetOf<Bad>('flag'), initial: '', range: '', doc: '' },
    { name: 'gone', kind: ConfigKind.Integer, field: offsetOf<Bad>('missing'), initial: '', range: '', doc: '' },
];
`);
    fs.writeFileSync(path.join(dir, 'README.md'), `${BEGIN}\n${END}\n`);
    const [bad] = readKlibKeys(root);
    t.same(bad!.errors.sort(), [
        "klib-src/bad/config.ts: 'flag': the default 'maybe' is not on or off",
        "klib-src/bad/config.ts: 'inner.x': no Section row 'inner' holds it",
        "klib-src/bad/config.ts: 'mode': 3 words for an enum of 2 members",
        "klib-src/bad/config.ts: 'small': a Size is stored in a field of type u64 or bytes, not u32",
        "klib-src/bad/config.ts: 'text': the default 'ABC' is not in its class",
        "klib-src/bad/config.ts: 'wait': a Seconds is stored in a field of type u64, not u32",
        "klib-src/bad/config.ts: 'wait': the default '1500ms' is not whole seconds",
        "klib-src/bad/config.ts:11: 'gone': Bad has no field 'missing' in this module",
    ].sort());
});

t.test('cloudwatch and gcp read their shared sizes and durations alike', async t => {
    const [cw, gcp] = ['cloudwatch', 'gcp'].map(name => klibs.find(k => k.klib === name)!);
    const forms = new Set(['Size', 'Seconds', 'Milliseconds', 'PlainMilliseconds']);
    const shared = cw!.rows.filter(r => forms.has(r.kind) && gcp!.rows.some(g => g.name === r.name));
    t.same(shared.map(r => r.name).sort(), ['logging.buffer_size', 'logging.flush_interval', 'shutdown_timeout', 'stats_interval']);
    for (const r of shared) {
        const g = gcp!.rows.find(x => x.name === r.name)!;
        t.same([g.kind, g.range, g.initial], [r.kind, r.range, r.initial], `${r.name}: the same kind, range and default`);
    }
});

t.test('the webhook reads the shipper keys as the cloud klibs do (its own keys are not under logging.)', async t => {
    const [cw, webhook] = ['cloudwatch', 'webhook'].map(name => klibs.find(k => k.klib === name)!);
    for (const name of ['buffer_size', 'flush_interval', 'shutdown_timeout', 'stats_interval']) {
        const w = webhook!.rows.find(x => x.name === name)!;
        const c = cw!.rows.find(x => x.name === name || x.name === `logging.${name}`)!;
        t.same([w.kind, w.range, w.initial], [c.kind, c.range, c.initial], `${name}: the same kind, range and default`);
    }
});
