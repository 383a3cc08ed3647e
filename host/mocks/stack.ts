// Starts the mocks a cloud klib talks to, wired together (the APIs accept the
// credentials / tokens the metadata mock hands out), and gives the klibhost
// arguments that send the real endpoint names to them.
import { CloudWatchMock } from './cloudwatch-mock.ts';
import { GcpMetadataMock } from './gcp-metadata.ts';
import { GcpApisMock } from './gcp-mock.ts';
import { ImdsMock, type ImdsOptions } from './imds.ts';
import { makeTestCa, type TestCa } from './test-ca.ts';

const METADATA_IP = '169.254.169.254';

// Each name resolves to an address of its own in 127.0.1.0/24 (loopback on Linux): klibhost's
// --connect-to matches a connection by its address and port, so two names behind one address
// (two stacks in one klibhost, both on port 443) would be routed by whichever was looked up first.
const loopbackOf = new Map<string, string>();
function loopbackFor(name: string): string {
  let address = loopbackOf.get(name.toLowerCase());
  if (address === undefined) {
    if (loopbackOf.size >= 254) throw new Error('more names than 127.0.1.0/24 has addresses');
    address = `127.0.1.${loopbackOf.size + 1}`;
    loopbackOf.set(name.toLowerCase(), address);
  }
  return address;
}

// --resolve NAME:PORT:ADDRESS (an address of the name's own) and --connect-to
// NAME:PORT:127.0.0.1:LOCAL for each route.
function routes(list: [string, number, number][]): string[] {
  const args: string[] = [];
  for (const [name, port, local] of list) {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(name)) args.push('--resolve', `${name}:${port}:${loopbackFor(name)}`);
    args.push('--connect-to', `${name}:${port}:127.0.0.1:${local}`);
  }
  return args;
}

export interface AwsStack {
  ca: TestCa;
  imds: ImdsMock;
  cloudwatch: CloudWatchMock;
  klibhostArgs: string[];
  close(): Promise<void>;
}

export async function startAwsStack(options: ImdsOptions & { ca?: TestCa } = {}): Promise<AwsStack> {
  const ca = options.ca ?? makeTestCa();
  const imds = new ImdsMock(options);
  const cloudwatch = new CloudWatchMock({ region: imds.region, accountId: imds.accountId, credentials: imds.credentials, tls: ca });
  await imds.start();
  const { httpsPort, httpPort } = await cloudwatch.start();
  const r = imds.region;
  return {
    ca, imds, cloudwatch,
    klibhostArgs: routes([
      [METADATA_IP, 80, imds.port],
      [`logs.${r}.amazonaws.com`, 443, httpsPort!],
      [`monitoring.${r}.amazonaws.com`, 443, httpsPort!],
      [`monitoring.${r}.amazonaws.com`, 80, httpPort],
    ]),
    close: async () => { await imds.close(); await cloudwatch.close(); },
  };
}

export interface GcpStack {
  ca: TestCa;
  metadata: GcpMetadataMock;
  apis: GcpApisMock;
  klibhostArgs: string[];
  close(): Promise<void>;
}

export async function startGcpStack(options: { ca?: TestCa; projectId?: string } = {}): Promise<GcpStack> {
  const ca = options.ca ?? makeTestCa();
  const metadata = new GcpMetadataMock({ projectId: options.projectId });
  const apis = new GcpApisMock({ projectId: metadata.projectId, numericProjectId: metadata.numericProjectId, tokens: metadata.tokens, tls: ca });
  await metadata.start();
  const { httpsPort } = await apis.start();
  return {
    ca, metadata, apis,
    klibhostArgs: routes([
      [METADATA_IP, 80, metadata.port],
      ['metadata.google.internal', 80, metadata.port],
      ['logging.googleapis.com', 443, httpsPort!],
      ['monitoring.googleapis.com', 443, httpsPort!],
    ]),
    close: async () => { await metadata.close(); await apis.close(); },
  };
}
