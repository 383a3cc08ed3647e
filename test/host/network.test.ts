// The kernel's network interfaces in the hosted runtime, against real Node
// servers on loopback: direct_connect (success, refusal, reset, a large
// write through a slow reader, a close with unacknowledged data halting as
// the kernel would), DNS (literal, --resolve, cache, failure), --connect-to,
// and UDP with lwIP pbufs.
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import dgram from 'node:dgram';
import net from 'node:net';
import { once } from 'node:events';
import t from 'tap';
import { ConsoleSeen, until } from './lib/gate.ts';
import { buildHost, linesWith, runWith, sanitizerReport } from '../../host/lib/klibhost.ts';

buildHost();

async function listen(onConnection: (s: net.Socket) => void, host = '127.0.0.1'): Promise<net.Server> {
  const server = net.createServer(onConnection);
  server.listen(0, host);
  await once(server, 'listening');
  return server;
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

function config(scenario: string, host: string, port: number, extra: Record<string, string> = {}) {
  return { Klibs: ['rt_net'], ManifestPassthrough: { rt_net: { scenario, host, port: String(port), ...extra } } };
}

t.test('connect, echo, local close', async t => {
  const server = await listen(s => s.pipe(s));
  t.teardown(() => server.close());
  const r = await runWith(config('echo', '127.0.0.1', portOf(server)), 'true');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'net:'), [
    'net: dns immediate',
    `net: connecting to 127.0.0.1 port ${portOf(server)}`,
    'net: connection handler with output',
    'net: echoed hello',
    'net: input closed (local close)',
    'net: done',
    'net: after close',
  ], 'ch(out) comes from the loop; out(0) with nothing pending tears down inside the call');
});

t.test('IPv6: connect to ::1', async t => {
  let server: net.Server;
  try {
    server = await listen(s => s.pipe(s), '::1');
  } catch {
    t.pass('not checked: this machine has no IPv6 loopback');
    return;
  }
  t.teardown(() => server.close());
  const r = await runWith(config('echo', '::1', portOf(server)), 'true');
  t.equal(r.code, 0);
  t.ok(linesWith(r.stdout, 'net:').includes(`net: connecting to ::1 port ${portOf(server)}`));
  t.ok(linesWith(r.stdout, 'net:').includes('net: echoed hello'));
});

t.test('a refused connect calls the handler with 0, asynchronously', async t => {
  const server = await listen(() => {});
  const port = portOf(server);
  server.close();
  await once(server, 'close');
  const r = await runWith(config('refused', '127.0.0.1', port), 'true');
  t.equal(r.code, 0);
  t.same(linesWith(r.stdout, 'net:').slice(2), ['net: connection handler with 0 (failed)', 'net: done']);
});

t.test('a reset by the peer reaches the input handler as 0', async t => {
  // The reset comes once the klib has printed what it received (a reset discards unread data).
  const seen = new ConsoleSeen();
  const server = await listen(s => s.write('bye', () =>
    void until(() => seen.text.includes('net: received bye')).then(() => s.resetAndDestroy())));
  t.teardown(() => server.close());
  const r = await runWith(config('reset', '127.0.0.1', portOf(server)), 'true', [], seen.feed);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'net:').slice(2), [
    'net: connection handler with output', 'net: received bye', 'net: input closed (by peer)', 'net: done',
  ]);
});

