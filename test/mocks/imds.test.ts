// The IMDS mock checked by the official credential client
// (@smithy/credential-provider-imds) and by raw requests for the IMDSv2 rules.
import t from 'tap';
import { fromInstanceMetadata } from '@smithy/credential-provider-imds';
import { until } from '../host/lib/gate.ts';
import { ImdsMock } from '../../host/mocks/imds.ts';

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const r = await fetch(url, init);
  return { status: r.status, body: await r.text(), headers: r.headers };
}

async function token(m: ImdsMock, ttl = '60'): Promise<string> {
  const r = await call(`${m.url}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': ttl } });
  if (r.status !== 200) throw new Error(`token: ${r.status}`);
  return r.body;
}

t.test('the official IMDS credential provider gets role credentials (v2 required)', async t => {
  const m = new ImdsMock({ mode: 'required' });
  await m.start();
  t.teardown(() => m.close());
  process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = m.url;
  const creds = await fromInstanceMetadata({ maxRetries: 0, timeout: 2000 })();
  const issued = m.currentCredentials();
  t.equal(creds.accessKeyId, issued.accessKeyId);
  t.equal(creds.secretAccessKey, issued.secretAccessKey);
  t.equal(creds.sessionToken, issued.sessionToken);
  t.equal(creds.expiration?.getTime(), Math.floor(issued.expiration!.getTime() / 1000) * 1000);
  t.ok(m.requests.some(r => r.method === 'PUT' && r.ttlHeader !== undefined), 'the SDK asked for a token');
  t.ok(m.requests.filter(r => r.method === 'GET').every(r => r.token !== undefined), 'every GET carried it');
  t.equal(m.credentials.check(creds.accessKeyId, creds.sessionToken).ok, true, 'the CloudWatch side would accept them');
});

t.test('IMDSv2 rules: TTL checked, token required in v2-only mode, tokens expire', async t => {
  const m = new ImdsMock({ mode: 'required', region: 'eu-west-1', instanceId: 'i-0abc', hostname: 'ip-1-2-3-4.eu-west-1.compute.internal' });
  await m.start();
  t.teardown(() => m.close());
  const region = `${m.url}/latest/meta-data/placement/region`;
  t.equal((await call(region)).status, 401, 'no token: 401');
  t.equal((await call(region, { headers: { 'X-aws-ec2-metadata-token': 'forged' } })).status, 401, 'unknown token: 401');
  const put = (ttl?: string, extra: Record<string, string> = {}) => call(`${m.url}/latest/api/token`, {
    method: 'PUT', headers: { ...(ttl === undefined ? {} : { 'X-aws-ec2-metadata-token-ttl-seconds': ttl }), ...extra },
  });
  t.equal((await put()).status, 400, 'missing TTL');
  t.equal((await put('0')).status, 400, 'TTL 0');
  t.equal((await put('21601')).status, 400, 'TTL over 6 h');
  t.equal((await put('60', { 'X-Forwarded-For': '1.2.3.4' })).status, 403, 'forwarded: 403');
  t.equal((await call(`${m.url}/latest/api/token`)).status, 405, 'GET on the token path');
  const ok = await put('21600');
  t.equal(ok.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '21600', 'TTL echoed');
  const h = { headers: { 'X-aws-ec2-metadata-token': ok.body } };
  t.same(await call(region, h).then(r => [r.status, r.body]), [200, 'eu-west-1']);
  t.equal((await call(`${m.url}/latest/meta-data/instance-id`, h)).body, 'i-0abc');
  t.equal((await call(`${m.url}/latest/meta-data/hostname`, h)).body, 'ip-1-2-3-4.eu-west-1.compute.internal');
  t.equal((await call(`${m.url}/latest/meta-data/iam/security-credentials/`, h)).body, 'klib-test-role');
  t.equal((await call(`${m.url}/latest/meta-data/nope`, h)).status, 404);
  const doc = JSON.parse((await call(`${m.url}/latest/dynamic/instance-identity/document`, h)).body);
  t.same([doc.region, doc.instanceId], ['eu-west-1', 'i-0abc']);
  m.expireTokens();
  t.equal((await call(region, h)).status, 401, 'an expired token is refused');
});

t.test('optional and v1-only modes', async t => {
  const m = new ImdsMock({ mode: 'optional' });
  await m.start();
  t.teardown(() => m.close());
  t.equal((await call(`${m.url}/latest/meta-data/instance-id`)).status, 200, 'v1 GET works when optional');
  t.equal((await call(`${m.url}/latest/meta-data/instance-id`, { headers: { 'X-aws-ec2-metadata-token': 'bad' } })).status, 401, 'a bad token is still refused');
  m.mode = 'v1-only';
  t.equal((await call(`${m.url}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' } })).status, 404, 'no token endpoint');
  t.equal((await call(`${m.url}/latest/meta-data/instance-id`)).body, m.instanceId);
});

t.test('credentials rotate on demand and near expiry; the old ones stay valid until they expire', async t => {
  const m = new ImdsMock();
  await m.start();
  t.teardown(() => m.close());
  const tok = await token(m);
  const get = async () => JSON.parse((await call(`${m.url}/latest/meta-data/iam/security-credentials/klib-test-role`, { headers: { 'X-aws-ec2-metadata-token': tok } })).body);
  const a = await get();
  t.same(Object.keys(a).sort(), ['AccessKeyId', 'Code', 'Expiration', 'LastUpdated', 'SecretAccessKey', 'Token', 'Type']);
  t.match(a.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.same((await get()).AccessKeyId, a.AccessKeyId, 'stable until rotated');
  m.rotateCredentials();
  const b = await get();
  t.not(b.AccessKeyId, a.AccessKeyId, 'rotated');
  t.equal(m.credentials.check(a.AccessKeyId, a.Token).ok, true, 'old ones still valid');
  m.expireCredentials();
  t.same(m.credentials.check(b.AccessKeyId, b.Token), { ok: false, code: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
  const c = await get();
  t.not(c.AccessKeyId, b.AccessKeyId, 'expired credentials are replaced on the next fetch');
  m.credentialLifetimeMs = 60_000;
  m.rotateCredentials();
  t.not((await get()).AccessKeyId, (await get()).AccessKeyId, 'credentials within 5 minutes of expiry are renewed at each fetch');
});

t.test('faults: 500s, reset, slow, unreachable for a while', async t => {
  const m = new ImdsMock({ mode: 'optional' });
  await m.start();
  t.teardown(() => m.close());
  const url = `${m.url}/latest/meta-data/instance-id`;
  m.failNext(2, 500);
  t.equal((await call(url)).status, 500);
  t.equal((await call(url)).status, 500);
  t.equal((await call(url)).status, 200, 'then healthy');
  m.faults.add({ kind: 'reset' });
  await t.rejects(call(url), 'reset: the request fails without a response');
  // A held answer is overtaken by a request sent after it: the first is held until the second
  // has been answered.
  let fastAnswered!: () => void;
  m.faults.add({ kind: 'hold', until: new Promise<void>(done => { fastAnswered = done; }) });
  const order: string[] = [];
  const taken = m.faults.taken;
  const slow = call(url).then(r => order.push(`slow ${r.status}`));
  await until(() => m.faults.taken > taken);
  await call(url).then(r => order.push(`fast ${r.status}`));
  fastAnswered();
  await slow;
  t.same(order, ['fast 200', 'slow 200'], 'slow response held back');
  const back = m.unreachableFor(1000);
  await t.rejects(call(url), /fetch failed/, 'connection refused while down');
  await back;
  t.equal((await call(url)).status, 200, 'same port answers again');
});
