// tls.ca_file: a PEM file of the image (klibhost's --root-dir) whose CAs replace the embedded bundle
// as the default trust. The file is read during init (the probe connects before the read has
// completed, so its connection waits for it); when it cannot be used, every connection through the
// default trust is refused with the reason on the console, and the program still runs.
import t from 'tap';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sanitizerReport, tempDir } from '../../host/lib/klibhost.ts';
import { buildTls, makePki, ProbeOptions, probeLines, runProbe, tlsLines, tlsServer } from './lib.ts';

buildTls();
const pki = makePki();

const CA_PATH = '/etc/ssl/certs/test-ca.pem';
const REFUSED = 'tls: no CA is trusted: connections through the default trust are refused (the embedded bundle is not used instead)';
const NOT_CONNECTING = 'tls: good.test: not connecting: no CA is trusted (tls.ca_file could not be loaded)';

// An image root holding files (a name ending in '/' is a directory).
function image(files: Record<string, string | Buffer>): string {
  const root = tempDir('tls-image-');
  for (const [name, contents] of Object.entries(files)) {
    const path = join(root, name);
    if (name.endsWith('/')) {
      mkdirSync(path, { recursive: true });
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, contents);
    }
  }
  return root;
}

// The probe through the default trust (tls_connect_host), with tls.ca_file = path.
function probe(port: number, rootDir: string, path: string, more: Partial<ProbeOptions> = {}) {
  return runProbe(port, {
    host: 'good.test', trust: 'default', bytes: 100, rootDir, tls: { ca_file: path }, program: 'echo program ran', ...more,
  });
}

function certificates(pem: string): number {
  return pem.split('-----BEGIN CERTIFICATE-----').length - 1;
}

t.test('the CA in tls.ca_file: the handshake verifies, data flows', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({ [CA_PATH]: pki.caPem }), CA_PATH);
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(tlsLines(r), [`tls: tls.ca_file ${CA_PATH}: 1 CA certificates loaded; the embedded bundle is not used`]);
  t.same(probeLines(r), [
    'probe: connection 1: echoed 100 bytes',
    'probe: connection 1: closed after 100 bytes (by us)',
    'probe: done: 1 up, 0 refused, 1 echoed',
  ], 'the connection asked for during init waited for the file, then verified');
  t.same(server.seen.servernames, ['good.test']);
  t.equal(server.seen.bytes, 100);
});

t.test('many certificates in the file; the stock tls_connect by address uses them too', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const root = image({ [CA_PATH]: pki.otherCaPem + pki.caPem });
  const r = await probe(server.port, root, CA_PATH, { host: '' });
  t.equal(r.code, 0, r.stderr);
  t.same(tlsLines(r), [`tls: tls.ca_file ${CA_PATH}: 2 CA certificates loaded; the embedded bundle is not used`]);
  t.ok(probeLines(r).includes('probe: connection 1: echoed 100 bytes'));
  t.same(server.seen.servernames, [''], 'no host name, no SNI');
});

t.test('a symbolic link to the file is followed', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const root = image({ [CA_PATH]: pki.caPem });
  symlinkSync('test-ca.pem', join(root, '/etc/ssl/certs/link.pem'));
  const r = await probe(server.port, root, '/etc/ssl/certs/link.pem');
  t.equal(r.code, 0, r.stderr);
  t.ok(probeLines(r).includes('probe: connection 1: echoed 100 bytes'));
});

t.test('a tls.ca_file whose CA is not the server\'s: refused, with the reason', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({ [CA_PATH]: pki.otherCaPem }), CA_PATH);
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(tlsLines(r).map(l => l.replace(/ \(flags \d+\)$/, '')), [
    `tls: tls.ca_file ${CA_PATH}: 1 CA certificates loaded; the embedded bundle is not used`,
    'tls: good.test: certificate rejected: not issued by a trusted CA (unknown CA, or self-signed)',
  ]);
  t.ok(probeLines(r).includes('probe: connection 1: refused'));
  t.equal(server.seen.secure, 0, 'the handshake never completed');
  t.equal(server.seen.bytes, 0, 'no application byte was sent');
});

t.test('the file replaces the embedded bundle: the Debian bundle as tls.ca_file loads the same roots', async t => {
  const bundle = readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8');
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({ '/etc/bundle.pem': bundle }), '/etc/bundle.pem');
  t.equal(r.code, 0, r.stderr);
  t.same(tlsLines(r).filter(l => l.includes('tls.ca_file')),
    [`tls: tls.ca_file /etc/bundle.pem: ${certificates(bundle)} CA certificates loaded; the embedded bundle is not used`]);
  t.ok(probeLines(r).includes('probe: connection 1: refused'), 'the test CA is in neither');
});

