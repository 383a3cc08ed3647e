// Shared by the tls klib tests: certificates made with openssl, Node TLS servers on loopback that
// record what they saw, and running the tls_probe test klib (test/tls/fixtures/tls_probe) with the
// tls klib inside klibhost.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { join } from 'node:path';
import { buildHost, klibhost, linesWith, Result, tempDir, writeConfig } from '../host/lib/klibhost.ts';
import { makeCa, makeLeaf } from '../mbedtls/helpers.ts';

// klibhost, the hosted tls klib and the probe (mk/tls.mk).
export function buildTls(): void {
  buildHost('test-tls-klibs');
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

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}:\n${r.stderr}`);
}

// What a server saw: TLS connections completed, application bytes received, SNI names, how
// connections ended.
export interface Seen {
  tcp: number;            // TCP connections accepted
  secure: number;
  bytes: number;
  servernames: string[];
  ends: number;           // the client's close arrived (FIN; a close_notify would count too)
  clientErrors: string[];
  ciphers: string[];      // the cipher suite of each TLS connection (OpenSSL's name)
}

export interface TestServer {
  port: number;
  seen: Seen;
  close(): Promise<void>;
}

// raw is the TCP socket under the TLS one (to reset it); the tests connect one at a time.
export type SecureHandler = (socket: tls.TLSSocket, seen: Seen, raw: net.Socket) => void;

// The default behaviour: echo everything back.
export const echo: SecureHandler = socket => {
  socket.pipe(socket);
};

// `ciphers` limits the suites the server accepts (OpenSSL's cipher list syntax); with
// `clientOrder` it takes the first suite of the client's list that it has (by default Node's
// server prefers its own order).
export async function tlsServer(id: Identity, onSecure: SecureHandler = echo,
                                suites: { ciphers?: string; clientOrder?: boolean } = {}): Promise<TestServer> {
  const seen: Seen = { tcp: 0, secure: 0, bytes: 0, servernames: [], ends: 0, clientErrors: [], ciphers: [] };
  let raw: net.Socket | undefined;
  const server = tls.createServer({
    key: id.key, cert: id.cert,
    ...(suites.ciphers ? { ciphers: suites.ciphers } : {}),
    ...(suites.clientOrder ? { honorCipherOrder: false } : {}),
  }, socket => {
    seen.secure++;
    seen.ciphers.push(socket.getCipher().name);
    // Node says false when the client sent no SNI
    seen.servernames.push((socket as tls.TLSSocket & { servername?: string | false }).servername || '');
    socket.on('data', d => { seen.bytes += d.length; });
    socket.on('end', () => { seen.ends++; });
    socket.on('error', () => {});
    onSecure(socket, seen, raw!);
  });
  server.on('connection', s => { raw = s; });
  server.on('tlsClientError', e => { seen.clientErrors.push(e.message); });
  return listen(server, seen);
}

// A plain TCP server, for what happens before TLS.
export async function tcpServer(onConnection: (s: net.Socket) => void): Promise<TestServer> {
  const seen: Seen = { tcp: 0, secure: 0, bytes: 0, servernames: [], ends: 0, clientErrors: [], ciphers: [] };
  const server = net.createServer(s => {
    s.on('error', () => {});
    onConnection(s);
  });
  return listen(server, seen);
}

async function listen(server: net.Server, seen: Seen): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', s => { seen.tcp++; sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

export interface ProbeOptions {
  host?: string;                    // '' or absent: the stock tls_connect, by address
  trust?: 'default' | 'set' | 'own';
  ca?: string;
  bytes?: number;
  chunk?: number;
  connections?: number;
  echo?: boolean;                   // false: close right after writing
  refuse?: boolean;                 // the probe's connection handler refuses
  crypto?: 'software';              // the probe turns the accelerated crypto off first
  tls?: Record<string, string>;     // the manifest's tls tuple
  rootDir?: string;                 // klibhost --root-dir: the image's root filesystem
  env?: Record<string, string>;     // klibhost's environment (e.g. KLIBHOST_FAIL_READ)
  program?: string;                 // the program, a shell command ('true')
  klibhost?: string[];              // more klibhost options (e.g. --memory)
}

// Runs the tls klib and the probe against 127.0.0.1:port.
export function runProbe(port: number, o: ProbeOptions): Promise<Result> {
  const probe: Record<string, string> = { address: '127.0.0.1', port: String(port), host: o.host ?? '' };
  if (o.trust) probe.trust = o.trust;
  if (o.ca) probe.ca = o.ca;
  if (o.bytes !== undefined) probe.bytes = String(o.bytes);
  if (o.chunk !== undefined) probe.chunk = String(o.chunk);
  if (o.connections !== undefined) probe.connections = String(o.connections);
  if (o.echo === false) probe.echo = 'false';
  if (o.refuse) probe.refuse = 'true';
  if (o.crypto) probe.crypto = o.crypto;
  const passthrough: Record<string, unknown> = { tls_probe: probe };
  if (o.tls) passthrough.tls = o.tls;
  const config = writeConfig({ Klibs: ['tls', 'tls_probe'], ManifestPassthrough: passthrough });
  const root = o.rootDir ? ['--root-dir', o.rootDir] : [];
  return klibhost(['--config', config, ...root, ...(o.klibhost ?? []), '--', 'sh', '-c', o.program ?? 'true'], o.env);
}

export function probeLines(r: Result): string[] {
  return linesWith(r.stdout, 'probe:');
}

export function tlsLines(r: Result): string[] {
  return linesWith(r.stdout, 'tls:');
}

// The probe's byte pattern (as tls_probe.c computes it).
export function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + Math.floor(i / 8192)) & 0xff;
  return b;
}

// What a server sees after the client has gone may still be on its way: waits until check()
// holds, and returns whether it does (giving up after a minute, which only a failing run reaches).
export async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 1200 && !check(); i++) await new Promise(r => setTimeout(r, 50));
  return check();
}
