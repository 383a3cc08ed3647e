// Runs the mocks by hand: `npx tsx host/mocks/cli.ts aws|gcp [--port N]`.
// Prints the ports, the CA file to give the klib (tls.ca_file), and the
// klibhost arguments (the CA's folder as the image root, so that the
// examples' "/ca.pem" is that file); then logs each request until Ctrl-C.
import { dirname } from 'node:path';
import { startAwsStack, startGcpStack } from './stack.ts';

const [kind, ...rest] = process.argv.slice(2);
const portIndex = rest.indexOf('--port');
const region = rest.includes('--region') ? rest[rest.indexOf('--region') + 1] : undefined;
if (portIndex >= 0 && rest[portIndex + 1] !== '0') {
  console.error('only --port 0 (ephemeral ports) is supported; the chosen ports are printed');
  process.exit(2);
}

function watch<T extends { time: number; status: number }>(list: T[], describe: (r: T) => string): void {
  let seen = 0;
  setInterval(() => {
    for (; seen < list.length; seen++) if (list[seen].status !== 0 || Date.now() - list[seen].time > 1000) console.log(describe(list[seen]));
  }, 200).unref();
}

if (kind === 'aws' || kind === 'cloudwatch') {
  const s = await startAwsStack({ region });
  console.log(`IMDS            http://127.0.0.1:${s.imds.port}`);
  console.log(`CloudWatch      https://127.0.0.1:${s.cloudwatch.https!.port}  http://127.0.0.1:${s.cloudwatch.http.port}`);
  console.log(`CA file         ${s.ca.caFile}`);
  console.log(`klibhost args   --root-dir ${dirname(s.ca.caFile)} ${s.klibhostArgs.join(' ')}`);
  watch(s.imds.requests, r => `imds ${r.method} ${r.path} -> ${r.status}`);
  watch(s.cloudwatch.requests, r => `cloudwatch ${r.operation || r.protocol} -> ${r.status}${r.errorCode ? ` ${r.errorCode}: ${r.errorMessage}` : ''}`);
  setInterval(() => {}, 1 << 30);
} else if (kind === 'gcp') {
  const s = await startGcpStack();
  console.log(`metadata        http://127.0.0.1:${s.metadata.port}`);
  console.log(`Logging/Monitoring https://127.0.0.1:${s.apis.https!.port}  http://127.0.0.1:${s.apis.http.port}`);
  console.log(`CA file         ${s.ca.caFile}`);
  console.log(`klibhost args   --root-dir ${dirname(s.ca.caFile)} ${s.klibhostArgs.join(' ')}`);
  watch(s.metadata.requests, r => `metadata ${r.method} ${r.path} -> ${r.status}`);
  watch(s.apis.requests, r => `gcp ${r.method} -> ${r.status}${r.error ? ` ${r.error}: ${r.errorMessage}` : ''}`);
  setInterval(() => {}, 1 << 30);
} else {
  console.error('usage: npx tsx host/mocks/cli.ts aws|gcp [--port 0] [--region REGION]');
  process.exit(2);
}
