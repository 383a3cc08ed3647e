// The tls klib's record crypto against OpenSSL (Node's TLS server) in whole connections: the
// accelerated AES-GCM (AES-NI, PCLMULQDQ) where this CPU has it, and the paths of a CPU without
// it, forced by the probe (mbedtls_klib_accel_allow(0)): ChaCha20-Poly1305 offered first, and
// mbedtls's software AES-GCM where the server takes only AES-GCM. The server follows the client's
// order of suites (as Node's does not by default). Each echoes 1 MB in writes of
// odd sizes, so records of every length go both ways; every byte is checked on both sides.
import { createHash } from 'node:crypto';
import t, { type Test } from 'tap';
import { sanitizerReport } from '../../host/lib/klibhost.ts';
import { cpuinfoFeatures, AES_GCM } from '../crypto/lib.ts';
import { buildTls, makePki, pattern, probeLines, runProbe, tlsServer } from './lib.ts';

buildTls();
const pki = makePki();
const trusted = { host: 'good.test', trust: 'own' as const, ca: pki.caPem };
const SIZE = 1_000_003;
const accelerated = (cpuinfoFeatures() & AES_GCM) !== 0;

async function echoThrough(t: Test, ciphers: string | undefined, crypto: 'software' | undefined): Promise<string[]> {
  const hash = createHash('sha256');
  const server = await tlsServer(pki.good, socket => {
    socket.on('data', d => hash.update(d));
    socket.pipe(socket);
  }, { ciphers, clientOrder: true });
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: SIZE, chunk: 4999, crypto });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.ok(probeLines(r).includes(`probe: connection 1: echoed ${SIZE} bytes`), 'every byte came back intact');
  t.equal(hash.digest('hex'), createHash('sha256').update(pattern(SIZE)).digest('hex'),
    'the server received exactly what was written');
  return server.seen.ciphers;
}

t.test(`AES-128-GCM first on this CPU (${accelerated ? 'AES-NI: the accelerated path' : 'no AES-NI'})`, async t => {
  const ciphers = await echoThrough(t, undefined, undefined);
  t.same(ciphers, [accelerated ? 'ECDHE-ECDSA-AES128-GCM-SHA256' : 'ECDHE-ECDSA-CHACHA20-POLY1305'],
    'the server took the client\'s first suite');
});

t.test('AES-256-GCM when the server takes only that', async t => {
  t.same(await echoThrough(t, 'ECDHE-ECDSA-AES256-GCM-SHA384', undefined), ['ECDHE-ECDSA-AES256-GCM-SHA384']);
});

t.test('as without AES-NI: ChaCha20-Poly1305 offered first', async t => {
  t.same(await echoThrough(t, undefined, 'software'), ['ECDHE-ECDSA-CHACHA20-POLY1305']);
});

t.test('as without AES-NI, a server taking only AES-GCM: mbedtls\'s software GCM', async t => {
  t.same(await echoThrough(t, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'software'), ['ECDHE-ECDSA-AES128-GCM-SHA256']);
});
