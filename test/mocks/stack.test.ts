// The wired-up stacks: HTTPS certificates valid for the real endpoint names
// under the test CA, credentials / tokens shared between the metadata mocks
// and the APIs, and klibhost routing arguments for every endpoint.
import t from 'tap';
import tls from 'node:tls';
import { startAwsStack, startGcpStack } from '../../host/mocks/stack.ts';
import { makeTestCa } from '../../host/mocks/test-ca.ts';

const ca = makeTestCa();

function handshake(port: number, servername: string, trust = ca.caPem): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername, ca: trust }, () => {
      resolve(s.getPeerCertificate().subject.CN as string);
      s.end();
    });
    s.on('error', reject);
  });
}

t.test('AWS: names verify under the test CA, wrong CA refused, routes given', async t => {
  const s = await startAwsStack({ ca, region: 'eu-west-1' });
  t.teardown(() => s.close());
  const port = s.cloudwatch.https!.port;
  await handshake(port, 'logs.eu-west-1.amazonaws.com');
  await handshake(port, 'monitoring.eu-west-1.amazonaws.com');
  await t.rejects(handshake(port, 'logs.eu-west-1.amazonaws.com', makeTestCa().caPem), /self.signed|unable to verify|certificate/i);
  t.same(s.klibhostArgs.filter((_, i) => s.klibhostArgs[i - 1] === '--connect-to'), [
    `169.254.169.254:80:127.0.0.1:${s.imds.port}`,
    `logs.eu-west-1.amazonaws.com:443:127.0.0.1:${port}`,
    `monitoring.eu-west-1.amazonaws.com:443:127.0.0.1:${port}`,
    `monitoring.eu-west-1.amazonaws.com:80:127.0.0.1:${s.cloudwatch.http.port}`,
  ]);
  const c = s.imds.currentCredentials();
  t.equal(s.cloudwatch.credentials.check(c.accessKeyId, c.sessionToken).ok, true, 'IMDS credentials are what CloudWatch accepts');
});

t.test('GCP: names verify, the API accepts the metadata token', async t => {
  const s = await startGcpStack({ ca });
  t.teardown(() => s.close());
  const port = s.apis.https!.port;
  await handshake(port, 'logging.googleapis.com');
  await handshake(port, 'monitoring.googleapis.com');
  t.ok(s.klibhostArgs.includes(`logging.googleapis.com:443:127.0.0.1:${port}`));
  t.ok(s.apis.tokens.isValid(s.metadata.tokens.currentToken().token));
});
