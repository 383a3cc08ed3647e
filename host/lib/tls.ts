// The tls klib inside klibhost against Node TLS servers on loopback, shared by its tests and its
// benchmark: servers that record what they saw, and running the tls_probe test klib
// (test/tls/fixtures/tls_probe, built by make test-tls-klibs) with the tls klib.
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { klibhost, Result, writeConfig } from './klibhost.ts';
import type { Identity } from './certificates.ts';

// What a server saw: TLS connections completed, application bytes received, SNI names, how
// connections ended.
export interface Seen {
  tcp: number;            // TCP connections accepted
  secure: number;
  bytes: number;
  servernames: string[];
  ends: number;           // the client's close arrived (FIN; a close_notify would count too)
  clientErrors: string[];
  ciphers: string[];      // the cipher suite of each TLS connection (OpenSSL's name)
}

export interface TestServer {
  port: number;
  seen: Seen;
  close(): Promise<void>;
}

// raw is the TCP socket under the TLS one (to reset it); the tests connect one at a time.
export type SecureHandler = (socket: tls.TLSSocket, seen: Seen, raw: net.Socket) => void;

// The default behaviour: echo everything back.
export const echo: SecureHandler = socket => {
  socket.pipe(socket);
};

// `ciphers` limits the suites the server accepts (OpenSSL's cipher list syntax); with
// `clientOrder` it takes the first suite of the client's list that it has (by default Node's
// server prefers its own order).
export async function tlsServer(id: Identity, onSecure: SecureHandler = echo,
                                suites: { ciphers?: string; clientOrder?: boolean } = {}): Promise<TestServer> {
  const seen: Seen = { tcp: 0, secure: 0, bytes: 0, servernames: [], ends: 0, clientErrors: [], ciphers: [] };
  let raw: net.Socket | undefined;
  const server = tls.createServer({
    key: id.key, cert: id.cert,
    ...(suites.ciphers ? { ciphers: suites.ciphers } : {}),
    ...(suites.clientOrder ? { honorCipherOrder: false } : {}),
  }, socket => {
    seen.secure++;
    seen.ciphers.push(socket.getCipher().name);
    // Node says false when the client sent no SNI
    seen.servernames.push((socket as tls.TLSSocket & { servername?: string | false }).servername || '');
    socket.on('data', d => { seen.bytes += d.length; });
    socket.on('end', () => { seen.ends++; });
    socket.on('error', () => {});
    onSecure(socket, seen, raw!);
  });
  server.on('connection', s => { raw = s; });
  server.on('tlsClientError', e => { seen.clientErrors.push(e.message); });
  return listen(server, seen);
}

// A plain TCP server, for what happens before TLS.
export async function tcpServer(onConnection: (s: net.Socket) => void): Promise<TestServer> {
  const seen: Seen = { tcp: 0, secure: 0, bytes: 0, servernames: [], ends: 0, clientErrors: [], ciphers: [] };
  const server = net.createServer(s => {
    s.on('error', () => {});
    onConnection(s);
  });
  return listen(server, seen);
}

async function listen(server: net.Server, seen: Seen): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', s => { seen.tcp++; sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

export interface ProbeOptions {
  host?: string;                    // '' or absent: the stock tls_connect, by address
  trust?: 'default' | 'set' | 'own';
  ca?: string;
  bytes?: number;
  chunk?: number;
  connections?: number;
  echo?: boolean;                   // false: close right after writing
  refuse?: boolean;                 // the probe's connection handler refuses
  crypto?: 'software';              // the probe turns the accelerated crypto off first
  tls?: Record<string, string>;     // the manifest's tls tuple
  rootDir?: string;                 // klibhost --root-dir: the image's root filesystem
  env?: Record<string, string>;     // klibhost's environment (e.g. KLIBHOST_FAIL_READ)
  program?: string;                 // the program, a shell command ('true')
  klibhost?: string[];              // more klibhost options (e.g. --memory)
}

// Runs the tls klib and the probe against 127.0.0.1:port.
export function runProbe(port: number, o: ProbeOptions): Promise<Result> {
  const probe: Record<string, string> = { address: '127.0.0.1', port: String(port), host: o.host ?? '' };
  if (o.trust) probe.trust = o.trust;
  if (o.ca) probe.ca = o.ca;
  if (o.bytes !== undefined) probe.bytes = String(o.bytes);
  if (o.chunk !== undefined) probe.chunk = String(o.chunk);
  if (o.connections !== undefined) probe.connections = String(o.connections);
  if (o.echo === false) probe.echo = 'false';
  if (o.refuse) probe.refuse = 'true';
  if (o.crypto) probe.crypto = o.crypto;
  const passthrough: Record<string, unknown> = { tls_probe: probe };
  if (o.tls) passthrough.tls = o.tls;
  const config = writeConfig({ Klibs: ['tls', 'tls_probe'], ManifestPassthrough: passthrough });
  const root = o.rootDir ? ['--root-dir', o.rootDir] : [];
  return klibhost(['--config', config, ...root, ...(o.klibhost ?? []), '--', 'sh', '-c', o.program ?? 'true'], o.env);
}