// The CAs of the file are kept as text and parsed when a chain needs them: an index of their subjects
// must find the one CA that matters among Debian's ~146, wherever it is in the file.
t.test('the Debian bundle with the test CA at its end: the index finds it, the handshake verifies', async t => {
  const bundle = readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8');
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({ '/etc/bundle.pem': bundle + pki.caPem }), '/etc/bundle.pem');
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(tlsLines(r),
    [`tls: tls.ca_file /etc/bundle.pem: ${certificates(bundle) + 1} CA certificates loaded; the embedded bundle is not used`]);
  t.same(probeLines(r), [
    'probe: connection 1: echoed 100 bytes',
    'probe: connection 1: closed after 100 bytes (by us)',
    'probe: done: 1 up, 0 refused, 1 echoed',
  ]);
  t.equal(server.seen.bytes, 100);
});

t.test('a chain through an intermediate CA: the root in the file, the server sends leaf and intermediate', async t => {
  const bundle = readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8');
  const server = await tlsServer(pki.chained);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({ '/etc/bundle.pem': bundle + pki.caPem }), '/etc/bundle.pem');
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.ok(probeLines(r).includes('probe: connection 1: echoed 100 bytes'), 'verified up to the root in the file');
  t.equal(server.seen.bytes, 100);

  // Without the root, the same chain is refused: the intermediate alone proves nothing.
  const without = await probe(server.port, image({ '/etc/bundle.pem': bundle }), '/etc/bundle.pem');
  t.equal(without.code, 0, without.stderr);
  t.same(tlsLines(without).filter(l => !l.includes('tls.ca_file')).map(l => l.replace(/ \(flags \d+\)$/, '')),
    ['tls: good.test: certificate rejected: not issued by a trusted CA (unknown CA, or self-signed)']);
  t.ok(probeLines(without).includes('probe: connection 1: refused'));
});

t.test('tls_set_cacert adds to the CAs of tls.ca_file', async t => {
  const bundle = readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8');
  const server = await tlsServer(pki.chained);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({ '/etc/bundle.pem': bundle }), '/etc/bundle.pem',
    { trust: 'set', ca: pki.caPem });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(probeLines(r).slice(0, 2), ['probe: tls_set_cacert: 0', 'probe: connection 1: echoed 100 bytes']);
});

t.test('without tls.ca_file the embedded bundle is the default trust', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  // The same image, with a file holding the test CA that nobody names.
  const r = await runProbe(server.port, {
    host: 'good.test', trust: 'default', bytes: 100, rootDir: image({ [CA_PATH]: pki.caPem }),
  });
  t.equal(r.code, 0, r.stderr);
  t.same(tlsLines(r).map(l => l.replace(/ \(flags \d+\)$/, '')),
    ['tls: good.test: certificate rejected: not issued by a trusted CA (unknown CA, or self-signed)'],
    'nothing said about a file; the test CA is not in the bundle');
  t.ok(probeLines(r).includes('probe: connection 1: refused'));
  t.equal(server.seen.bytes, 0);
});

t.test('tls.verify "false" wins over tls.ca_file, which is not read', async t => {
  const server = await tlsServer(pki.selfSigned);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({}), '/missing.pem', { tls: { ca_file: '/missing.pem', verify: 'false' } });
  t.equal(r.code, 0, r.stderr);
  t.match(tlsLines(r), [/^tls: WARNING: tls\.verify is off/, /^tls: tls\.ca_file is not read: tls\.verify is off$/]);
  t.ok(probeLines(r).includes('probe: connection 1: echoed 100 bytes'));
});

interface BadFile {
  name: string;
  files: Record<string, string | Buffer>;
  path: string;
  env?: Record<string, string>;
  klibhost?: string[];
  message: string;
  // found at once during init (the probe's connect is refused when asked), or after the read (the
  // probe's connection waited, then is refused)
  early: boolean;
}

const PEM_BODY = pki.caPem.split('\n').slice(1, -2).join('\n');
const corrupt = (n: number) => Array.from({ length: n }, (_, i) =>
  `-----BEGIN CERTIFICATE-----\n${PEM_BODY.replace(/[A-Za-z]/g, c => (c === 'A' ? 'B' : 'A'))}${i}\n-----END CERTIFICATE-----\n`).join('');

