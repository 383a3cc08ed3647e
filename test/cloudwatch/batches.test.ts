// Batches filled to PutLogEvents' real limit: 1,048,576 bytes counting each message in UTF-8 plus 26,
// as CloudWatch sees the message (each invalid byte sequence arrives as U+FFFD, 3 bytes). The mock
// refuses any batch or event over its limit; the official SDK reads the events back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ConsoleSeen, until } from '../host/lib/gate.ts';
import { tempDir } from '../../host/lib/klibhost.ts';
import {
  appMessages, buildCloudwatch, exampleConfig, klibLines, MAX_BATCH_BYTES, MAX_EVENT_BYTES, requestLog, run, sanitizerReport,
  startAws, type AwsStack,
} from './lib/run.ts';

buildCloudwatch();

function fileWith(bytes: Buffer): string {
  const path = join(tempDir('cw-batches-'), 'out.bin');
  writeFileSync(path, bytes);
  return path;
}

/** The size of each accepted PutLogEvents batch as CloudWatch counts it. */
function batchSizes(aws: AwsStack): number[] {
  return aws.cloudwatch.accepted('PutLogEvents').map(q => {
    const body = JSON.parse(q.body) as { logEvents: { message: string }[] };
    return body.logEvents.reduce((n, e) => n + Buffer.byteLength(e.message) + 26, 0);
  });
}

/** Runs `cat` of `bytes` with a 16 MB ring (lines up to one whole event) and reads the events back. */
async function ship(t: Test, bytes: Buffer): Promise<{ aws: AwsStack; got: string[] }> {
  const aws = await startAws();
  t.teardown(() => aws.close());
  // Metadata answers wait until klibhost has echoed the whole file (so it is all in the ring) before
  // anything ships: batches are then cut by the limits alone, not by when the bytes happened to
  // arrive. Every request waits (one that times out meanwhile is retried), none after that.
  const echoed = new ConsoleSeen();
  aws.imds.faults.add({ kind: 'hold', until: until(() => echoed.bytes >= bytes.length) }, Infinity);
  const r = await run(aws, exampleConfig(aws, {}, { buffer_size: '16m' }), `cat ${fileWith(bytes)}`, ['--flush-timeout', '60'],
    echoed.feed);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(klibLines(r), [], `no refusal\n${requestLog(aws)}`);
  return { aws, got: await appMessages(aws) };
}

t.test('valid text: batches fill to within one event of 1,048,576', async t => {
  const line = 'log line é € 😀 '.repeat(50).slice(0, 990);   // 1,040-odd bytes of 1- to 4-byte sequences
  const size = Buffer.byteLength(line) + 26;
  const count = 3000;
  const { aws, got } = await ship(t, Buffer.from(`${line}\n`.repeat(count)));
  t.equal(got.length, count);
  t.ok(got.every(m => m === line), 'every line exactly once');
  const sizes = batchSizes(aws);
  t.ok(sizes.every(n => n <= MAX_BATCH_BYTES), `every batch within the limit: ${sizes.join(' ')}`);
  t.ok(Math.max(...sizes) > MAX_BATCH_BYTES - size, `a batch within one event (${size}) of the limit: ${Math.max(...sizes)}`);
  t.ok(sizes.length <= Math.ceil(count * size / MAX_BATCH_BYTES) + 2, `${sizes.length} requests for ${count * size} bytes`);
});

t.test('invalid bytes: each becomes U+FFFD (3 bytes), and batches stay within the limit', async t => {
  const line = Buffer.alloc(1000, 0x80);               // stray continuation bytes: 1,000 U+FFFD
  const count = 1000;
  const { aws, got } = await ship(t, Buffer.concat(Array.from({ length: count }, () => Buffer.concat([line, Buffer.from('\n')]))));
  t.equal(got.length, count);
  t.ok(got.every(m => m === '\ufffd'.repeat(1000)), 'each byte arrives as U+FFFD');
  const sizes = batchSizes(aws);
  t.ok(sizes.every(n => n <= MAX_BATCH_BYTES), `every batch within the limit: ${sizes.join(' ')}`);
  t.ok(Math.max(...sizes) > MAX_BATCH_BYTES - 3026, `a batch within one event of the limit: ${Math.max(...sizes)}`);
});

t.test('lines of 262,118 valid bytes are one event each, four make a batch of exactly 1,048,576', async t => {
  const unit = 'ab€😀';                                 // 9 bytes
  const line = unit.repeat(Math.floor(MAX_EVENT_BYTES / 9)) + 'x'.repeat(MAX_EVENT_BYTES % 9);
  t.equal(Buffer.byteLength(line), MAX_EVENT_BYTES);
  const { aws, got } = await ship(t, Buffer.from(`${line}\n`.repeat(4) + 'after\n'));
  t.same(got.map(m => m.length), [line, line, line, line, 'after'].map(m => m.length));
  t.ok(got.slice(0, 4).every(m => m === line), 'each line whole, in one event');
  t.ok(batchSizes(aws).includes(MAX_BATCH_BYTES), `a batch of exactly ${MAX_BATCH_BYTES}: ${batchSizes(aws).join(' ')}`);
});

t.test('a line of 262,118 invalid bytes: split so that each piece fits once replaced', async t => {
  const line = Buffer.alloc(MAX_EVENT_BYTES);
  // stray continuation, bytes no sequence has, a truncated 3-byte and 4-byte sequence, ASCII, a surrogate
  const pattern = [0x80, 0xff, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98, 0xed, 0xa0, 0x80, 0xc0];
  for (let i = 0; i < line.length; i++) line[i] = pattern[i % pattern.length]!;
  const { aws, got } = await ship(t, Buffer.concat([Buffer.from('before\n'), line, Buffer.from('\nafter\n')]));
  t.equal(got[0], 'before');
  t.equal(got.at(-1), 'after');
  const pieces = got.slice(1, -1);
  const replaced = Buffer.byteLength(line.toString('utf8'));
  t.ok(pieces.length >= Math.ceil(replaced / MAX_EVENT_BYTES), `${pieces.length} events for ${replaced} bytes once replaced`);
  t.ok(pieces.every(m => Buffer.byteLength(m) <= MAX_EVENT_BYTES), 'every piece within the per-event limit');
  t.equal(pieces.join(''), line.toString('utf8'), 'cut between sequences: the pieces read as the whole line');
  t.ok(batchSizes(aws).every(n => n <= MAX_BATCH_BYTES), 'every batch within the limit');
});
