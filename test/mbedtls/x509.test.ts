// Certificate verification with our configuration (hosted ASan/UBSan build):
// good chains pass, wrong host, unknown CA and expired certificates are
// refused with mbedtls's reasons; and the client configuration itself.
import t from 'tap';
import type { Test as Tap } from 'tap';
import { SANITIZER_REPORT, buildOrThrow, makeCa, makeLeaf, runProgram } from './helpers.ts';

t.before(() => buildOrThrow('mbedtls-test-programs'));

const dir = t.testdir({});
const ecCa = makeCa(dir, 'ec-ca', 'ec');
const rsaCa = makeCa(dir, 'rsa-ca', 'rsa');
const otherCa = makeCa(dir, 'other-ca', 'ec');
const ecLeaf = makeLeaf(dir, 'ec-leaf', 'ec-ca', 'server.test', 'ec');
const rsaLeaf = makeLeaf(dir, 'rsa-leaf', 'rsa-ca', 'server.test', 'rsa');
const expiredLeaf = makeLeaf(dir, 'expired-leaf', 'ec-ca', 'server.test', 'ec', -1);

function verify(t: Tap, ca: string, leaf: string, host: string) {
  const r = runProgram('x509_check', [ca, leaf, host]);
  t.notMatch(r.stderr, SANITIZER_REPORT, 'no sanitizer report');
  return r;
}

t.test('an ECDSA chain for the right host is verified', async (t) => {
  const r = verify(t, ecCa, ecLeaf, 'server.test');
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.equal(r.stdout, 'verified\n');
});

t.test('an RSA chain for the right host is verified', async (t) => {
  const r = verify(t, rsaCa, rsaLeaf, 'server.test');
  t.equal(r.status, 0, r.stdout + r.stderr);
});

t.test('a wrong host name is refused', async (t) => {
  const r = verify(t, ecCa, ecLeaf, 'other.test');
  t.equal(r.status, 1);
  t.match(r.stdout, /refused: The certificate Common Name \(CN\) does not match/);
});

t.test('a certificate from another CA is refused', async (t) => {
  const r = verify(t, otherCa, ecLeaf, 'server.test');
  t.equal(r.status, 1);
  t.match(r.stdout, /refused: The certificate is not correctly signed by the trusted CA/);
});

t.test('an expired certificate is refused (time hooks at work)', async (t) => {
  const r = verify(t, ecCa, expiredLeaf, 'server.test');
  t.equal(r.status, 1);
  t.match(r.stdout, /refused: The certificate validity has expired/);
});

t.test('garbage instead of PEM is an error, not a crash', async (t) => {
  const r = runProgram('x509_check', [ecCa, `${dir}/ec-leaf.ext`, 'server.test']);
  t.equal(r.status, 2);
  t.notMatch(r.stderr, SANITIZER_REPORT);
});

t.test('client config: verification required, TLS 1.2 only, ECDHE with AEAD only', async (t) => {
  const r = runProgram('ssl_config_smoke', [ecCa, 'server.test']);
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.match(r.stdout, /^suite TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256$/m);
  t.match(r.stdout, /^suite TLS-ECDHE-RSA-WITH-CHACHA20-POLY1305-SHA256$/m);
  t.notMatch(r.stdout, /CBC|RC4|3DES|NULL|CCM|PSK|^suite TLS-(RSA|DHE)-/m, 'no weak or non-ECDHE suite');
  t.match(r.stdout, /client config ok/);
  t.notMatch(r.stderr, SANITIZER_REPORT);
});
