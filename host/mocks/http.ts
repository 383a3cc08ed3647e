// HTTP plumbing shared by the mocks: reading bodies, listening on loopback
// (plain and TLS), going away for a while (connections refused), and the
// record kept of every request so tests can assert on what arrived.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const LOOPBACK = '127.0.0.1';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Header pairs exactly as they arrived: Node joins duplicates with ", ",
// which SigV4 does not (it joins with ","), so signature checks need these.
export function rawHeaderPairs(req: IncomingMessage): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return pairs;
}

export function headerText(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

export function sleep(ms: number): Promise<void> {
  return new Promise(done => setTimeout(done, ms));
}

// A fault that holds the answer until something the test waits for has happened (the program's
// output is all in the klib's buffer, another request was answered), where a delay would guess how
// long that takes.
export type HoldFault = { kind: 'hold'; until: Promise<unknown> };

// A fault that answers with bytes of its own instead of the service's answer, the request unread
// by the service: an answer a proxy or a broken server could give (an HTML page, a malformed
// body, a header of a megabyte, broken chunked framing). The connection is closed after it.
export type RawFault = { kind: 'raw'; bytes: Buffer };

// Writes `bytes` as the whole answer and closes the connection (after what was written).
export function sendRaw(req: IncomingMessage, bytes: Buffer): void {
  req.socket.end(bytes);
}

// Answers of the kinds RawFault stands for, as bytes.
export const RAW_ANSWERS = {
  /** A load balancer's page instead of the API's JSON. */
  html502: (): Buffer => {
    const body = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\r\n';
    return Buffer.from(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  },
  /** JSON cut in the middle, with the status of an error. */
  malformedJson: (status: number): Buffer => {
    const body = '{"__type":"ServiceUnav';
    return Buffer.from(`HTTP/1.1 ${status} Error\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  },
  /** A header of a megabyte. */
  hugeHeader: (): Buffer => Buffer.from(`HTTP/1.1 200 OK\r\nX-Padding: ${'x'.repeat(1 << 20)}\r\nContent-Length: 2\r\n\r\n{}`),
  /** Chunked framing that breaks off: a chunk size that is not hexadecimal. */
  brokenChunked: (): Buffer => Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n'),
};

// Sends an RST instead of a response: what a peer resetting mid-request looks like. A TLS socket
// cannot reset itself (its handle is the TLS layer), but the TCP socket under it can.
export function resetConnection(req: IncomingMessage): void {
  type Resettable = Socket & { resetAndDestroy(): void; _parent?: Resettable };
  const socket = req.socket as Resettable;
  (socket._parent ?? socket).resetAndDestroy();
}

export function send(res: ServerResponse, status: number, body: string | Buffer,
                     headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Length': String(bytes.length), ...headers });
  res.end(bytes);
}

export interface TlsIdentity {
  key: string | Buffer;
  cert: string | Buffer;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

// One listening socket that can be taken down for a while and brought back
// on the same port: while it is down, connects are refused (nothing listens),
// and connections that were open are cut.
export class Listener {
  readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;
  private downTimer: NodeJS.Timeout | undefined;
  private comingBack: Promise<void> | undefined;

  constructor(handler: Handler, tlsIdentity?: TlsIdentity) {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      Promise.resolve(handler(req, res)).catch(err => {
        if (!res.headersSent) send(res, 500, `mock error: ${(err as Error).stack}\n`);
        else res.destroy();
      });
    };
    this.server = tlsIdentity
      ? https.createServer({ key: tlsIdentity.key, cert: tlsIdentity.cert }, onRequest)
      : http.createServer(onRequest);
    const track = (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    };
    this.server.on(tlsIdentity ? 'secureConnection' : 'connection', track);
    if (tlsIdentity) this.server.on('tlsClientError', () => {});
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  get port(): number {
    return this.boundPort;
  }

  async listen(port = 0, host = LOOPBACK): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    return this.boundPort;
  }

  // Stops listening for ms milliseconds (connects are refused), then listens
  // again on the same port. The returned promise resolves once it is back.
  unreachableFor(ms: number): Promise<void> {
    clearTimeout(this.downTimer);
    const port = this.boundPort;
    this.comingBack = (async () => {
      await this.stop();
      await new Promise<void>(done => { this.downTimer = setTimeout(done, ms); });
      await this.listen(port);
    })();
    return this.comingBack;
  }

  // Stops listening (connects are refused) until `until` settles, then listens again on the same
  // port: an outage that ends on an event the test waits for, not after a guess at how long. The
  // returned promise resolves once it is back.
  unreachableUntil(until: Promise<unknown>): Promise<void> {
    clearTimeout(this.downTimer);
    const port = this.boundPort;
    this.comingBack = (async () => {
      await this.stop();
      await until.catch(() => {});
      await this.listen(port);
    })();
    return this.comingBack;
  }

  // Resolves when the listener is up (immediately unless unreachableFor is running).
  async ready(): Promise<void> {
    await this.comingBack;
  }

  private async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>(done => this.server.close(() => done()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  async close(): Promise<void> {
    clearTimeout(this.downTimer);
    await this.stop();
  }
}

// What a hold waits for when no event is given: a server that stalls for good (the connection is
// cut when the mock closes).
export const NEVER: Promise<void> = new Promise(() => {});

// One fault waiting for the next `count` requests that `match` selects.
export interface FaultRule<A> {
  action: A;
  count: number;
  match?: (target: string) => boolean;
}

// A queue of faults, consumed in order by the requests they match; plus a
// fixed extra delay for every response (a slow server).
export class Faults<A> {
  private rules: FaultRule<A>[] = [];
  delayMs = 0;
  /** How many faults requests have met so far (a test waits for a request to have met its fault). */
  taken = 0;

  add(action: A, count = 1, match?: (target: string) => boolean): void {
    this.rules.push({ action, count, match });
  }

  // The fault for this request, if any; `target` names what was asked for
  // (an operation, a path) so rules can pick requests.
  take(target: string): A | undefined {
    const rule = this.rules.find(r => r.count > 0 && (!r.match || r.match(target)));
    if (!rule) return undefined;
    rule.count--;
    this.taken++;
    this.rules = this.rules.filter(r => r.count > 0);
    return rule.action;
  }

  clear(): void {
    this.rules = [];
    this.delayMs = 0;
  }
}

export type Scheme = 'https' | 'http';

// A cloud API served on two listeners: HTTPS (when given a TLS identity) as the klibs use it, and
// plain HTTP for the official clients that read back over loopback.
export abstract class HttpAndHttpsService {
  readonly https?: Listener;
  readonly http: Listener;

  constructor(tls?: TlsIdentity) {
    if (tls) this.https = new Listener((req, res) => this.handle(req, res, 'https'), tls);
    this.http = new Listener((req, res) => this.handle(req, res, 'http'));
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse, scheme: Scheme): Promise<void>;

  async start(httpsPort = 0, httpPort = 0): Promise<{ httpsPort?: number; httpPort: number }> {
    const out: { httpsPort?: number; httpPort: number } = { httpPort: await this.http.listen(httpPort) };
    if (this.https) out.httpsPort = await this.https.listen(httpsPort);
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([this.http.close(), this.https?.close()]);
  }

  // Both listeners refuse connections until `until` settles.
  unreachableUntil(until: Promise<unknown>): Promise<void> {
    return Promise.all([this.http.unreachableUntil(until), this.https?.unreachableUntil(until)]).then(() => {});
  }

  // Both listeners refuse connections for ms milliseconds.
  unreachableFor(ms: number): Promise<void> {
    return Promise.all([this.http.unreachableFor(ms), this.https?.unreachableFor(ms)]).then(() => {});
  }
}
