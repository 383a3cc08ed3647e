// Faults on the way to CloudWatch Logs: throttling, 503s, resets mid-request, credentials that
// expire mid-run, a metadata service that is down at first. In each case every line the program
// printed arrives exactly once and in order (what the official SDK reads back).
import t from 'tap';
import { ConsoleSeen, gateWhen, until, when } from '../host/lib/gate.ts';
import { appMessages, buildCloudwatch, exampleConfig, klibLines, requestLog, run, sanitizerReport, startAws } from './lib/run.ts';

buildCloudwatch();

const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const printLines = (n: number, prefix: string) => `for i in $(seq 1 ${n}); do echo "${prefix} $i"; done`;
// Fast flushes so that a run makes several requests, each of which can meet a fault.
const fast = { flush_interval_ms: '50' };

t.test('a throttling storm: ThrottlingException backs off and resends, nothing lost or doubled', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  aws.cloudwatch.throttle(8, 'PutLogEvents');
  const r = await run(aws, exampleConfig(aws, {}, fast), `${printLines(200, 'throttled')}; sleep 0.3; ${printLines(200, 'later')}`,
    ['--flush-timeout', '30']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), [...lines(200, 'throttled'), ...lines(200, 'later')], requestLog(aws));
  t.equal(aws.cloudwatch.requests.filter(q => q.errorCode === 'ThrottlingException').length, 8, 'every throttle was met');
  const said = klibLines(r);
  t.equal(said.length, 2, `one line for the run of failures, one when it ended:\n${said.join('\n')}`);
  t.equal(said[0], 'cloudwatch: PutLogEvents to logs.us-east-1.amazonaws.com: HTTP 400 ThrottlingException; retrying');
  t.match(said[1], /^cloudwatch: PutLogEvents to logs\.us-east-1\.amazonaws\.com: works again after \d+ m?s \(8 attempts failed\)$/);
});

t.test('503s and 500s: retried with the same data', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  aws.cloudwatch.unavailable(3, 'PutLogEvents');
  aws.cloudwatch.internalError(2, 'PutLogEvents');
  const r = await run(aws, exampleConfig(aws, {}, fast), printLines(300, 'unavailable'), ['--flush-timeout', '30']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), lines(300, 'unavailable'), requestLog(aws));
  t.equal(aws.cloudwatch.requests.filter(q => q.status >= 500).length, 5);
});

// The mock resets the TCP connection under TLS (RST) as soon as the request's head has arrived,
// while the klib is still sending the body: direct tears the connection down, and the HTTP client
// sends the request again at once on a new connection (not after the request timeout).
t.test('a connection reset mid-request: the request is sent again on a new connection', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  aws.cloudwatch.resetNext(1, 'PutLogEvents');
  const r = await run(aws, exampleConfig(aws, {}, fast), printLines(300, 'reset'), ['--flush-timeout', '30']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), lines(300, 'reset'), requestLog(aws));
  t.equal(aws.cloudwatch.requests.filter(q => q.status === 0).length, 1, 'the request was cut');
  t.notMatch(r.stdout + r.stderr, /timed out/, 'the reset was seen, no timeout was needed');
});

t.test('credentials expiring mid-run: ExpiredTokenException renews them from IMDS, the batch is resent', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  const firstKey = aws.imds.currentCredentials().accessKeyId;
  // The credentials expire once every "before" line has been accepted.
  const beforeShipped = () => aws.cloudwatch.accepted('PutLogEvents').some(q => q.body.includes('"before 50"'));
  const r = await run(aws, exampleConfig(aws, {}, fast),
    `${printLines(50, 'before')}; ${when(beforeShipped, () => aws.imds.expireCredentials())}; ${printLines(50, 'after')}`,
    ['--flush-timeout', '30']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), [...lines(50, 'before'), ...lines(50, 'after')], requestLog(aws));
  t.ok(aws.cloudwatch.requests.some(q => q.errorCode === 'ExpiredTokenException'), 'the old credentials were refused');
  const last = aws.cloudwatch.accepted('PutLogEvents').at(-1)!;
  t.not(last.signature?.accessKeyId, firstKey, 'signed with the renewed credentials');
});

