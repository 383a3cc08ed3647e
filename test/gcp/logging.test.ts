// The log pipeline against the Cloud Logging mock (every body validated against Google's protos):
// structured JSON lines, severity switch, labels, lines beyond the entry cap, volume beyond one
// request, loss when the buffer is full, and the flush at shutdown.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tempDir } from '../../host/lib/klibhost.ts';
import { ConsoleSeen, until } from '../host/lib/gate.ts';
import { buildGcp, gcpConfig, payloads, runGcp, startGcpStack, storedEntries, waitFor, writes } from './lib.ts';

buildGcp();

t.test('JSON lines follow the structured-logging rules', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const lines = [
    '{"severity":"warning","message":"only a message"}',
    '{"level":"error","message":"with level","n":3,"nested":{"a":[1,2,{"b":null}]}}',
    '{"message":"labelled","logging.googleapis.com/labels":{"team":"db"},"logging.googleapis.com/insertId":"id-1","logging.googleapis.com/trace":"projects/p/traces/abc","logging.googleapis.com/spanId":"000000000000004a","logging.googleapis.com/trace_sampled":true}',
    '{"not json',
    '{"severity":"NOTICE","x":1}',
    '{"message":"located","logging.googleapis.com/sourceLocation":{"file":"a.c","line":42,"function":"f"},"logging.googleapis.com/operation":{"id":"op","producer":"me","first":true}}',
    '{"message":"not a location","logging.googleapis.com/sourceLocation":{"file":"a.c","column":3}}',
  ];
  const script = lines.map(l => `printf '%s\\n' '${l}'`).join('; ');
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'json', labels: { app: 'shop', tier: 'web' } } }), script);
  t.equal(r.code, 0, r.stderr);
  const e = storedEntries(stack, 'json');
  t.equal(e.length, 7, 'seven entries');
  t.equal(e[0].textPayload, 'only a message', 'a lone message becomes the textPayload');
  t.equal(e[0].severity, 'WARNING', 'severity lifted');
  t.same(e[1].jsonPayload, { level: 'error', message: 'with level', n: 3, nested: { a: [1, 2, { b: null }] } }, 'jsonPayload');
  t.equal(e[1].severity, 'ERROR', 'level read');
  t.same(e[2].jsonPayload, undefined);
  t.equal(e[2].textPayload, 'labelled');
  t.same(e[2].labels, { team: 'db', app: 'shop', tier: 'web' }, 'line labels, plus the configured ones');
  t.equal(e[2].insertId, 'id-1');
  t.equal(e[2].trace, 'projects/p/traces/abc');
  t.equal(e[2].spanId, '000000000000004a');
  t.equal(e[2].traceSampled, true);
  t.equal(e[3].textPayload, '{"not json', 'not JSON: text');
  t.same(e[4].jsonPayload, { x: 1 });
  t.equal(e[4].severity, 'NOTICE');
  t.equal(e[5].textPayload, 'located');
  t.same(e[5].sourceLocation, { file: 'a.c', line: '42', function: 'f' }, 'sourceLocation lifted');
  t.same(e[5].operation, { id: 'op', producer: 'me', first: true }, 'operation lifted');
  t.same(e[6].jsonPayload, { message: 'not a location', 'logging.googleapis.com/sourceLocation': { file: 'a.c', column: 3 } },
    'a sourceLocation with a member LogEntrySourceLocation lacks stays in the payload');
  t.same(e[0].labels, { app: 'shop', tier: 'web' }, 'configured labels on every entry');
  t.ok(writes(stack).every(w => w.status === 200), 'every request accepted');
});

t.test('logging.severity off: no detection, JSON members stay', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'plain', severity: 'off' } }),
    `echo 'ERROR: x'; echo '{"severity":"ERROR","m":1}'`);
  t.equal(r.code, 0, r.stderr);
  const e = storedEntries(stack, 'plain');
  t.same(e.map(x => x.severity ?? 'DEFAULT'), ['DEFAULT', 'DEFAULT']);
  t.same(e[1].jsonPayload, { severity: 'ERROR', m: 1 });
});

t.test('a long line is split under the entry cap on UTF-8 boundaries', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // 150,000 bytes of 3-byte characters (and one ASCII byte to shift the boundaries).
  const line = 'x' + '€'.repeat(50000);
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'long' } }),
    `node -e 'process.stdout.write("x" + "€".repeat(50000) + "\\n")'`);
  t.equal(r.code, 0, r.stderr);
  const e = storedEntries(stack, 'long');
  t.ok(e.length >= 4, `split into ${e.length} entries`);
  t.equal(payloads(e).join(''), line, 'the pieces make the line, no character broken');
  t.ok(e.every(x => Buffer.byteLength(JSON.stringify(x)) < 256 * 1024), 'each entry under 256 KiB');
});

