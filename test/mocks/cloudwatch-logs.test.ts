// The CloudWatch Logs mock against the official SDK: requests signed by
// @aws-sdk/client-cloudwatch-logs are accepted and read back, bad signatures
// and expired credentials are refused, and each PutLogEvents rule gives the
// error the service gives.
import t from 'tap';
import { Agent } from 'node:https';
import {
  CloudWatchLogsClient, CloudWatchLogsServiceException, CreateLogGroupCommand, CreateLogStreamCommand,
  DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand, InvalidParameterException,
  PutLogEventsCommand, PutRetentionPolicyCommand, ResourceAlreadyExistsException, ResourceNotFoundException,
  ServiceUnavailableException, ThrottlingException, UnrecognizedClientException, InvalidSequenceTokenException,
  DataAlreadyAcceptedException,
} from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CloudWatchMock } from '../../host/mocks/cloudwatch-mock.ts';
import { until } from '../host/lib/gate.ts';
import { ImdsMock } from '../../host/mocks/imds.ts';
import { makeTestCa } from '../../host/mocks/test-ca.ts';
import type { AwsCredentials } from '../../host/mocks/aws-credentials.ts';
import { RAW_ANSWERS } from '../../host/mocks/http.ts';

const ca = makeTestCa();
const imds = new ImdsMock();
const cw = new CloudWatchMock({ tls: ca, credentials: imds.credentials });
let httpsPort = 0;
t.before(async () => {
  httpsPort = (await cw.start()).httpsPort!;
});
t.teardown(() => cw.close());

// An SDK client over HTTPS that trusts only the test CA.
function client(credentials: AwsCredentials, maxAttempts = 1): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    region: 'us-east-1', endpoint: `https://localhost:${httpsPort}`, maxAttempts,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: ca.caPem }) }),
  });
}

const longTerm = cw.credentials.addLongTerm();

t.test('write with the SDK, read back with the SDK (temporary credentials from the IMDS mock)', async t => {
  const c = client(imds.currentCredentials());
  await c.send(new CreateLogGroupCommand({ logGroupName: 'app/group' }));
  await t.rejects(c.send(new CreateLogGroupCommand({ logGroupName: 'app/group' })), ResourceAlreadyExistsException);
  await c.send(new PutRetentionPolicyCommand({ logGroupName: 'app/group', retentionInDays: 7 }));
  await c.send(new CreateLogStreamCommand({ logGroupName: 'app/group', logStreamName: 'i-0123' }));
  await t.rejects(c.send(new CreateLogStreamCommand({ logGroupName: 'app/group', logStreamName: 'i-0123' })), ResourceAlreadyExistsException);
  const now = Date.now();
  const out = await c.send(new PutLogEventsCommand({
    logGroupName: 'app/group', logStreamName: 'i-0123',
    logEvents: [{ timestamp: now - 2, message: 'first "line"\n' }, { timestamp: now - 1, message: 'zweite Zeile ✓' }],
  }));
  t.equal(out.rejectedLogEventsInfo, undefined);
  const got = await c.send(new GetLogEventsCommand({ logGroupName: 'app/group', logStreamName: 'i-0123', startFromHead: true }));
  t.same(got.events?.map(e => [e.timestamp, e.message]), [[now - 2, 'first "line"\n'], [now - 1, 'zweite Zeile ✓']]);
  const filtered = await c.send(new FilterLogEventsCommand({ logGroupName: 'app/group', filterPattern: 'Zeile' }));
  t.same(filtered.events?.map(e => [e.logStreamName, e.message]), [['i-0123', 'zweite Zeile ✓']]);
  const streams = await c.send(new DescribeLogStreamsCommand({ logGroupName: 'app/group' }));
  t.same(streams.logStreams?.map(s => [s.logStreamName, s.lastEventTimestamp]), [['i-0123', now - 1]]);
  t.same(cw.logs.messages('app/group', 'i-0123'), ['first "line"\n', 'zweite Zeile ✓']);
  const put = cw.accepted('PutLogEvents')[0];
  t.ok(put.signature?.tokenSigned, 'the SDK signs x-amz-security-token');
  t.equal(put.scheme, 'https');
});

