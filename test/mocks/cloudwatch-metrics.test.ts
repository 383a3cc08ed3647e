// PutMetricData through the mock: the official @aws-sdk/client-cloudwatch
// (JSON 1.0), a hand-made awsQuery request, and a request shaped exactly like
// the stock klib's (plain HTTP, its Authorization form, unsigned token).
import t from 'tap';
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchMock } from '../../host/mocks/cloudwatch-mock.ts';

const cw = new CloudWatchMock();
let httpPort = 0;
t.before(async () => { httpPort = (await cw.start()).httpPort; });
t.teardown(() => cw.close());
const keys = cw.credentials.addLongTerm();

t.test('the official SDK (JSON 1.0): accepted, stored, limits enforced', async t => {
  const sdk = new CloudWatchClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${httpPort}`, credentials: keys, maxAttempts: 1 });
  const when = new Date(Math.floor(Date.now() / 1000) * 1000);
  await sdk.send(new PutMetricDataCommand({ Namespace: 'Nanos/Klib', MetricData: [
    { MetricName: 'MemoryUsed', Dimensions: [{ Name: 'InstanceId', Value: 'i-0123' }], Timestamp: when, Value: 123456789, Unit: 'Bytes' },
  ] }));
  const [p] = cw.metrics.find('MemoryUsed', 'Nanos/Klib');
  t.same([p.value, p.unit, p.timestamp, p.dimensions, p.protocol], [123456789, 'Bytes', when.getTime(), [{ name: 'InstanceId', value: 'i-0123' }], 'json']);
  const req = cw.accepted('PutMetricData')[0];
  t.equal(req.protocol, 'json1.0');
  t.equal(req.signature?.service, 'monitoring');
  await t.rejects(sdk.send(new PutMetricDataCommand({ Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'm', Value: 1 }] })), /Namespace/);
  await t.rejects(sdk.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 1, Unit: 'Bytez' as 'Bytes' }] })), /Unit/);
  await t.rejects(sdk.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 1, Values: [1] }] })), /At most one/);
  await t.rejects(sdk.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: Array.from({ length: 1001 }, () => ({ MetricName: 'm', Value: 1 })) })), /1000/);
  await t.rejects(sdk.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 1, Timestamp: new Date(Date.now() - 15 * 86400_000) }] })), /two weeks/);
  await t.rejects(sdk.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 1, StorageResolution: 5 }] })), /StorageResolution/);
  t.equal(cw.metrics.datapoints.length, 1, 'refused requests stored nothing');
  const bad = new CloudWatchClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${httpPort}`, credentials: { ...keys, secretAccessKey: 'x' }, maxAttempts: 1 });
  await t.rejects(bad.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 1 }] })), 'bad signature refused');
  t.equal(cw.requests.at(-1)?.errorCode, 'InvalidSignatureException');
});

// SigV4 written out with node:crypto, independently of smithy, in the stock
// klib's exact form: all given headers signed, "SignedHeaders=...; Signature=".
function stockSign(headers: [string, string][], body: string, secret: string, akid: string, date: string, region: string): string {
  const sorted = [...headers].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const canonical = ['POST', '/', '', ...sorted.map(([k, v]) => `${k}:${v}`), '',
    sorted.map(([k]) => k).join(';'), createHash('sha256').update(body).digest('hex')].join('\n');
  const scope = `${date.slice(0, 8)}/${region}/monitoring/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(date.slice(0, 8)).digest();
  for (const part of [region, 'monitoring', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const sig = createHmac('sha256', key).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${akid}/${scope}, SignedHeaders=${sorted.map(([k]) => k).join(';')}; Signature=${sig}`;
}

function post(headers: [string, string][], body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port: httpPort, method: 'POST', path: '/', headers: [...headers.flat(), 'Content-Length', String(Buffer.byteLength(body))] as unknown as Record<string, string>, setHost: false }, res => {
      let text = '';
      res.on('data', d => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

function amzDate(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

t.test('the stock klib request form is accepted (JSON, host = instance hostname, token unsigned)', async t => {
  const role = cw.credentials.issueTemporary(3600_000);
  const body = JSON.stringify({ Namespace: 'CWAgent', MetricData: [
    { MetricName: 'mem_used', Unit: 'Bytes', Value: 1000, Dimensions: [{ Name: 'host', Value: 'ip-10-0-0-12' }] },
    { MetricName: 'mem_used_percent', Unit: 'Percent', Value: 12, Dimensions: [{ Name: 'host', Value: 'ip-10-0-0-12' }] },
  ] });
  const date = amzDate();
  const signed: [string, string][] = [['host', 'ip-10-0-0-12.ec2.internal'], ['x-amz-date', date], ['content-type', 'application/json'],
    ['content-encoding', 'amz-1.0'], ['x-amz-target', 'GraniteServiceVersion20100801.PutMetricData']];
  const auth = stockSign(signed, body, role.secretAccessKey, role.accessKeyId, date, 'us-east-1');
  const r = await post([...signed, ['Authorization', auth], ['x-amz-security-token', role.sessionToken!]], body);
  t.equal(r.status, 200, r.body);
  const rec = cw.requests.at(-1)!;
  t.same([rec.signature?.stockAuthorizationForm, rec.signature?.tokenSigned], [true, false]);
  t.same(cw.metrics.find('mem_used_percent', 'CWAgent').map(p => [p.value, p.unit, p.timestampGiven]), [[12, 'Percent', false]]);
  cw.credentials.expire(role.accessKeyId);
  const expired = await post([...signed, ['Authorization', auth], ['x-amz-security-token', role.sessionToken!]], body);
  t.equal(expired.status, 400);
  t.match(expired.body, /ExpiredTokenException/, 'the string the stock klib looks for');
});

t.test('awsQuery form: accepted and stored; errors come back as XML', async t => {
  const params = new URLSearchParams({ Action: 'PutMetricData', Version: '2010-08-01', Namespace: 'Nanos/Q',
    'MetricData.member.1.MetricName': 'mem_free', 'MetricData.member.1.Value': '42.5', 'MetricData.member.1.Unit': 'Bytes',
    'MetricData.member.1.Dimensions.member.1.Name': 'InstanceId', 'MetricData.member.1.Dimensions.member.1.Value': 'i-1',
    'MetricData.member.1.Timestamp': new Date().toISOString() });
  const send = (p: URLSearchParams, secret = keys.secretAccessKey) => {
    const body = p.toString();
    const date = amzDate();
    const signed: [string, string][] = [['content-type', 'application/x-www-form-urlencoded; charset=utf-8'], ['host', 'monitoring.us-east-1.amazonaws.com'], ['x-amz-date', date]];
    return post([...signed, ['authorization', stockSign(signed, body, secret, keys.accessKeyId, date, 'us-east-1').replace('; Signature', ', Signature')]], body);
  };
  const ok = await send(params);
  t.equal(ok.status, 200, ok.body);
  t.match(ok.body, /<PutMetricDataResponse/);
  t.same(cw.metrics.find('mem_free', 'Nanos/Q').map(p => [p.value, p.dimensions[0].value, p.protocol]), [[42.5, 'i-1', 'query']]);
  const nan = new URLSearchParams(params);
  nan.set('MetricData.member.1.Value', 'NaN');
  const r = await send(nan);
  t.equal(r.status, 400);
  t.match(r.body, /<Code>InvalidParameterValue<\/Code>/);
  const badSig = await send(params, 'wrong');
  t.equal(badSig.status, 403);
  t.match(badSig.body, /<Code>SignatureDoesNotMatch<\/Code>/);
});
