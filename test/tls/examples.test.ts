// The examples for trying the cloud klibs against the local mocks (examples/*-mock.json): the stock
// example plus tls.ca_file "/ca.pem", run with klibhost --root-dir set to the mock CA's folder (the
// "CA file" host/mocks/cli.ts prints is <folder>/ca.pem). The lines reach the mocks over TLS
// verified against the mock's CA, which the file made the default trust.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHost, klibhost, linesWith, ROOT, sanitizerReport } from '../../host/lib/klibhost.ts';
import { startAwsStack, startGcpStack } from '../../host/mocks/stack.ts';

buildHost(join(ROOT, 'build/host-klibs/cloudwatch.so'), join(ROOT, 'build/host-klibs/gcp.so'),
  join(ROOT, 'build/host-klibs/tls.so'));

function example(name: string): any {
  return JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
}

t.test('each *-mock example is its example plus tls.ca_file', async t => {
  for (const name of ['cloudwatch', 'gcp']) {
    const mock = example(`${name}-mock.json`);
    t.same(mock.ManifestPassthrough.tls, { ca_file: '/ca.pem' });
    delete mock.ManifestPassthrough.tls;
    t.same(mock, example(`${name}.json`), `${name}-mock.json`);
  }
});

t.test('examples/cloudwatch-mock.json: lines reach the CloudWatch mock', async t => {
  const aws = await startAwsStack({ mode: 'required' });
  t.teardown(() => aws.close());
  const r = await klibhost(['--config', join(ROOT, 'examples/cloudwatch-mock.json'), '--root-dir', aws.ca.dir,
    ...aws.klibhostArgs, '--', 'sh', '-c', 'echo hello through the example; echo second line']);
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'tls:'), ['tls: tls.ca_file /ca.pem: 1 CA certificates loaded; the embedded bundle is not used']);
  t.same(aws.cloudwatch.logs.messages('g', 's').filter(m => !/^(cloudwatch|tls): /.test(m)),
    ['hello through the example', 'second line']);
});

t.test('examples/gcp-mock.json: lines reach the Cloud Logging mock', async t => {
  const stack = await startGcpStack();
  t.teardown(() => stack.close());
  const r = await klibhost(['--config', join(ROOT, 'examples/gcp-mock.json'), '--root-dir', stack.ca.dir,
    ...stack.klibhostArgs, '--flush-timeout', '30', '--', 'sh', '-c', 'echo hello through the example']);
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'tls:'), ['tls: tls.ca_file /ca.pem: 1 CA certificates loaded; the embedded bundle is not used']);
  const name = `projects/${stack.metadata.projectId}/logs/my_log`;
  const texts = stack.apis.logging.entries.filter((e: any) => e.logName === name).map((e: any) => e.textPayload);
  t.same(texts.filter((m: string) => !/^(gcp|tls): /.test(m)), ['hello through the example'],
    'the program\'s line (the console, klibs\' lines included, is shipped)');
});
