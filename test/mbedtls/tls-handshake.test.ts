// Real TLS 1.2 handshakes between our configuration (hosted ASan/UBSan build,
// test/mbedtls/tls_client.c) and Node's TLS server (OpenSSL) on loopback,
// with certificates from a CA made for the test.
import t from 'tap';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { SANITIZER_REPORT, buildOrThrow, makeCa, makeLeaf, runProgramAsync } from './helpers.ts';

t.before(() => buildOrThrow('mbedtls-test-programs'));

const dir = t.testdir({});
const ecCa = makeCa(dir, 'ec-ca', 'ec');
const rsaCa = makeCa(dir, 'rsa-ca', 'rsa');
makeLeaf(dir, 'ec-leaf', 'ec-ca', 'server.test', 'ec');
makeLeaf(dir, 'rsa-leaf', 'rsa-ca', 'server.test', 'rsa');

interface Served {
  servername: string | false | null | undefined;
  received: string;
}

// A TLS server answering each "ping" line with "pong"; runs one client
// connection against it, returns what the client printed and the server saw.
async function handshake(leaf: string, ca: string, servername: string,
                         options: tls.TlsOptions = {}) {
  const served: Served = { servername: undefined, received: '' };
  const server = tls.createServer({
    key: readFileSync(`${dir}/${leaf}.key`),
    cert: readFileSync(`${dir}/${leaf}.pem`),
    ...options,
  }, (socket) => {
    served.servername = socket.servername;
    socket.on('data', (d) => {
      served.received += d.toString();
      if (served.received.endsWith('\n')) socket.write('pong\n');
    });
    socket.on('end', () => socket.end());
    socket.on('error', () => {});
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  try {
    const r = await runProgramAsync('tls_client', [ca, '127.0.0.1', String(port), servername]);
    return { ...r, served };
  } finally {
    await new Promise((done) => server.close(done));
  }
}

t.test('ECDSA server: handshake with SNI, data both ways, close_notify', async (t) => {
  const r = await handshake('ec-leaf', ecCa, 'server.test');
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.match(r.stdout, /^handshake: TLS-ECDHE-ECDSA-WITH-(AES-\d+-GCM-SHA\d+|CHACHA20-POLY1305-SHA256)$/m);
  t.match(r.stdout, /^received: pong$/m);
  t.match(r.stdout, /^closed$/m);
  t.equal(r.served.servername, 'server.test', 'the server saw SNI');
  t.equal(r.served.received, 'ping\n');
  t.notMatch(r.stderr, SANITIZER_REPORT);
});

t.test('RSA server: ECDHE-RSA handshake', async (t) => {
  const r = await handshake('rsa-leaf', rsaCa, 'server.test');
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.match(r.stdout, /^handshake: TLS-ECDHE-RSA-WITH-/m);
  t.notMatch(r.stderr, SANITIZER_REPORT);
});

t.test('ChaCha20-Poly1305 when the server only offers it', async (t) => {
  const r = await handshake('ec-leaf', ecCa, 'server.test', {
    ciphers: 'ECDHE-ECDSA-CHACHA20-POLY1305', maxVersion: 'TLSv1.2',
  });
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.match(r.stdout, /^handshake: TLS-ECDHE-ECDSA-WITH-CHACHA20-POLY1305-SHA256$/m);
});

t.test('wrong host name: refused before any application byte', async (t) => {
  const r = await handshake('ec-leaf', ecCa, 'other.test');
  t.equal(r.status, 1);
  t.match(r.stderr, /handshake failed/);
  t.match(r.stdout, /refused: The certificate Common Name \(CN\) does not match/);
  t.equal(r.served.received, '', 'no application data reached the server');
  t.notMatch(r.stderr, SANITIZER_REPORT);
});

t.test('unknown CA: refused', async (t) => {
  const r = await handshake('ec-leaf', rsaCa, 'server.test');
  t.equal(r.status, 1);
  t.match(r.stdout, /refused: The certificate is not correctly signed by the trusted CA/);
  t.equal(r.served.received, '');
});

t.test('a server offering only CBC suites: no handshake', async (t) => {
  const r = await handshake('ec-leaf', ecCa, 'server.test', {
    ciphers: 'ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA', maxVersion: 'TLSv1.2',
  });
  t.equal(r.status, 1);
  t.match(r.stderr, /handshake failed/);
  t.equal(r.served.received, '');
});

t.test('a server speaking only TLS 1.1: no handshake', async (t) => {
  const r = await handshake('ec-leaf', ecCa, 'server.test', {
    minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0',
  });
  t.equal(r.status, 1);
  t.match(r.stderr, /handshake failed/);
  t.equal(r.served.received, '');
});
