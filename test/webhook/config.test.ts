// Invalid configuration: one console line naming the key, and the klib stays off while the program
// runs (nothing is sent, no stats line) without stopping the VM. The url's shape (https only, a host
// and a port that can be) is checked beyond what the table says.
import t from 'tap';
import { buildWebhook, consoleText, HOST, klibLines, runWebhook, startReceiver, statsLines, webhookConfig } from './lib.ts';

buildWebhook();

const OFF = '; the webhook klib is off';
const URL_RULE = "webhook: invalid configuration: 'url' must be an HTTPS URL, https://host[:port]/path" + OFF;
const cases: [string, Record<string, unknown>, string][] = [
  ['a url without a scheme', { url: `${HOST}/ingest` }, URL_RULE],
  ['an http:// url', { url: `http://${HOST}/ingest` }, URL_RULE],
  ['a port out of range', { url: `https://${HOST}:70000/ingest` }, URL_RULE],
  ['no host', { url: 'https:///ingest' }, URL_RULE],
  ['a url with a space', { url: `https://${HOST}/a b` },
    "webhook: invalid configuration: 'url' must be 9 to 2048 characters of [!-~]" + OFF],
  ['no url', { url: undefined }, URL_RULE],
  ['a buffer_size that is no size', { buffer_size: '12q' },
    "webhook: invalid configuration: 'buffer_size' must be a size from 64k to 256m: bytes, or a number with a k, m or g suffix (such as 4m)" + OFF],
  ['a buffer_size below the range', { buffer_size: '1k' },
    "webhook: invalid configuration: 'buffer_size' must be a size from 64k to 256m: bytes, or a number with a k, m or g suffix (such as 4m)" + OFF],
  ['a flush_interval that is no duration', { flush_interval: 'soon' },
    "webhook: invalid configuration: 'flush_interval' must be a duration from 10ms to 1h: a number with a unit, ms, s, m or h (a plain number is seconds)" + OFF],
];

for (const [what, webhook, line] of cases) {
  t.test(`${what}: one line naming the key, the klib stays off`, async t => {
    const r = await startReceiver();
    t.teardown(() => r.close());
    const config = webhookConfig(r, { authorization: 'Bearer never-printed', ...webhook });
    const res = await runWebhook(r, config, 'echo one; echo two; exit 4');
    t.equal(res.code, 4, `the program ran to its end\n${res.stderr}`);
    t.match(consoleText(res), /^one\ntwo$/m, 'the program\'s output is there');
    t.same(klibLines(res), [line]);
    t.same(statsLines(res), [], 'no shipper ran');
    t.equal(r.requests.length, 0, 'nothing was sent');
    t.notMatch(consoleText(res), /never-printed/);
  });
}

t.test('a ca_cert with no usable certificate: one line, the klib stays off', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  const pem = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
  const res = await runWebhook(r, webhookConfig(r, { ca_cert: pem }), 'echo one; exit 0');
  t.equal(res.code, 0, res.stderr);
  t.same(klibLines(res), ["webhook: invalid configuration: 'ca_cert' holds no certificate the tls klib can use" + OFF]);
  t.equal(r.requests.length, 0, 'nothing was sent');
});

t.test('the url\'s port and path are used as given', async t => {
  const r = await startReceiver();
  t.teardown(() => r.close());
  const config = webhookConfig(r, { url: `https://${HOST}:${r.port}` });
  const res = await runWebhook(r, config, 'echo one; exit 0', undefined, ['--resolve', `${HOST}:${r.port}:127.0.0.1`]);
  t.equal(res.code, 0, res.stderr);
  t.same(r.programLines(), ['one']);
  t.equal(r.requests[0].url, '/', 'no path: /');
});
