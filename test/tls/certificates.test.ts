// The tls klib verifies servers by default: a good certificate lets data flow (with SNI), and a
// wrong CA, a wrong host name, an expired or a self-signed certificate are refused with a clear
// console message before any application byte is sent. tls.verify "false" (or "off") is the only
// way around, and it warns.
import t from 'tap';
import { sanitizerReport } from '../../host/lib/klibhost.ts';
import { buildTls, eventually, makePki, probeLines, runProbe, tlsLines, tlsServer } from './lib.ts';

buildTls();
const pki = makePki();

t.test('a good certificate: verified, SNI sent, data flows, the close reaches the server', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { host: 'good.test', trust: 'own', ca: pki.caPem, bytes: 1000 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(probeLines(r), [
    'probe: tls_trust_create: ok',
    'probe: connection 1: echoed 1000 bytes',
    'probe: connection 1: closed after 1000 bytes (by us)',
    'probe: done: 1 up, 0 refused, 1 echoed',
  ]);
  t.same(server.seen.servernames, ['good.test'], 'the host name went out as SNI');
  t.equal(server.seen.bytes, 1000);
  t.ok(await eventually(() => server.seen.ends === 1), 'the server saw our close (TCP\'s FIN: no alert is sent) as an orderly end');
  t.same(tlsLines(r), [], 'nothing to say on the console');
});

t.test('tls_set_cacert adds a CA to the default trust; the stock tls_connect by address works', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { host: '', trust: 'set', ca: pki.caPem, bytes: 10 });
  t.equal(r.code, 0, r.stderr);
  t.same(probeLines(r), [
    'probe: tls_set_cacert: 0',
    'probe: connection 1: echoed 10 bytes',
    'probe: connection 1: closed after 10 bytes (by us)',
    'probe: done: 1 up, 0 refused, 1 echoed',
  ]);
  t.same(server.seen.servernames, [''], 'no host name, no SNI');
});

// The stock klib's tls_set_cacert could be given a server's own self-signed certificate: mbedtls
// trusts an end entity found byte for byte among the CAs. The default trust asks its CAs through a
// callback (the embedded bundle is not parsed), so the klib applies that rule itself.
for (const id of ['selfSigned', 'selfSignedLeaf'] as const) {
  t.test(`tls_set_cacert of a server's own self-signed certificate (${id}) trusts that server`, async t => {
    const server = await tlsServer(pki[id]);
    t.teardown(() => server.close());
    const r = await runProbe(server.port, { host: 'good.test', trust: 'set', ca: pki[id].cert.toString(), bytes: 10 });
    t.equal(r.code, 0, r.stderr);
    t.equal(sanitizerReport(r.stderr), null);
    t.same(probeLines(r), [
      'probe: tls_set_cacert: 0',
      'probe: connection 1: echoed 10 bytes',
      'probe: connection 1: closed after 10 bytes (by us)',
      'probe: done: 1 up, 0 refused, 1 echoed',
    ]);
    t.same(tlsLines(r), []);
  });
}

t.test('tls_set_cacert of one self-signed certificate does not trust another with the same name', async t => {
  const server = await tlsServer(pki.selfSignedLeaf);
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { host: 'good.test', trust: 'set', ca: pki.selfSigned.cert.toString(), bytes: 10 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(probeLines(r).filter(l => !l.startsWith('probe: tls_')), [
    'probe: connection 1: refused',
    'probe: done: 0 up, 1 refused, 0 echoed',
  ]);
  t.equal(server.seen.bytes, 0, 'no application byte was sent');
});

interface Refusal {
  name: string;
  id: keyof typeof pki & ('good' | 'wrongHost' | 'expired' | 'selfSigned');
  ca: () => string;
  trust: 'own' | 'default';
  message: string;
}

const refusals: Refusal[] = [
  { name: 'a certificate from another CA', id: 'good', ca: () => pki.otherCaPem, trust: 'own',
    message: 'tls: good.test: certificate rejected: not issued by a trusted CA (unknown CA, or self-signed)' },
  { name: 'a CA missing from the embedded bundle', id: 'good', ca: () => '', trust: 'default',
    message: 'tls: good.test: certificate rejected: not issued by a trusted CA (unknown CA, or self-signed)' },
  { name: 'a certificate for another host name', id: 'wrongHost', ca: () => pki.caPem, trust: 'own',
    message: 'tls: good.test: certificate rejected: issued for another host name' },
  { name: 'an expired certificate', id: 'expired', ca: () => pki.caPem, trust: 'own',
    message: 'tls: good.test: certificate rejected: expired' },
  { name: 'a self-signed certificate', id: 'selfSigned', ca: () => pki.caPem, trust: 'own',
    message: 'tls: good.test: certificate rejected: not issued by a trusted CA (unknown CA, or self-signed)' },
];

for (const c of refusals) {
  t.test(`refused: ${c.name}`, async t => {
    const server = await tlsServer(pki[c.id]);
    t.teardown(() => server.close());
    const r = await runProbe(server.port, { host: 'good.test', trust: c.trust, ca: c.ca() || undefined, bytes: 10 });
    t.equal(r.code, 0, r.stderr);
    t.equal(sanitizerReport(r.stderr), null);
    const said = tlsLines(r).map(l => l.replace(/ \(flags \d+\)$/, ''));
    t.same(said, [c.message], 'one clear line on the console');
    t.same(probeLines(r).filter(l => !l.startsWith('probe: tls_')), [
      'probe: connection 1: refused',
      'probe: done: 0 up, 1 refused, 0 echoed',
    ], 'the application is told the connection failed');
    t.equal(server.seen.secure, 0, 'the handshake never completed');
    t.equal(server.seen.bytes, 0, 'no application byte was sent');
  });
}

for (const verify of ['false', 'off']) t.test(`tls.verify "${verify}" turns the checks off, with a warning`, async t => {
  const server = await tlsServer(pki.selfSigned);
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { host: 'good.test', bytes: 10, tls: { verify } });
  t.equal(r.code, 0, r.stderr);
  t.match(tlsLines(r).join('\n'), /^tls: WARNING: tls\.verify is off: server certificates are NOT checked/);
  t.ok(probeLines(r).includes('probe: connection 1: echoed 10 bytes'));
});

t.test('tls.verify other than off or false keeps the checks, and says so', async t => {
  const server = await tlsServer(pki.selfSigned);
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { host: 'good.test', bytes: 10, tls: { verify: 'no' } });
  t.equal(r.code, 0, r.stderr);
  t.ok(tlsLines(r).includes("tls: invalid configuration: 'verify' must be on or off; the key keeps its default"));
  t.ok(probeLines(r).includes('probe: connection 1: refused'));
  t.equal(server.seen.bytes, 0);
});