t.test('10 MB through a slow reader arrive byte for byte (backpressure), then a close once the reader answered', async t => {
  const total = 10 * 1024 * 1024;
  const expected = Buffer.alloc(total);
  for (let i = 0; i < total; i++) expected[i] = (i * 7 + Math.floor(i / 8192)) & 0xff;
  let received = 0;
  const hash = createHash('sha256');
  const finished = new Promise<void>(resolve => {
    void listen(s => {
      // Read slowly: pause after each chunk so the sender's queue backs up.
      s.on('data', d => {
        hash.update(d);
        received += d.length;
        // The answer acknowledges every byte: the klib's close after it is safe.
        if (received === total) s.write('ok\n');
        s.pause();
        setTimeout(() => s.resume(), 2);
      });
      s.on('end', () => resolve());
    }).then(server => {
      serverRef = server;
      portResolve(portOf(server));
    });
  });
  let serverRef: net.Server | undefined;
  let portResolve!: (p: number) => void;
  const port = await new Promise<number>(resolve => { portResolve = resolve; });
  t.teardown(() => serverRef?.close());
  const r = await runWith(config('bulk', '127.0.0.1', port, { bytes: String(total) }), 'true', ['--memory-report']);
  await finished;
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.equal(received, total, 'every byte');
  t.equal(hash.digest('hex'), createHash('sha256').update(expected).digest('hex'), 'in order, unchanged');
  t.same(linesWith(r.stdout, 'net:').slice(2), [
    'net: connection handler with output', `net: bulk queued ${total}`, 'net: peer answered ok',
    'net: input closed (local close)', 'net: done',
  ], 'queuing never blocked');
  // --memory-report: the klib queued all of it in one go, faster than the reader takes it, so most
  // of it was held by direct (its 64 KiB buffers, with their structs) until written, and none at exit.
  const m = /klibhost memory: (.*)/.exec(r.stderr)?.[1] ?? '';
  const field = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(m)?.[1] ?? NaN);
  t.ok(field('queued_output_peak') >= total / 4, `queued output peaked at ${field('queued_output_peak')} bytes`);
  t.ok(field('queued_output_peak') <= total + 64 * 1024, 'never more than the data and its bookkeeping');
  t.ok(field('klib_heap_peak') >= field('queued_output_peak'), 'queued output is klib memory');
  t.equal(field('queued_output_at_exit'), 0, 'nothing queued at exit');
  t.equal(field('size_mismatches'), 0, 'every free named the size allocated');
});

t.test('a close while the peer has not acknowledged what was written halts, as the kernel would', async t => {
  // The peer never reads: its window fills, and most of the megabyte waits in the sender's socket,
  // written but unacknowledged, when the queued close is carried out. In the kernel, direct closes
  // the pcb with lwIP's sent callback still set, and the acknowledgement that comes later runs it
  // with a null argument.
  const peers: net.Socket[] = [];
  const server = await listen(s => {
    s.pause();
    peers.push(s);
  });
  t.teardown(() => {
    for (const p of peers) p.destroy();
    server.close();
  });
  const r = await runWith(config('bulk_close', '127.0.0.1', portOf(server), { bytes: String(1024 * 1024) }), 'true');
  t.equal(r.code, 2, 'klibhost halts (status 2)');
  t.match(r.stdout.toString('utf8'), /assertion arg failed at src\/net\/direct\.c:241 in direct_conn_sent\(\): out\(0\) closed a connection while \d+ bytes written to it were not yet acknowledged/,
    "with the kernel's assertion on the console");
  t.match(r.stderr, /halt: assertion arg failed at src\/net\/direct\.c:241/, 'and on stderr');
  t.notOk(linesWith(r.stdout, 'net:').includes('net: done'), 'nothing after the close');
});

t.test('DNS: --resolve answers asynchronously, then from the cache', async t => {
  const server = await listen(s => s.pipe(s));
  t.teardown(() => server.close());
  const port = portOf(server);
  const r = await runWith(config('echo', 'logs.example.com', port), 'true',
    ['--resolve', `logs.example.com:${port}:127.0.0.1`]);
  t.equal(r.code, 0);
  t.same(linesWith(r.stdout, 'net:').slice(0, 5), [
    'net: dns in progress',
    'net: dns answered logs.example.com = 127.0.0.1',
    'net: second lookup cached',
    `net: connecting to 127.0.0.1 port ${port}`,
    'net: connection handler with output',
  ]);
  t.ok(linesWith(r.stdout, 'net:').includes('net: echoed hello'));
});

