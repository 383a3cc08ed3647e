// Data through the tls klib: 10 MB each way byte-exact (in writes of 2 MiB, the kernel heaps'
// largest piece: each far larger than a record and than TCP's send buffer), a server that answers slowly in small records, the server's
// close_notify, resets during the handshake and mid-stream, a server that never answers (the
// handshake timeout), an application that refuses the connection. (many.test.ts: 1,000
// connections.)
import { createHash } from 'node:crypto';
import t from 'tap';
import { sanitizerReport } from '../../host/lib/klibhost.ts';
import { buildTls, eventually, makePki, pattern, probeLines, runProbe, tcpServer, tlsLines, tlsServer } from './lib.ts';

buildTls();
const pki = makePki();
const trusted = { host: 'good.test', trust: 'own' as const, ca: pki.caPem };

t.test('10 MB round trip in writes of 2 MiB, byte-exact', async t => {
  const size = 10 * 1024 * 1024;
  const hash = createHash('sha256');
  const server = await tlsServer(pki.good, socket => {
    socket.on('data', d => hash.update(d));
    socket.pipe(socket);
  });
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: size, chunk: 2 * 1024 * 1024 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(probeLines(r).slice(1), [
    `probe: connection 1: echoed ${size} bytes`,
    `probe: connection 1: closed after ${size} bytes (by us)`,
    'probe: done: 1 up, 0 refused, 1 echoed',
  ], 'the probe checked every byte that came back');
  t.equal(server.seen.bytes, size);
  t.equal(hash.digest('hex'), createHash('sha256').update(pattern(size)).digest('hex'),
    'the server received exactly what was written');
});

t.test('many small writes', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: 100000, chunk: 1 });
  t.equal(r.code, 0, r.stderr);
  t.ok(probeLines(r).includes('probe: connection 1: echoed 100000 bytes'));
});

t.test('a slow server: the answer comes in small records, far apart', async t => {
  const size = 3000;
  const server = await tlsServer(pki.good, socket => {
    let got = Buffer.alloc(0);
    socket.on('data', d => {
      got = Buffer.concat([got, d]);
      if (got.length < size) return;
      let at = 0;
      const dribble = () => {
        if (at >= got.length) return;
        socket.write(got.subarray(at, at + 7));
        at += 7;
        setTimeout(dribble, 1);
      };
      setTimeout(dribble, 200);
    });
  });
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: size });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.ok(probeLines(r).includes(`probe: connection 1: echoed ${size} bytes`));
});

t.test("the server's close_notify closes the connection", async t => {
  const server = await tlsServer(pki.good, socket => {
    socket.once('data', d => socket.end(d.subarray(0, 3)));
  });
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: 10 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(probeLines(r).slice(1), [
    'probe: connection 1: closed after 3 bytes (by the server)',
    'probe: done: 1 up, 0 refused, 0 echoed',
  ]);
  t.same(tlsLines(r), []);
});

t.test('an application that refuses the connection: closed, its handler never called', async t => {
  const server = await tlsServer(pki.good);
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, refuse: true, connections: 2 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(probeLines(r).slice(1), [
    'probe: connection 1: refusing',
    'probe: connection 2: refusing',
    'probe: done: 2 up, 0 refused, 0 echoed',
  ]);
  t.equal(server.seen.secure, 2);
  t.equal(server.seen.bytes, 0);
  t.ok(await eventually(() => server.seen.ends === 2), 'each ended with our close');
});

t.test('a reset during the handshake', async t => {
  const server = await tcpServer(s => s.once('data', () => s.resetAndDestroy()));
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: 10 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(tlsLines(r), ['tls: good.test: connection lost during the handshake']);
  t.same(probeLines(r).slice(1), ['probe: connection 1: refused', 'probe: done: 0 up, 1 refused, 0 echoed']);
});

t.test('a reset mid-stream', async t => {
  const server = await tlsServer(pki.good, (socket, seen, raw) => {
    let n = 0;
    socket.on('data', d => {
      n += d.length;
      if (n >= 50000) {
        raw.resetAndDestroy();
        return;
      }
      socket.write(d);
    });
  });
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: 1000000, chunk: 10000 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  const lines = probeLines(r);
  t.match(lines[1], /^probe: connection 1: closed after \d+ bytes \(by the server\)$/);
  t.equal(lines[2], 'probe: done: 1 up, 0 refused, 0 echoed');
});

t.test('a corrupted record closes the connection (a fatal read error)', async t => {
  const server = await tlsServer(pki.good, (socket, seen, raw) => {
    socket.once('data', () => {
      // an application-data record whose authentication tag cannot be right
      raw.write(Buffer.concat([Buffer.from([0x17, 0x03, 0x03, 0x00, 0x40]), Buffer.alloc(0x40, 0x5a)]));
    });
  });
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: 10 });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.match(tlsLines(r), [/^tls: good\.test: read failed: SSL - Verification of the message MAC failed/]);
  t.same(probeLines(r).slice(1), [
    'probe: connection 1: closed after 0 bytes (by the server)',
    'probe: done: 1 up, 0 refused, 0 echoed',
  ], 'the application hears the end at once');
});

t.test('a server that never answers: the handshake times out', async t => {
  const server = await tcpServer(() => {});
  t.teardown(() => server.close());
  const r = await runProbe(server.port, { ...trusted, bytes: 10, tls: { handshake_timeout: '1' } });
  t.equal(r.code, 0, r.stderr);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(tlsLines(r), ['tls: good.test: handshake timed out after 1 s']);
  t.same(probeLines(r).slice(1), ['probe: connection 1: refused', 'probe: done: 0 up, 1 refused, 0 echoed']);
});

t.test('a refused TCP connect', async t => {
  const server = await tcpServer(() => {});
  const port = server.port;
  await server.close();
  const r = await runProbe(port, { ...trusted, bytes: 10 });
  t.equal(r.code, 0, r.stderr);
  t.same(tlsLines(r), ['tls: good.test: connection failed']);
  t.same(probeLines(r).slice(1), ['probe: connection 1: refused', 'probe: done: 0 up, 1 refused, 0 echoed']);
});