const badFiles: BadFile[] = [
  { name: 'a missing file', files: {}, path: '/etc/ssl/missing.pem', early: true,
    message: 'tls: tls.ca_file /etc/ssl/missing.pem: no such file in the image' },
  { name: 'a path through a file', files: { '/etc/ssl': 'x' }, path: '/etc/ssl/ca.pem', early: true,
    message: 'tls: tls.ca_file /etc/ssl/ca.pem: no such file in the image' },
  { name: 'an empty file', files: { [CA_PATH]: '' }, path: CA_PATH, early: true,
    message: `tls: tls.ca_file ${CA_PATH}: the file is empty` },
  { name: 'a directory', files: { '/etc/ssl/certs/': '' }, path: '/etc/ssl/certs', early: true,
    message: 'tls: tls.ca_file /etc/ssl/certs: not a regular file (a directory?)' },
  { name: 'a file too large', files: { [CA_PATH]: Buffer.alloc(1024 * 1024 + 1, 'a') }, path: CA_PATH, early: true,
    message: `tls: tls.ca_file ${CA_PATH}: the file is too large (1048577 bytes; at most 1048576)` },
  // The buffer, from the locked heap, is the file and its NUL in whole 4 KiB blocks: 1 MiB and 4 KiB
  // for a file of 1 MiB, more than a kernel gives from it with under 64 MiB of memory.
  { name: 'a file of 1 MiB on a machine of 63 MiB', files: { [CA_PATH]: Buffer.alloc(1048576, 'a') },
    path: CA_PATH, early: true, klibhost: ['--memory', '63'],
    message: `tls: tls.ca_file ${CA_PATH}: out of memory to read it` },
  { name: 'a file of 1 MiB less a byte on a machine of 63 MiB (read: no certificate)',
    files: { [CA_PATH]: Buffer.alloc(1048575, 'a') }, path: CA_PATH, early: false, klibhost: ['--memory', '63'],
    message: `tls: tls.ca_file ${CA_PATH}: no PEM certificate in the file` },
  { name: 'an empty path', files: {}, path: '', early: true,
    message: 'tls: tls.ca_file is empty: give the path of a PEM file in the image' },
  { name: 'an unreadable file (a disk error)', files: { [CA_PATH]: pki.caPem }, path: CA_PATH, early: false,
    env: { KLIBHOST_FAIL_READ: CA_PATH },
    message: `tls: tls.ca_file ${CA_PATH}: the file could not be read: read failed (errno 5)` },
  { name: 'no certificate in the file', files: { [CA_PATH]: 'just some text\n' }, path: CA_PATH, early: false,
    message: `tls: tls.ca_file ${CA_PATH}: no PEM certificate in the file (no "-----BEGIN CERTIFICATE-----" line)` },
  { name: 'certificates that cannot be parsed', files: { [CA_PATH]: corrupt(3) }, path: CA_PATH, early: false,
    message: `tls: tls.ca_file ${CA_PATH}: none of its 3 certificates could be used (` },
];

for (const c of badFiles) {
  t.test(`tls.ca_file: ${c.name}: said, no fallback, the program still runs`, async t => {
    const server = await tlsServer(pki.good);
    t.teardown(() => server.close());
    const r = await probe(server.port, image(c.files), c.path, { env: c.env, klibhost: c.klibhost });
    t.equal(r.code, 0, `the VM goes on: ${r.stderr}`);
    t.equal(sanitizerReport(r.stderr), null);
    t.ok(r.stdout.toString().includes('program ran'), 'the program ran');
    const said = tlsLines(r);
    t.equal(said.length, 3, said.join('\n'));
    t.ok(said[0]?.startsWith(c.message), `${said[0]} starts with ${c.message}`);
    t.equal(said[1], REFUSED);
    if (c.early) {
      t.equal(said[2], NOT_CONNECTING, 'refused when asked for');
      t.same(probeLines(r), ['probe: connection 1: did not start (-1)', 'probe: done: 0 up, 0 refused, 0 echoed']);
    } else {
      t.equal(said[2], NOT_CONNECTING, 'the waiting connection is refused once the file failed');
      t.same(probeLines(r), ['probe: connection 1: refused', 'probe: done: 0 up, 1 refused, 0 echoed']);
    }
    t.equal(server.seen.tcp, 0, 'nothing reached the server, not even a TCP connect');
  });
}

t.test('some certificates of the file unusable: the others are trusted, and the count is said', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({ [CA_PATH]: corrupt(1) + pki.caPem }), CA_PATH);
  t.equal(r.code, 0, r.stderr);
  t.same(tlsLines(r), [`tls: tls.ca_file ${CA_PATH}: 1 CA certificates loaded, 1 could not be used; the embedded bundle is not used`]);
  t.ok(probeLines(r).includes('probe: connection 1: echoed 100 bytes'));
});

t.test('a trust of a klib\'s own is not affected by a failed tls.ca_file', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await probe(server.port, image({}), '/missing.pem', { trust: 'own', ca: pki.caPem });
  t.equal(r.code, 0, r.stderr);
  t.ok(probeLines(r).includes('probe: connection 1: echoed 100 bytes'));
});
