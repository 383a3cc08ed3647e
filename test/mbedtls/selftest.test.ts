// mbedtls's own known-answer self tests, for every module our configuration
// enables, on the hosted (ASan/UBSan) build; and our snprintf glue against
// the C library's, and our gmtime_r glue likewise.
import t from 'tap';
import { SANITIZER_REPORT, buildOrThrow, runProgram } from './helpers.ts';

t.before(() => buildOrThrow('mbedtls-test-programs'));

const modules = ['aes', 'gcm', 'gcm_software', 'chacha20', 'poly1305', 'chachapoly', 'sha256', 'sha512',
  'base64', 'mpi', 'rsa', 'ecp', 'entropy', 'ctr_drbg'];

t.test('self tests pass for every enabled module', async (t) => {
  const r = runProgram('selftest', []);
  t.equal(r.status, 0, r.stdout + r.stderr);
  for (const m of modules) t.match(r.stdout, new RegExp(`^${m}: passed$`, 'm'), m);
  t.notMatch(r.stderr, SANITIZER_REPORT);
});

t.test('mbedtls_klib_snprintf formats like snprintf', async (t) => {
  const r = runProgram('snprintf_check', []);
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.match(r.stdout, 'snprintf matches the C library');
  t.notMatch(r.stderr, SANITIZER_REPORT);
});

t.test('mbedtls_platform_gmtime_r breaks time down like gmtime_r', async (t) => {
  const r = runProgram('gmtime_check', []);
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.match(r.stdout, /gmtime_r matches the C library on \d+ instants/);
  t.notMatch(r.stderr, SANITIZER_REPORT);
});
