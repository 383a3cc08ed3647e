// Certificates made with the openssl command, shared by the tests and the benchmarks: CAs, server
// certificates signed by them, and the set of identities the tls klib's tests and benchmark serve.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './klibhost.ts';

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}:\n${r.stderr}`);
}

export type KeyType = 'ec' | 'rsa';

function keyArgs(type: KeyType): string[] {
  return type === 'ec'
    ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']
    : ['-newkey', 'rsa:2048'];
}

// A self-signed CA: NAME.pem and NAME.key in dir.
export function makeCa(dir: string, name: string, type: KeyType): string {
  openssl(dir, [
    'req', '-x509', ...keyArgs(type), '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`,
    '-subj', `/CN=${name}`, '-days', '2',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return join(dir, `${name}.pem`);
}

// A server certificate for host, signed by the CA made by makeCa:
// NAME.pem, NAME.key. days < 0 makes one that has already expired.
export function makeLeaf(dir: string, name: string, ca: string, host: string,
                         type: KeyType, days = 2): string {
  writeFileSync(join(dir, `${name}.ext`),
    `subjectAltName=DNS:${host}\nextendedKeyUsage=serverAuth\n` +
    'keyUsage=critical,digitalSignature,keyEncipherment\n');
  openssl(dir, ['req', '-new', ...keyArgs(type), '-nodes', '-keyout', `${name}.key`,
    '-out', `${name}.csr`, '-subj', `/CN=${host}`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`,
    '-days', String(days), '-extfile', `${name}.ext`, '-out', `${name}.pem`]);
  return join(dir, `${name}.pem`);
}

export interface Identity {
  key: Buffer;
  cert: Buffer;
}

export interface Pki {
  dir: string;
  caPem: string;          // the test CA the probe is told to trust
  otherCaPem: string;     // a CA nobody's certificate here chains to
  good: Identity;         // good.test, signed by the CA
  wrongHost: Identity;    // other.test, signed by the CA
  expired: Identity;      // good.test, signed by the CA, already expired
  selfSigned: Identity;   // good.test, signed by itself
  selfSignedLeaf: Identity; // the same, basicConstraints CA:FALSE
  chained: Identity;      // good.test, signed by an intermediate CA the CA signed; cert holds both
}

function identity(dir: string, name: string): Identity {
  return { key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.pem`)) };
}

// Every certificate the tests use, made once per test file (EC P-256 keys: quick to make and use).
export function makePki(): Pki {
  const dir = tempDir('tls-pki-');
  makeCa(dir, 'ca', 'ec');
  makeCa(dir, 'otherca', 'ec');
  makeLeaf(dir, 'good', 'ca', 'good.test', 'ec');
  makeLeaf(dir, 'wronghost', 'ca', 'other.test', 'ec');
  makeLeaf(dir, 'expired', 'ca', 'good.test', 'ec', -1);
  makeIntermediate(dir, 'inter', 'ca');
  makeLeaf(dir, 'chained', 'inter', 'good.test', 'ec');
  openssl(dir, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', 'self.key', '-out', 'self.pem', '-subj', '/CN=good.test', '-days', '2',
    '-addext', 'subjectAltName=DNS:good.test',
  ]);
  // The same, marked as no CA (an end entity that is its own issuer).
  openssl(dir, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', 'selfleaf.key', '-out', 'selfleaf.pem', '-subj', '/CN=good.test', '-days', '2',
    '-addext', 'subjectAltName=DNS:good.test', '-addext', 'basicConstraints=critical,CA:FALSE',
  ]);
  return {
    dir,
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    otherCaPem: readFileSync(join(dir, 'otherca.pem'), 'utf8'),
    good: identity(dir, 'good'),
    wrongHost: identity(dir, 'wronghost'),
    expired: identity(dir, 'expired'),
    selfSigned: identity(dir, 'self'),
    selfSignedLeaf: identity(dir, 'selfleaf'),
    chained: {
      key: readFileSync(join(dir, 'chained.key')),
      cert: Buffer.concat([readFileSync(join(dir, 'chained.pem')), readFileSync(join(dir, 'inter.pem'))]),
    },
  };
}

// An intermediate CA (NAME.pem, NAME.key) signed by the CA made by makeCa.
function makeIntermediate(dir: string, name: string, ca: string): void {
  writeFileSync(join(dir, `${name}.ext`),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`,
    '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`]);
}