t.test('control bytes, quotes, backslashes and ill-formed UTF-8 are escaped, in lines of any length', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // Escapes grow a byte up to six times: a line of them is escaped in several rounds (json_text.ts).
  // Every byte but the newline, each line a different mix; 0xff is one replacement character.
  const program = `const mix = [];
    for (let c = 1; c < 32; c++) if (c !== 10) mix.push(c);
    mix.push(34, 92, 0xff, 0xe2, 0x82, 0xac, 120);
    const one = Buffer.from(mix);
    const lines = [one, Buffer.concat(Array(1000).fill(one)), Buffer.concat([Buffer.from("a".repeat(500)), one, one])];
    process.stdout.write(Buffer.concat(lines.flatMap(l => [l, Buffer.from("\\n")])));`;
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'escapes' } }), `node -e '${program}'`);
  t.equal(r.code, 0, r.stderr);
  const mix: number[] = [];
  for (let c = 1; c < 32; c++) if (c !== 10) mix.push(c);
  mix.push(34, 92, 0xff, 0xe2, 0x82, 0xac, 120);
  const one = Buffer.from(mix).toString('utf8');
  const expected = [one, one.repeat(1000), 'a'.repeat(500) + one + one];
  t.equal(payloads(storedEntries(stack, 'escapes')).join('|'), expected.join('|'), 'every line stored as written');
});

t.test('short lines with one byte to escape at each place: stored as written', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // The escaper copies plain text 8 bytes at a time, and a text's last few bytes as one word
  // overlapping the one before (klib-src/logpipe/event_json.ts): every place of an odd byte in
  // lines of 8 to 24 bytes. 0xff is one replacement character.
  const lines: Buffer[] = [];
  for (let length = 8; length <= 24; length++) {
    for (let at = 0; at < length; at++) {
      for (const odd of [0x22, 0x5c, 0x01, 0xff]) {
        const line = Buffer.from(Array.from({ length }, (_, i) => 0x61 + ((i * 7 + at) % 26)));
        line[at] = odd;
        lines.push(line);
      }
    }
  }
  const file = join(tempDir('gcp-escapes-'), 'lines.bin');
  writeFileSync(file, Buffer.concat(lines.flatMap(l => [l, Buffer.from('\n')])));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'short' } }), `cat ${file}`);
  t.equal(r.code, 0, r.stderr);
  t.same(payloads(storedEntries(stack, 'short')), lines.map(l => l.toString('utf8')), 'every line stored as written');
});

t.test('more than one request of output: every line once, in order', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'bulk', buffer_size: String(16 << 20) } }),
    `node -e 'let s = ""; for (let i = 0; i < 30000; i++) s += "line " + i + " " + "z".repeat(100) + "\\n"; process.stdout.write(s)'`);
  t.equal(r.code, 0, r.stderr);
  const e = storedEntries(stack, 'bulk');
  t.equal(e.length, 30000, 'every line');
  t.ok(e.every((x, i) => x.textPayload === `line ${i} ${'z'.repeat(100)}`), 'in order, exactly once');
  const w = writes(stack);
  t.ok(w.length >= 3, `${w.length} requests`);
  t.ok(w.every(x => Buffer.byteLength(x.body) <= 10 * 1024 * 1024), 'each request under 10 MB');
});

t.test('a full buffer drops lines and reports the loss', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // The metadata server answers once klibhost has echoed the whole burst, so nothing can ship
  // meanwhile (every request waits: one that times out meanwhile is retried).
  const echoed = new ConsoleSeen();
  stack.metadata.faults.add({ kind: 'hold', until: until(() => echoed.text.includes('burst 19999\n')) }, Infinity);
  const lossShipped = () => storedEntries(stack, 'lossy').some(x => /bytes dropped/.test(x.textPayload ?? ''));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'lossy', buffer_size: '65536' } }),
    `node -e 'let s = ""; for (let i = 0; i < 20000; i++) s += "burst " + i + "\\n"; process.stdout.write(s)'; ${waitFor(lossShipped)}; echo after`,
    [], echoed.feed);
  t.equal(r.code, 0, r.stderr);
  const e = storedEntries(stack, 'lossy');
  const loss = e.filter(x => /logpipe: \d+ lines, \d+ bytes dropped/.test(x.textPayload ?? ''));
  t.equal(loss.length, 1, 'one loss report');
  t.equal(loss[0].severity, 'WARNING');
  const kept = e.filter(x => /^burst \d+$/.test(x.textPayload ?? '')).map(x => Number(x.textPayload.split(' ')[1]));
  const lost = Number(/(\d+) lines/.exec(loss[0].textPayload)![1]);
  // The line the ring filled up in is counted lost, and the part of it that fitted is kept.
  t.ok(kept.length + lost === 20000 || kept.length + lost === 20001, `kept ${kept.length} + reported lost ${lost} = written`);
  t.same(kept, [...kept].sort((a, b) => a - b), 'kept lines in order');
  t.equal(e.at(-1)!.textPayload, 'after', 'shipping resumes');
});

t.test('flush at shutdown: lines written just before exit are delivered', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'exit', flush_interval: '3600' } }),
    `echo last words; printf 'no newline'`);
  t.equal(r.code, 0, r.stderr);
  t.same(payloads(storedEntries(stack, 'exit')), ['last words', 'no newline']);
});
