// 1,000 sequential connections through the tls klib in one run: every one verified, echoed and
// closed (no close_notify: klib-src/tls/README.md), and LeakSanitizer finds nothing left at exit.
import t from 'tap';
import { sanitizerReport } from '../../host/lib/klibhost.ts';
import { buildTls, eventually, makePki, probeLines, runProbe, tlsServer } from './lib.ts';

buildTls();
const pki = makePki();

t.test('1,000 sequential connections, no leak', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { host: 'good.test', trust: 'own', ca: pki.caPem, bytes: 100, connections: 1000 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null, 'LeakSanitizer found nothing at exit');
  t.equal(probeLines(r).at(-1), 'probe: done: 1000 up, 0 refused, 1000 echoed');
  t.equal(server.seen.secure, 1000);
  t.ok(await eventually(() => server.seen.ends === 1000), 'every connection ended with our close');
});
