// What the program prints, byte for byte: many lines, one huge line, every control byte, ANSI
// colours, invalid UTF-8, a last line without its newline. The SDK reads back every line exactly
// once, in order; invalid UTF-8 arrives as U+FFFD per maximal ill-formed subpart (what Node's
// decoder does too), and a CR before the newline is not part of the line (README.md).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { when } from '../host/lib/gate.ts';
import { tempDir } from '../../host/lib/klibhost.ts';
import {
  appMessages, buildCloudwatch, exampleConfig, klibLines, MAX_EVENT_BYTES, readBack, requestLog, run, sanitizerReport, startAws,
  statsLines,
} from './lib/run.ts';

buildCloudwatch();

/** The lines the klib ships for these bytes: split at LF, a CR before LF dropped, empty lines skipped. */
function expectedLines(bytes: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    let end = i;
    if (i < bytes.length && end > start && bytes[end - 1] === 0x0d) end--;
    if (end > start) out.push(bytes.subarray(start, end).toString('utf8'));
    start = i + 1;
  }
  return out;
}

function fileWith(bytes: Buffer): string {
  const path = join(tempDir('cw-content-'), 'out.bin');
  writeFileSync(path, bytes);
  return path;
}

// klibhost feeds the console as fast as the program writes, and the console never blocks: a burst
// bigger than the buffer loses lines (next test). 16 MB holds this one whatever the scheduling.
t.test('100,000 lines: every one exactly once, in order', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const r = await run(aws, exampleConfig(aws, {}, { buffer_size: '16m' }), 'seq 1 100000 | sed "s/^/line number /"',
    ['--flush-timeout', '60']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const got = await appMessages(aws);
  t.equal(got.length, 100000, requestLog(aws).split('\n').slice(0, 20).join('\n'));
  t.ok(got.every((m, i) => m === `line number ${i + 1}`), 'in order, exactly once');
  const puts = aws.cloudwatch.accepted('PutLogEvents');
  t.ok(puts.length >= 10, `several batches (${puts.length}) under the 10,000-event limit`);
  t.same(klibLines(r), [], 'nothing dropped');
});

t.test('a burst bigger than the buffer: the loss is counted and reported as an event of its own', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const r = await run(aws, exampleConfig(aws, {}, { buffer_size: '64k' }), 'seq 1 50000 | sed "s/^/burst line /"',
    ['--flush-timeout', '60']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const all = (await readBack(aws, 'g', 's')).map(e => e.message);
  const reports = all.filter(m => m.startsWith('logpipe: '));
  const lines = all.filter(m => m.startsWith('burst line '));
  t.ok(reports.length >= 1, 'loss reported');
  let dropped = 0;
  for (const m of reports) {
    const match = /^logpipe: (\d+) lines, (\d+) bytes dropped \(log buffer full\)$/.exec(m);
    t.ok(match, m);
    if (match) dropped += Number(match[1]);
  }
  t.equal(lines.length + dropped, 50000, `${lines.length} delivered + ${dropped} dropped`);
  const numbers = lines.map(m => Number(m.slice('burst line '.length)));
  t.ok(numbers.every((n, i) => i === 0 || n > numbers[i - 1]), 'what arrived is in order, no duplicate');
});

t.test('a 3 MB line: split into events on UTF-8 boundaries, nothing lost', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const unit = 'abcé€😀';                  // 1-, 2-, 3- and 4-byte sequences
  const line = unit.repeat(Math.ceil(3 * 1024 * 1024 / Buffer.byteLength(unit))) + 'tail';
  const path = fileWith(Buffer.from(`before\n${line}\nafter\n`));
  const r = await run(aws, exampleConfig(aws), `cat ${path}`, ['--flush-timeout', '60']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const got = await appMessages(aws);
  t.equal(got[0], 'before');
  t.equal(got.at(-1), 'after');
  const middle = got.slice(1, -1);
  t.ok(middle.length > 1, `${middle.length} events`);
  t.ok(middle.every(m => !m.includes('\ufffd')), 'no sequence was cut');
  t.ok(middle.every(m => Buffer.byteLength(m) <= MAX_EVENT_BYTES), 'every event within the per-event limit');
  t.ok(middle.join('') === line, 'the pieces put together are the line');
});

t.test('every control byte, ANSI colours, invalid UTF-8 and a last line without newline', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const parts: Buffer[] = [];
  const controls = Buffer.from(Array.from({ length: 32 }, (_, i) => i).filter(b => b !== 0x0a && b !== 0x0d).concat([0x7f]));
  parts.push(Buffer.from('controls:'), controls, Buffer.from('\n'));
  parts.push(Buffer.from('\x1b[31mred\x1b[0m \x1b[1;32mbold green\x1b[0m\n'));
  parts.push(Buffer.from('quotes " and backslash \\ and slash / and tab\tend\r\n'));
  parts.push(Buffer.from([0x62, 0x61, 0x64, 0x3a, 0xff, 0xfe, 0x20, 0xc3, 0x20, 0xe2, 0x82, 0x20, 0xed, 0xa0, 0x80, 0x20, 0xf0, 0x9f, 0x98, 0x0a]));
  parts.push(Buffer.from('utf-8 ok: é € 😀\n'));
  parts.push(Buffer.from('a carriage\rreturn inside\n'));
  // Lines of 8 to 24 bytes with one byte to escape or check at each place: the escaper copies
  // plain text 8 bytes at a time, and a text's last few bytes as one word overlapping the one
  // before (klib-src/logpipe/event_json.ts).
  for (let length = 8; length <= 24; length++) {
    for (let at = 0; at < length; at++) {
      for (const odd of [0x22, 0x5c, 0x01, 0xff]) {
        const line = Buffer.from(Array.from({ length }, (_, i) => 0x61 + ((i * 7 + at) % 26)));
        line[at] = odd;
        parts.push(line, Buffer.from('\n'));
      }
    }
  }
  parts.push(Buffer.from('the end, no newline'));
  const bytes = Buffer.concat(parts);
  const r = await run(aws, exampleConfig(aws), `cat ${fileWith(bytes)}`);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), expectedLines(bytes), requestLog(aws));
});