t.test('metadata unreachable at boot: retried with backoff, one line each way; then everything ships', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  // Down until the klib has said so on the console.
  const seen = new ConsoleSeen();
  const down = aws.imds.unreachableUntil(until(() => seen.lines('cloudwatch: instance metadata').length > 0));
  const r = await run(aws, exampleConfig(aws), `${printLines(20, 'early')}; ${when(() => aws.cloudwatch.accepted('PutLogEvents').length > 0)}; echo done`,
    ['--flush-timeout', '30'], seen.feed);
  await down;
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  t.same(await appMessages(aws), [...lines(20, 'early'), 'done'], requestLog(aws));
  const said = klibLines(r);
  t.equal(said.length, 2, `one line when it failed, one when it worked again:\n${said.join('\n')}`);
  t.equal(said[0], 'cloudwatch: instance metadata to 169.254.169.254: connection failed; retrying');
  t.match(said[1], /^cloudwatch: instance metadata to 169\.254\.169\.254: works again after \d+ m?s \(\d+ attempts? failed\)$/);
});

t.test('IMDSv1-only server (no token endpoint): falls back to IMDSv1', async t => {
  const aws = await startAws({ mode: 'v1-only' });
  t.teardown(() => aws.close());
  const r = await run(aws, exampleConfig(aws), printLines(10, 'v1'));
  t.equal(r.code, 0);
  t.same(await appMessages(aws), lines(10, 'v1'), requestLog(aws));
  t.ok(aws.imds.requests.some(q => q.path === '/latest/api/token' && q.status === 404), 'the token endpoint was tried');
});

t.test('IMDSv2 session token expired: 401 gets a new token', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  // Token and credentials expire once every "one" line has been accepted: the batch of "two" is
  // refused, and asking IMDS for new credentials with the old token answers 401.
  const oneShipped = () => aws.cloudwatch.accepted('PutLogEvents').some(q => q.body.includes('"one 10"'));
  const expire = () => { aws.imds.expireTokens(); aws.imds.expireCredentials(); };
  const r = await run(aws, exampleConfig(aws, {}, fast), `${printLines(10, 'one')}; ${when(oneShipped, expire)}; ${printLines(10, 'two')}`,
    ['--flush-timeout', '30']);
  t.equal(r.code, 0);
  t.same(await appMessages(aws), [...lines(10, 'one'), ...lines(10, 'two')], requestLog(aws));
  t.ok(aws.imds.requests.some(q => q.status === 401), 'the old token was refused');
  t.ok(aws.imds.requests.filter(q => q.path === '/latest/api/token').length >= 2, 'a new token was asked for');
});

t.test('credentials renewed before their Expiration: no request is refused for expired credentials', async t => {
  const aws = await startAws();
  t.teardown(() => aws.close());
  // 12 s: the klib renews at half their life (6 s), 6 s before they expire.
  aws.imds.credentialLifetimeMs = 12_000;
  // The program prints a line every half second until a batch signed with renewed credentials
  // has been accepted, then one more.
  const renewedUsed = gateWhen(() => new Set(aws.cloudwatch.accepted('PutLogEvents').map(q => q.signature?.accessKeyId)).size >= 2);
  const r = await run(aws, exampleConfig(aws, { mem_metrics_interval: undefined }, { flush_interval_ms: '200' }),
    `i=0; until ${renewedUsed.isOpen} || [ $i -ge 600 ]; do i=$((i+1)); echo "renew $i"; sleep 0.5; done; echo "renew done"`, ['--flush-timeout', '30']);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
  const printed = r.stdout.toString('utf8').split('\n').filter(l => l.startsWith('renew '));
  t.equal(printed.at(-1), 'renew done');
  t.same(await appMessages(aws), printed, requestLog(aws));
  const fetches = aws.imds.requests.filter(q => /security-credentials\/.+/.test(q.path));
  t.ok(fetches.length >= 2, `credentials fetched again before they expired (${fetches.length} fetches)`);
  t.notOk(aws.cloudwatch.requests.some(q => q.errorCode === 'ExpiredTokenException'), 'never refused as expired');
  const keys = new Set(aws.cloudwatch.accepted('PutLogEvents').map(q => q.signature?.accessKeyId));
  t.ok(keys.size >= 2, 'requests signed with the renewed credentials');
});
