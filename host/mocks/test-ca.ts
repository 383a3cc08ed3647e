// A certificate authority made for one test run (openssl command, EC P-256)
// and a server certificate it signs for the names the mocks answer as, so a
// klib can verify the mocks with tls.ca_file = caFile.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  caFile: string;     // PEM of the CA: what a client trusts
  caPem: string;
  key: string;        // the server's key and certificate (PEM)
  cert: string;
}

// Names the cloud mocks are reached as through --connect-to / --resolve.
export const DEFAULT_SERVER_NAMES = [
  'localhost',
  'logs.us-east-1.amazonaws.com', 'monitoring.us-east-1.amazonaws.com',
  'logs.eu-west-1.amazonaws.com', 'monitoring.eu-west-1.amazonaws.com',
  '*.amazonaws.com', 'logs.test', 'monitoring.test',
  'logging.googleapis.com', 'monitoring.googleapis.com',
];

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.error) throw new Error(`openssl: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}:\n${r.stderr}`);
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export function makeTestCa(names: string[] = DEFAULT_SERVER_NAMES,
                           dir = mkdtempSync(join(tmpdir(), 'mock-ca-'))): TestCa {
  openssl(dir, ['req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.pem',
    '-subj', '/CN=klib mock test CA', '-days', '7',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const san = [...names.map(n => `DNS:${n}`), 'IP:127.0.0.1'].join(',');
  writeFileSync(join(dir, 'server.ext'),
    `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n`);
  openssl(dir, ['req', '-new', ...EC_KEY, '-keyout', 'server.key', '-out', 'server.csr',
    '-subj', `/CN=${names[0] ?? 'localhost'}`]);
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
    '-CAcreateserial', '-days', '7', '-extfile', 'server.ext', '-out', 'server.pem']);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { dir, caFile: join(dir, 'ca.pem'), caPem: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
}