t.test('missing group / stream: ResourceNotFoundException', async t => {
  const c = client(longTerm);
  const put = (g: string, s: string) => c.send(new PutLogEventsCommand({ logGroupName: g, logStreamName: s, logEvents: [{ timestamp: Date.now(), message: 'x' }] }));
  await t.rejects(put('nope', 's'), { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
  await c.send(new CreateLogGroupCommand({ logGroupName: 'g2' }));
  await t.rejects(put('g2', 'nope'), { name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
  await t.rejects(c.send(new CreateLogStreamCommand({ logGroupName: 'nope', logStreamName: 's' })), ResourceNotFoundException);
});

t.test('every PutLogEvents rule', async t => {
  const c = client(longTerm);
  await c.send(new CreateLogGroupCommand({ logGroupName: 'rules' }));
  await c.send(new CreateLogStreamCommand({ logGroupName: 'rules', logStreamName: 's' }));
  const now = Date.now();
  const put = (logEvents: { timestamp: number; message: string }[]) =>
    c.send(new PutLogEventsCommand({ logGroupName: 'rules', logStreamName: 's', logEvents }));
  const invalid = (message: RegExp) => ({ name: 'InvalidParameterException', message });

  // Size: sum of UTF-8 bytes + 26 per event, 1,048,576 at most. 4 events of
  // 262,118 bytes (+26 = 262,144 each) fill it exactly; one byte more is refused.
  const full = Array.from({ length: 4 }, (_, i) => ({ timestamp: now + i, message: 'a'.repeat(262_118) }));
  await put(full);
  await t.rejects(put([...full.slice(0, 3), { timestamp: now + 3, message: 'a'.repeat(262_117) + 'é' }]), InvalidParameterException, 'UTF-8 bytes, not characters, count');
  await t.rejects(put([...full, { timestamp: now + 5, message: 'b' }]), invalid(/^Upload too large: 1048603 bytes exceeds limit of 1048576$/));
  // One event: 262,144 bytes with its 26.
  await t.rejects(put([{ timestamp: now, message: 'a'.repeat(262_119) }]), invalid(/^Log event too large/));
  // Count.
  const many = Array.from({ length: 10_000 }, (_, i) => ({ timestamp: now, message: `m${i}` }));
  await put(many);
  await t.rejects(put([...many, { timestamp: now, message: 'one more' }]), invalid(/length between 1 and 10000/));
  await t.rejects(put([]), InvalidParameterException, 'empty batch');
  await t.rejects(put([{ timestamp: now, message: '' }]), invalid(/greater than or equal to 1/), 'empty message');
  // Order and span.
  await t.rejects(put([{ timestamp: now, message: 'b' }, { timestamp: now - 1, message: 'a' }]), invalid(/chronological order/));
  const day = 24 * 3600 * 1000;
  await put([{ timestamp: now - day, message: 'a' }, { timestamp: now, message: 'b' }]);
  await t.rejects(put([{ timestamp: now - day - 1, message: 'a' }, { timestamp: now, message: 'b' }]), invalid(/cannot span more than 24 hours/));
  t.equal(cw.logs.messages('rules', 's').length, 4 + 10_000 + 2, 'refused batches stored nothing');
});

t.test('too old / too new events are reported in rejectedLogEventsInfo, the rest stored', async t => {
  const c = client(longTerm);
  await c.send(new CreateLogGroupCommand({ logGroupName: 'ages' }));
  await c.send(new CreateLogStreamCommand({ logGroupName: 'ages', logStreamName: 's' }));
  const now = Date.now();
  const day = 24 * 3600 * 1000;
  // A batch spans at most 24 h, so old and new are tried in two batches.
  const old = await c.send(new PutLogEventsCommand({
    logGroupName: 'ages', logStreamName: 's', logEvents: [
      { timestamp: now - 14 * day - 60_000, message: 'too old 1' },
      { timestamp: now - 14 * day - 30_000, message: 'too old 2' },
      { timestamp: now - 14 * day + 3 * 3600_000, message: 'ok 1' },
    ],
  }));
  t.same(old.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2 });
  const fresh = await c.send(new PutLogEventsCommand({
    logGroupName: 'ages', logStreamName: 's', logEvents: [
      { timestamp: now + 3600_000, message: 'ok 2' },
      { timestamp: now + 3 * 3600_000, message: 'too new' },
    ],
  }));
  t.same(fresh.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
  t.same(cw.logs.messages('ages', 's'), ['ok 1', 'ok 2']);
  await c.send(new PutRetentionPolicyCommand({ logGroupName: 'ages', retentionInDays: 1 }));
  const out2 = await c.send(new PutLogEventsCommand({ logGroupName: 'ages', logStreamName: 's', logEvents: [{ timestamp: now - day - 60_000, message: 'expired' }, { timestamp: now - day + 60_000, message: 'kept' }] }));
  t.same(out2.rejectedLogEventsInfo, { expiredLogEventEndIndex: 1 });
  await t.rejects(c.send(new PutRetentionPolicyCommand({ logGroupName: 'ages', retentionInDays: 2 })), InvalidParameterException);
});

t.test('signatures: wrong secret, tampered body, unknown key, expired token are refused', async t => {
  await t.rejects(client({ ...longTerm, secretAccessKey: 'wrong' }).send(new CreateLogGroupCommand({ logGroupName: 'sig' })),
    { name: 'InvalidSignatureException', message: /does not match/ });
  await t.rejects(client({ accessKeyId: 'AKIANOTKNOWN0000', secretAccessKey: 'x' }).send(new CreateLogGroupCommand({ logGroupName: 'sig' })), UnrecognizedClientException);
  const temp = imds.rotateCredentials();
  await t.rejects(client({ ...temp, sessionToken: 'forged' }).send(new CreateLogGroupCommand({ logGroupName: 'sig' })), UnrecognizedClientException, 'token must match the issued one');
  imds.expireCredentials();
  const err = await client(temp).send(new CreateLogGroupCommand({ logGroupName: 'sig' })).catch(e => e);
  t.ok(err instanceof CloudWatchLogsServiceException);
  t.equal(err.name, 'ExpiredTokenException');
  t.notOk(cw.logs.groups.has('sig'), 'nothing created by refused requests');

  // A body changed after signing (same headers).
  const c = client(longTerm);
  c.middlewareStack.add(next => async args => {
    const req = args.request as { body: string };
    req.body = req.body.replace('sig-tamper', 'sig-tampeR');
    return next(args);
  }, { step: 'finalizeRequest', priority: 'low', name: 'tamper' });
  await t.rejects(c.send(new CreateLogGroupCommand({ logGroupName: 'sig-tamper' })), { name: 'InvalidSignatureException' });
});

t.test('faults: throttling storm, 503, reset, slow; the SDK retries through them', async t => {
  const c1 = client(longTerm);
  await c1.send(new CreateLogGroupCommand({ logGroupName: 'faults' }));
  await c1.send(new CreateLogStreamCommand({ logGroupName: 'faults', logStreamName: 's' }));
  const put = (c: CloudWatchLogsClient) => c.send(new PutLogEventsCommand({ logGroupName: 'faults', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'm' }] }));
  cw.throttle(2, 'PutLogEvents');
  await t.rejects(put(c1), ThrottlingException);
  await t.rejects(put(c1), ThrottlingException);
  await put(c1);
  cw.unavailable(1);
  await t.rejects(put(c1), ServiceUnavailableException);
  cw.throttle(1, 'PutLogEvents');
  cw.unavailable(1, 'PutLogEvents');
  await put(client(longTerm, 3));
  t.equal(cw.logs.messages('faults', 's').length, 2, 'only the accepted attempts stored');
  cw.resetNext(1, 'PutLogEvents');
  await t.rejects(put(c1), /ECONNRESET|socket hang up/, 'connection cut without an answer');
  // A held answer is overtaken by a request sent after it: the first is held until the second
  // has been answered.
  let fastAnswered!: () => void;
  cw.faults.add({ kind: 'hold', until: new Promise<void>(done => { fastAnswered = done; }) }, 1, op => op === 'PutLogEvents');
  const order: string[] = [];
  const taken = cw.faults.taken;
  const slow = put(c1).then(() => order.push('slow'));
  await until(() => cw.faults.taken > taken);
  await put(client(longTerm)).then(() => order.push('fast'));
  fastAnswered();
  await slow;
  t.same(order, ['fast', 'slow'], 'slow answer held back');
  const codes = cw.requests.filter(r => r.operation === 'PutLogEvents').map(r => r.errorCode ?? r.status);
  t.same(codes.slice(-10), ['ThrottlingException', 'ThrottlingException', 200, 'ServiceUnavailableException',
    'ThrottlingException', 'ServiceUnavailableException', 200, 0, 200, 200], 'the request log keeps every attempt');
});

t.test('sequence tokens enforced (the rules before 2023): the SDK gets InvalidSequenceToken and DataAlreadyAccepted with the expected token', async t => {
  const c = client(longTerm);
  cw.logs.sequenceTokens = 'enforced';
  t.teardown(() => { cw.logs.sequenceTokens = 'ignored'; });
  await c.send(new CreateLogGroupCommand({ logGroupName: 'seq' }));
  await c.send(new CreateLogStreamCommand({ logGroupName: 'seq', logStreamName: 's' }));
  const now = Date.now();
  const put = (message: string, sequenceToken?: string) =>
    c.send(new PutLogEventsCommand({ logGroupName: 'seq', logStreamName: 's', sequenceToken, logEvents: [{ timestamp: now, message }] }));
  const first = await put('one');
  t.ok(first.nextSequenceToken, 'a new stream takes a batch without a token, and names the next');
  const wrong = await put('two').catch(e => e);
  t.ok(wrong instanceof InvalidSequenceTokenException, 'no token once the stream has one');
  t.equal(wrong.expectedSequenceToken, first.nextSequenceToken, 'the token it expects');
  const second = await put('two', wrong.expectedSequenceToken);
  const again = await put('two', wrong.expectedSequenceToken).catch(e => e);
  t.ok(again instanceof DataAlreadyAcceptedException, 'the same batch with the same token again');
  t.equal(again.expectedSequenceToken, second.nextSequenceToken);
  t.same(cw.logs.messages('seq', 's'), ['one', 'two'], 'each stored once');
  const stale = await put('three', first.nextSequenceToken).catch(e => e);
  t.ok(stale instanceof InvalidSequenceTokenException, 'another batch with an old token');
});

t.test('faults the tests cue: rejected old events, a lost answer, raw answers', async t => {
  const c = client(longTerm);
  await c.send(new CreateLogGroupCommand({ logGroupName: 'cued' }));
  await c.send(new CreateLogStreamCommand({ logGroupName: 'cued', logStreamName: 's' }));
  const put = (...messages: string[]) => c.send(new PutLogEventsCommand({
    logGroupName: 'cued', logStreamName: 's', logEvents: messages.map(message => ({ timestamp: Date.now(), message })),
  }));
  cw.rejectOldNext(2);
  const out = await put('a', 'b', 'c');
  t.same(out.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2 }, 'the SDK reads rejectedLogEventsInfo');
  t.same(cw.logs.messages('cued', 's'), ['c']);
  cw.loseAnswerNext(1, 'PutLogEvents');
  await t.rejects(put('d'), /ECONNRESET|socket hang up/, 'the answer is lost');
  t.same(cw.logs.messages('cued', 's'), ['c', 'd'], 'but the batch was stored');
  cw.answerNext(1, RAW_ANSWERS.html502(), 'PutLogEvents');
  const html = await put('e').catch(e => e);
  t.equal(html.$metadata?.httpStatusCode, 502, 'an HTML 502');
  cw.answerNext(1, RAW_ANSWERS.malformedJson(400), 'PutLogEvents');
  t.equal((await put('f').catch(e => e)).$metadata?.httpStatusCode, 400, 'a JSON error cut short');
  cw.answerNext(1, RAW_ANSWERS.brokenChunked(), 'PutLogEvents');
  await t.rejects(put('g'), 'broken chunked framing');
  cw.answerNext(1, RAW_ANSWERS.hugeHeader(), 'PutLogEvents');
  await t.rejects(put('h'), /Header|header|overflow/i, 'a header of a megabyte');
  t.same(cw.logs.messages('cued', 's'), ['c', 'd'], 'none of those reached the service');
});
