// Each PutLogEvents body is made once (issue 15): the hashing pass keeps its parts in the ring's
// spare room, and the request sends those (klib-src/logpipe/kept_body.ts). Where the spare room
// holds only the start of a body, the rest is made again as it is sent; the mock checks every
// signature against the body it received (the official smithy signer), so a part that differed
// from the one hashed would fail the request.
import t from 'tap';
import { ConsoleSeen, until, when } from '../host/lib/gate.ts';
import {
  appMessages, buildCloudwatch, exampleConfig, klibLines, requestLog, run, sanitizerReport, startAws,
} from './lib/run.ts';

buildCloudwatch();

/** An entry's room in the ring (klib-src/logpipe/ring.ts: a 16-byte header, the bytes padded to 16). */
const footprint = (n: number) => 16 + Math.ceil(n / 16) * 16;

t.test('a body larger than the spare room: kept parts and parts made again are one signed body', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const LINES = 9000;
  const pad = 'x'.repeat(80);
  const line = (i: number) => `kept line ${i} ${pad}`;
  // A first batch of one line is held until every line of the burst is in the ring: the next batch
  // is then as large as PutLogEvents allows, with most of a 2 MiB ring in use.
  const seen = new ConsoleSeen();
  const firstSent = () => aws.cloudwatch.requests.some(q => q.operation === 'PutLogEvents');
  aws.cloudwatch.holdNext(1, 'PutLogEvents', until(() => seen.text.includes(`${line(LINES)}\n`)));
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }, { buffer_size: '2m' }),
    `echo first; ${when(firstSent)}; seq 1 ${LINES} | sed "s/.*/kept line & ${pad}/"`, ['--flush-timeout', '60'], seen.feed);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const puts = aws.cloudwatch.requests.filter(q => q.operation === 'PutLogEvents');
  t.ok(puts.every(q => q.status === 200), `every PutLogEvents signed over the body sent\n${requestLog(aws)}`);
  t.same(await appMessages(aws), ['first', ...Array.from({ length: LINES }, (_, i) => line(i + 1))], 'every line, once, in order');
  t.same(klibLines(r), [], 'nothing dropped');
  // The largest body against the most spare room its batch could have left: the ring less the
  // batch's own entries and the console path's reach (a whole entry of the 256 KiB line cap).
  const largest = puts.reduce((a, q) => (q.body.length > a.body.length ? q : a));
  const events = (largest.body.match(/"timestamp":/g) ?? []).length;
  const spareAtMost = 2 * 1024 * 1024 - events * footprint(line(1).length) - footprint(256 * 1024);
  t.ok(largest.body.length > spareAtMost,
    `the largest body (${largest.body.length} bytes, ${events} events) is larger than the spare room (at most ${spareAtMost}): part of it was made again`);
});
