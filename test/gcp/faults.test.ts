// Faults, each a real run through klibhost against the GCP mocks: throttling and server errors
// (retried, data kept), a connection reset mid-request, a revoked token (401: a new token, the
// same batch again), a permanent refusal (batch dropped, one console line), a metadata server
// that fails or cannot be reached for a while (quiet while the delay is at most 1 s).
import t from 'tap';
import { ConsoleSeen, until } from '../host/lib/gate.ts';
import {
  buildGcp, consoleText, countConnections, gcpConfig, klibLines, payloads, runGcp, startGcpStack, storedEntries, waitFor, writes,
} from './lib.ts';

buildGcp();

const script = (tag: string, n: number, pause = 0) =>
  Array.from({ length: n }, (_, i) => `echo '${tag} ${i}'${pause ? `; sleep ${pause}` : ''}`).join('; ');
const expected = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} ${i}`);

t.test('429 and 5xx are retried with backoff and nothing is lost or duplicated', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.apis.failNext(1, 429, 'entries.write');
  stack.apis.failNext(1, 503, 'entries.write');
  stack.apis.failNext(1, 500, 'entries.write');
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'retry' } }), script('line', 20));
  t.equal(r.code, 0, r.stderr);
  const shipped = payloads(storedEntries(stack, 'retry'));
  t.same(shipped.filter(p => !p.startsWith('gcp:')), expected('line', 20), 'every line exactly once, in order');
  t.same(writes(stack).slice(0, 4).map(w => w.status), [429, 503, 500, 200]);
  t.equal(writes(stack)[0].body, writes(stack)[3].body, 'the same batch, resent unchanged');
  t.same(klibLines(r).slice(0, 3), [
    'gcp: entries.write to logging.googleapis.com: HTTP 429 RESOURCE_EXHAUSTED; retrying',
    'gcp: entries.write to logging.googleapis.com: HTTP 503 UNAVAILABLE; retrying',
    'gcp: entries.write to logging.googleapis.com: HTTP 500 UNKNOWN; retrying',
  ], 'one console line for each kind of failure in the run');
  t.match(klibLines(r)[3], /^gcp: entries\.write to logging\.googleapis\.com: works again after \d+ m?s \(3 attempts failed\)$/);
  t.equal(klibLines(r).length, 4, 'and one when it ended');
});

// The mock resets the TCP connection under TLS (RST) once the request's head has arrived, while the
// body is still being sent: the request goes again at once on a new connection.
t.test('a connection reset mid-request: resent on a new connection', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.apis.resetNext(1, 'entries.write');
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'reset' } }), script('r', 10));
  t.equal(r.code, 0, r.stderr);
  t.same(payloads(storedEntries(stack, 'reset')).filter(p => !p.startsWith('gcp:')), expected('r', 10));
  t.same(writes(stack).map(w => w.status).slice(0, 2), [0, 200], 'cut, then accepted');
  t.notMatch(r.stdout + r.stderr, /timed out/, 'the reset was seen, no timeout was needed');
});

t.test('a slow server: one request in flight at a time, nothing duplicated', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.apis.slowNext(1, 2500, 'entries.write');
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'slow' } }), script('s', 6, 0.5));
  t.equal(r.code, 0, r.stderr);
  t.same(payloads(storedEntries(stack, 'slow')), expected('s', 6));
  const w = writes(stack);
  for (let i = 1; i < w.length; i++) t.ok(w[i].time >= w[i - 1].time, 'requests in sequence');
  t.equal(w.filter(x => x.status === 200).length, w.length, 'no request failed');
});


t.test('401 from the API: a new token from the metadata server, same entries', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  let revoked = false;
  // Revoke every token once the first batch has been accepted.
  const timer = setInterval(() => {
    if (!revoked && writes(stack).some(w => w.status === 200)) {
      stack.metadata.tokens.revokeAll();
      revoked = true;
    }
  }, 50);
  t.teardown(() => clearInterval(timer));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'revoked' } }), `echo one; ${waitFor(() => revoked)}; echo two`);
  t.equal(r.code, 0, r.stderr);
  t.ok(revoked);
  t.same(payloads(storedEntries(stack, 'revoked')), ['one', 'two']);
  t.same(writes(stack).map(w => w.status), [200, 401, 200], 'refused once, then accepted with the new token');
  t.equal(stack.metadata.requests.filter(q => q.path.endsWith('/token')).length, 2, 'a second token was fetched');
  t.notMatch(consoleText(r), /gcp: entries.write/, 'an expired token is not worth a console line');
});

t.test('403: the batch is dropped with one console line, later lines still go', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.apis.failNext(1, 403, 'entries.write');
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'denied' } }),
    `echo dropped; ${waitFor(() => writes(stack).length > 0)}; echo kept`);
  t.equal(r.code, 0, r.stderr);
  t.equal(klibLines(r)[0], 'gcp: entries.write to logging.googleapis.com: HTTP 403 PERMISSION_DENIED: 1 of 1 lines refused by the service and dropped');
  t.match(klibLines(r)[1], /^gcp: entries\.write to logging\.googleapis\.com: works again after \d+ m?s \(1 attempt failed\)$/);
  const stored = payloads(storedEntries(stack, 'denied'));
  t.notOk(stored.includes('dropped'), 'the refused batch is not sent again');
  t.ok(stored.includes('kept'));
  t.same(writes(stack).map(w => w.status).slice(0, 1), [403]);
});

t.test('metadata: a run of failures is one line, and one when it works again', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.metadata.failNext(2, 500, '/token');
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'meta' } }), 
    `echo early; ${waitFor(() => stack.metadata.requests.some(q => q.path.endsWith('/token') && q.status === 200))}; echo late`);
  t.equal(r.code, 0, r.stderr);
  const lines = klibLines(r);
  t.equal(lines.length, 2, lines.join('\n'));
  t.equal(lines[0], 'gcp: metadata server to metadata.google.internal: HTTP 500 for /computeMetadata/v1/instance/service-accounts/default/token; retrying');
  t.match(lines[1], /^gcp: metadata server to metadata\.google\.internal: works again after \d+ m?s \(2 attempts failed\)$/);
  t.same(payloads(storedEntries(stack, 'meta')).filter(p => !p.startsWith('gcp:')), ['early', 'late'],
    'buffered while the metadata was missing');
  t.ok(stack.metadata.requests.every(q => q.flavor === 'Google'));
});

t.test('metadata unreachable at boot: one line each way, nothing lost', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  // Down until the klib has said so on the console.
  const seen = new ConsoleSeen();
  void stack.metadata.unreachableUntil(until(() => seen.lines('gcp: metadata server').length > 0));
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'boot' } }),
    `echo first; ${waitFor(() => writes(stack).some(w => w.status === 200))}; echo second`, [], seen.feed);
  t.equal(r.code, 0, r.stderr);
  const lines = klibLines(r);
  t.equal(lines.length, 2, lines.join('\n'));
  t.equal(lines[0], 'gcp: metadata server to metadata.google.internal: connection failed; retrying');
  t.match(lines[1], /^gcp: metadata server to metadata\.google\.internal: works again after \d+ m?s \(\d+ attempts? failed\)$/);
  t.same(payloads(storedEntries(stack, 'boot')).filter(p => !p.startsWith('gcp:')), ['first', 'second']);
});

t.test('the token is renewed before it expires: no request is refused', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.metadata.tokens.lifetimeSeconds = 4;
  stack.metadata.tokens.rotate();
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'renew' } }), script('t', 6, 1));
  t.equal(r.code, 0, r.stderr);
  t.same(payloads(storedEntries(stack, 'renew')), expected('t', 6));
  t.ok(stack.metadata.requests.filter(q => q.path.endsWith('/token')).length >= 2, 'renewed at half its life');
  t.ok(writes(stack).every(w => w.status === 200), 'never used an expired token');
});

t.test('one kept-alive connection for many requests', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const connections = countConnections(stack);
  // Each line waits for the request of the one before: four requests.
  const lines = [0, 1, 2, 3].map(i => `echo 'k ${i}'; ${waitFor(() => writes(stack).filter(w => w.status === 200).length > i)}`);
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'keep' } }), lines.join('; '));
  t.equal(r.code, 0, r.stderr);
  t.same(payloads(storedEntries(stack, 'keep')), expected('k', 4));
  t.equal(writes(stack).length, 4, 'four requests');
  t.equal(connections.count, 1, 'all on one connection');
});

t.test('the server closes the idle connection: the next batch goes on a new one', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.apis.https!.server.keepAliveTimeout = 500;
  const connections = countConnections(stack);
  let closed = 0;
  stack.apis.https!.server.on('secureConnection', s => s.on('close', () => { closed++; }));
  // "b" comes once the server has closed the connection that carried "a".
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'idle' } }),
    `echo a; ${waitFor(() => writes(stack).some(w => w.status === 200))}; ${waitFor(() => closed > 0)}; echo b`);
  t.equal(r.code, 0, r.stderr);
  t.same(payloads(storedEntries(stack, 'idle')), ['a', 'b']);
  t.equal(connections.count, 2);
  t.ok(writes(stack).every(w => w.status === 200));
});

t.test('refused again and again: one line, then a summary when it works again', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  stack.apis.failNext(3, 403, 'entries.write');
  const accepted = () => writes(stack).some(w => w.status === 200);
  const lines = [0, 1, 2].map(i => `echo 'refused ${i}'; ${waitFor(() => writes(stack).length > i)}`);
  const r = await runGcp(stack, gcpConfig(stack, { logging: { log_id: 'refusals' } }),
    `${lines.join('; ')}; echo fine; ${waitFor(accepted)}`);
  t.equal(r.code, 0, r.stderr);
  const said = klibLines(r);
  t.equal(said.length, 2, `one line for the run of refusals, one when it ended:\n${said.join('\n')}`);
  t.equal(said[0], 'gcp: entries.write to logging.googleapis.com: HTTP 403 PERMISSION_DENIED: 1 of 1 lines refused by the service and dropped');
  t.match(said[1], /^gcp: entries\.write to logging\.googleapis\.com: works again after \d+ m?s \(3 attempts failed\)$/);
  t.ok(payloads(storedEntries(stack, 'refusals')).includes('fine'));
});