t.test('no credential or token ever appears on the console', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  aws.cloudwatch.throttle(2, 'PutLogEvents');
  aws.cloudwatch.logs.limits.maxEventBytes = 100;          // so that the klib has something to say
  // Once the first lines' batches are through (throttled twice, then refused as too long), the
  // credentials expire: the batch of "two" meets ExpiredTokenException.
  const firstLinesDone = () => aws.cloudwatch.requests.some(q => q.operation === 'PutLogEvents' && q.errorCode === 'InvalidParameterException');
  const r = await run(aws, exampleConfig(aws, {}, { flush_interval_ms: '50' }),
    `echo one; echo ${'y'.repeat(100)}; ${when(firstLinesDone, () => aws.imds.expireCredentials())}; echo two`,
    ['--flush-timeout', '20']);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.ok(aws.cloudwatch.requests.some(q => q.errorCode === 'ExpiredTokenException'), 'credentials were renewed');
  const secrets = new Set<string>();
  for (const k of [aws.imds.currentCredentials()]) [k.accessKeyId, k.secretAccessKey, k.sessionToken!].forEach(s => secrets.add(s));
  for (const q of aws.cloudwatch.requests) if (q.signature) secrets.add(q.signature.accessKeyId);
  for (const q of aws.imds.requests) if (q.token) secrets.add(q.token);
  t.ok(secrets.size >= 3, 'secrets collected');
  const console = r.stdout.toString('latin1') + r.stderr;
  t.ok(klibLines(r).length > 0, 'the klib did print (a refusal)');
  for (const s of secrets) t.notOk(console.includes(s), 'a secret is not printed');
});

t.test('PutLogEvents refused for good (InvalidParameterException): that batch is dropped with one message', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  aws.cloudwatch.logs.limits.maxEventBytes = 100;          // smaller than the klib's limit
  const long = 'x'.repeat(200);
  const r = await run(aws, exampleConfig(aws), `echo short; echo ${long}`);
  t.equal(r.code, 0);
  const messages = klibLines(r);
  t.equal(messages.length, 1, 'one console message: the refusal of the line carrying it is of the same kind');
  t.match(messages[0], /^cloudwatch: PutLogEvents to logs\.us-east-1\.amazonaws\.com: HTTP 400 InvalidParameterException: (\d+) of \1 lines refused by the service and dropped$/);
  t.equal(aws.cloudwatch.requests.filter(q => q.operation === 'PutLogEvents').length, 2,
    'the batch was not retried (the second request carries the message)');
  // The summary counts what the mock stored and refused, event by event.
  const events = (status: number) => aws.cloudwatch.requests.filter(q => q.operation === 'PutLogEvents' && q.status === status)
    .reduce((n, q) => n + JSON.parse(q.body).logEvents.length, 0);
  const stats = /: shipped (\d+) lines, .* refused (\d+) lines;/.exec(statsLines(r).at(-1) ?? '');
  t.same(stats?.slice(1).map(Number), [events(200), events(400)], 'shipped and refused lines counted as the mock saw them');
});

t.test('group deleted mid-run: ResourceNotFound creates group and stream again; retention applied', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  // The group goes once the mock has accepted the batch of "first" (so it exists, with a stream).
  const deleteGroup = () => aws.cloudwatch.logs.call('DeleteLogGroup', { logGroupName: 'g' });
  const r = await run(aws, exampleConfig(aws, {}, { flush_interval_ms: '50', retention_days: '7' }),
    `echo first; ${when(() => aws.cloudwatch.accepted('PutLogEvents').length > 0, deleteGroup)}; echo second`,
    ['--flush-timeout', '20']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), ['second'], requestLog(aws));
  const ops = aws.cloudwatch.requests.filter(q => q.service === 'logs').map(q => `${q.operation} ${q.errorCode ?? q.status}`);
  t.same(ops.filter(o => !o.startsWith('Get')), [
    'CreateLogGroup 200', 'PutRetentionPolicy 200', 'CreateLogStream 200', 'PutLogEvents 200',
    'PutLogEvents ResourceNotFoundException', 'CreateLogGroup 200', 'PutRetentionPolicy 200', 'CreateLogStream 200',
    'PutLogEvents 200', 'PutLogEvents 200',
  ], 'the batch again once the group and stream are made again, then the lines about it');
  const said = klibLines(r);
  t.equal(said.length, 2, said.join('\n'));
  t.equal(said[0], 'cloudwatch: PutLogEvents to logs.us-east-1.amazonaws.com: HTTP 400 ResourceNotFoundException; setting up again');
  t.match(said[1], /^cloudwatch: PutLogEvents to logs\.us-east-1\.amazonaws\.com: works again after \d+ ms \(1 attempt failed\)$/);
  // The group made again holds "second" and the two lines about it.
  t.same((await readBack(aws, 'g', 's')).map(e => e.message), ['second', ...said]);
});
