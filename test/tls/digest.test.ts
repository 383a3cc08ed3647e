// SHA-256 and HMAC-SHA256 for other klibs (SigV4): a dialect test klib (test/tls/klibs/tls_digest)
// uses cloudwatch's bindings (klib-src/cloudwatch/bindings.d.ts, mbedtls's headers), which resolve
// against the mbedtls the tls klib exports; the digests must be node:crypto's.
import { createHash, createHmac } from 'node:crypto';
import t from 'tap';
import { linesWith, runWith, sanitizerReport } from '../../host/lib/klibhost.ts';
import { buildTls } from './lib.ts';

buildTls();

t.test('SHA-256 and HMAC-SHA256 through the tls klib', async t => {
  const r = await runWith({ Klibs: ['tls', 'tls_digest'] }, 'true');
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  const message = 'The quick brown fox jumps over the lazy dog';
  const bytes = (b: Buffer) => `digest: ${[...b].join(' ')}`;
  t.same(linesWith(r.stdout, 'digest:'), [
    bytes(createHash('sha256').update(message).digest()),
    bytes(createHmac('sha256', 'key').update(message).digest()),
  ]);
});
