// The session under real concurrency: test/tls/stress/ runs the generated session C on threads
// (an application thread writing, a reader thread delivering input and the end as direct's
// receive service does, a timer thread) against Node TLS echo servers on loopback, once under
// ASan/UBSan and once under ThreadSanitizer. Each connection in turn is closed by the writing
// thread, closed from inside the input handler, raced by the handshake timer, reset midway, or
// ended by the server's close_notify midway while the application writes. The application holds
// a lock of its own (not recursive) across each out(b) and takes it in its input handler, which
// must therefore never be applied inside out(b). The harness checks every byte of the echo, in
// order, one connection handler call, one end, no handler call inside out(b), and that the
// session gave back all its memory (stress_kernel.c has the details).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { buildHost, ROOT, sanitizerReport } from '../../host/lib/klibhost.ts';
import { makePki, SecureHandler, tlsServer } from './lib.ts';

buildHost('tls-stress');
const pki = makePki();
const CONNECTIONS = 25;
const MODES = 5;
const BYTES = 200000;

interface Run { code: number; stdout: string; stderr: string }

// Echoes, then after a random 2 to 62 KB sends close_notify (and echoes no more) while the
// client is still writing.
const echoThenClose: SecureHandler = socket => {
  const limit = 2000 + Math.floor(Math.random() * 60000);
  let echoed = 0;
  socket.on('data', (d: Buffer) => {
    if (echoed >= limit) return;
    socket.write(d);
    echoed += d.length;
    if (echoed >= limit) socket.end();
  });
  socket.on('error', () => {});
};

function runStress(variant: 'asan' | 'tsan', port: number, closePort: number): Promise<Run> {
  const bin = join(ROOT, 'build/tls/stress', `session-stress-${variant}`);
  const p = spawn(bin, [String(port), String(closePort), join(pki.dir, 'ca.pem'), String(CONNECTIONS), String(BYTES)], {
    env: { ...process.env, TSAN_OPTIONS: 'halt_on_error=1' },
  });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', d => { stdout += d; });
  p.stderr.on('data', d => { stderr += d; });
  return new Promise(resolve => p.on('close', (code, signal) => resolve({ code: code ?? 128, stdout, stderr: stderr + (signal ?? '') })));
}

for (const variant of ['asan', 'tsan'] as const) {
  t.test(`${CONNECTIONS} connections on threads (${variant})`, async t => {
    const server = await tlsServer(pki.good);
    t.teardown(() => server.close());
    const closing = await tlsServer(pki.good, echoThenClose);
    t.teardown(() => closing.close());
    const r = await runStress(variant, server.port, closing.port);
    if (r.code !== 0) t.comment(`${r.stdout}\n${r.stderr}`);
    t.equal(r.code, 0, 'exit status 0');
    t.equal(sanitizerReport(r.stderr), null);
    t.notMatch(r.stderr, /ThreadSanitizer/, 'no data race');
    t.notMatch(r.stdout, /FAILED/);
    t.match(r.stdout, `stress: done: ${CONNECTIONS} connections, 0 failed checks`);
    const lines = r.stdout.split('\n').filter(l => /^stress: connection \d+ \(/.test(l));
    t.equal(lines.length, CONNECTIONS, 'a line for every connection');
    const closed = lines.filter(l => /\((closed by the writer thread|closed inside the input handler)\)/.test(l));
    t.equal(closed.length, 2 * CONNECTIONS / MODES);
    for (const l of closed) t.match(l, `: up, ${BYTES} of ${BYTES} bytes echoed`, 'every byte came back');
    t.ok(server.seen.bytes >= BYTES * 2 * CONNECTIONS / MODES, 'the server echoed the data');
    const peerClosed = lines.filter(l => l.includes("the server's close_notify midway"));
    t.equal(peerClosed.length, CONNECTIONS / MODES);
    for (const l of peerClosed) t.match(l, ': up,', 'up before the server closed');
    t.equal(closing.seen.secure, CONNECTIONS / MODES, 'one handshake each with the closing server');
    // How often a write left something to tell (rule 6 of session.ts) is up to timing: only print it.
    const handoffs = lines.reduce((n, l) => n + Number(/(\d+) tellings handed off/.exec(l)?.[1] ?? 0), 0);
    t.comment(`tellings handed off by writes to a zero-delay timer: ${handoffs}`);
    // Which side wins each timer race is up to timing: only print it.
    const raced = lines.filter(l => l.includes('racing the handshake'));
    t.comment(`timer races: ${raced.filter(l => l.includes(': up,')).length} handshakes won, ` +
      `${raced.filter(l => l.includes('not up')).length} timed out`);
  });
}