t.test('DNS failure is reported through the callback', async t => {
  const r = await runWith(config('echo', 'nothing.invalid', 1), 'true');
  t.equal(r.code, 0);
  t.same(linesWith(r.stdout, 'net:'), ['net: dns in progress', 'net: dns failed for nothing.invalid', 'net: done']);
});

t.test('--connect-to sends the metadata address to a loopback port', async t => {
  const server = await listen(s => s.pipe(s));
  t.teardown(() => server.close());
  const r = await runWith(config('echo', '169.254.169.254', 80), 'true',
    ['--connect-to', `169.254.169.254:80:127.0.0.1:${portOf(server)}`]);
  t.equal(r.code, 0);
  t.ok(linesWith(r.stdout, 'net:').includes('net: echoed hello'));
  t.ok(linesWith(r.stdout, 'net:').includes('net: connecting to 169.254.169.254 port 80'), 'the klib saw the original address');
});

t.test('--connect-to matches a name DNS answered', async t => {
  const server = await listen(s => s.pipe(s));
  t.teardown(() => server.close());
  const r = await runWith(config('echo', 'metadata.google.internal', 80), 'true',
    ['--resolve', 'metadata.google.internal:80:169.254.169.254',
      '--connect-to', `metadata.google.internal:80:127.0.0.1:${portOf(server)}`]);
  t.equal(r.code, 0);
  t.ok(linesWith(r.stdout, 'net:').includes('net: echoed hello'));
});

t.test('UDP datagrams from custom and plain pbufs', async t => {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  t.teardown(() => socket.close());
  const got: string[] = [];
  const two = new Promise<void>(resolve => socket.on('message', m => { got.push(m.toString()); if (got.length === 2) resolve(); }));
  const r = await runWith(config('udp', '127.0.0.1', socket.address().port), 'true');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'net:').slice(1), ['net: udp sent 0 0 custom freed 1', 'net: done']);
  await two;
  t.same(got, ['<14>1 custom pbuf', 'plain pbuf']);
});

t.test('a connection still open at exit is the runtime\'s, not a leak', async t => {
  const server = await listen(() => {});
  t.teardown(() => server.close());
  const r = await runWith(config('linger', '127.0.0.1', portOf(server)), 'true');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'net:').slice(2), ['net: connection handler with output', 'net: done']);
});

t.test('a reset while megabytes are still queued frees them and reports the end once', async t => {
  const server = await listen(s => {
    let got = 0;
    s.on('data', d => {
      got += d.length;
      if (got > 100000) s.resetAndDestroy();
    });
  });
  t.teardown(() => server.close());
  const r = await runWith(config('bulk', '127.0.0.1', portOf(server), { bytes: String(8 * 1024 * 1024) }), 'true');
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  const lines = linesWith(r.stdout, 'net:');
  t.equal(lines.filter(l => l.startsWith('net: input closed')).length, 1, 'one teardown call');
  t.equal(lines[lines.length - 1], 'net: done');
});

t.test('DNS: a name only the system resolver knows is answered from its thread, through the loop', async t => {
  // The machine's own name, if the system resolver knows it (it usually is in /etc/hosts).
  const name = hostname();
  let address: string;
  try {
    address = (await lookup(name, { family: 4 })).address;
  } catch {
    t.pass(`not checked: the system resolver does not know ${name}`);
    return;
  }
  const server = await listen(s => s.pipe(s));
  t.teardown(() => server.close());
  const r = await runWith(config('echo', name, portOf(server)), 'true',
    ['--connect-to', `${address}::127.0.0.1:${portOf(server)}`]);
  t.equal(r.code, 0);
  t.equal(sanitizerReport(r.stderr), null);
  t.same(linesWith(r.stdout, 'net:').slice(0, 3), [
    'net: dns in progress', `net: dns answered ${name} = ${address}`, 'net: second lookup cached',
  ]);
  t.ok(linesWith(r.stdout, 'net:').includes('net: echoed hello'));
});
