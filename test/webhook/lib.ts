// Shared by the webhook klib tests: a real HTTPS receiver in Node (loopback, a certificate of a test
// CA for hooks.test) that records every request and stores the lines of the batches it accepts, and
// klibhost with the webhook and tls klibs, routed to it (--resolve / --connect-to). Faults are
// cued on the Nth request the receiver has seen, never on time.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildHost, klibhost, Result, ROOT, writeConfig } from '../../host/lib/klibhost.ts';
import { LOOPBACK, readBody } from '../../host/mocks/http.ts';
import { makeTestCa, type TestCa } from '../../host/mocks/test-ca.ts';

export const HOST = 'hooks.test';
export const PATH = '/ingest?source=vm';
/** The host of examples/webhook.json's url. */
export const EXAMPLE_HOST = 'logs.example.com';

export function buildWebhook(): void {
  buildHost(join(ROOT, 'build/host-klibs/webhook.so'), join(ROOT, 'build/host-klibs/tls.so'));
}

/** One request as the receiver saw it. */
export interface Received {
  /** 1 for the first request. */
  n: number;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body as JSON, when it parses as an array; null when it does not (never expected). */
  batch: Line[] | null;
  /** The status it was answered with. */
  status: number;
}

/** One stored line: an element of an accepted batch. */
export interface Line { time: string; message: string; loss?: boolean }

function parseBatch(body: string): Line[] | null {
  try {
    const v: unknown = JSON.parse(body);
    return Array.isArray(v) ? v as Line[] : null;
  } catch {
    return null;
  }
}

export class Receiver {
  readonly ca: TestCa;
  readonly requests: Received[] = [];
  readonly stored: Line[] = [];
  /** Statuses to answer, by request number (1-based); any other request is answered 200. */
  readonly faults = new Map<number, number>();
  /** Answers held until a promise settles (something the test waits for), by request number. */
  readonly holds = new Map<number, Promise<unknown>>();
  /** Requests that have arrived (answered or not). */
  private seen = 0;
  /** Requests held unanswered (holdAll), and whether new ones are. */
  held = 0;
  private holding = false;
  private server: https.Server | null = null;
  port = 0;

  constructor(ca: TestCa = makeTestCa([HOST, EXAMPLE_HOST, 'localhost'])) {
    this.ca = ca;
  }

  async start(): Promise<void> {
    this.server = https.createServer({ key: this.ca.key, cert: this.ca.cert }, (req, res) => {
      if (this.holding) {
        this.held++;
        return;
      }
      const n = ++this.seen;
      void readBody(req).then(async bytes => {
        await this.holds.get(n);
        const status = this.faults.get(n) ?? 200;
        const body = bytes.toString('utf8');
        const batch = parseBatch(body);
        // Stored before the answer goes: a test that sees the answer's effects sees the lines.
        if (status >= 200 && status < 300 && batch !== null) this.stored.push(...batch);
        this.requests.push({ n, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, batch, status });
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(status === 200 ? '{"ok":true}' : '{"error":"cued"}');
      });
    });
    await new Promise<void>(done => this.server!.listen(0, LOOPBACK, done));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** From now on no request is answered (or stored): a server that hangs. */
  holdAll(): void {
    this.holding = true;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (s === null) return;
    s.closeAllConnections();
    await new Promise<void>(done => s.close(() => done()));
  }

  /** klibhost's routes: hooks.test:443 and logs.example.com:443 are the receiver. */
  klibhostArgs(): string[] {
    return [HOST, EXAMPLE_HOST].flatMap(name =>
      ['--resolve', `${name}:443:127.0.0.1`, '--connect-to', `${name}:443:127.0.0.1:${this.port}`]);
  }

  /** Messages stored, the klibs' own lines (webhook:, tls:) left out. */
  programLines(): string[] {
    return this.stored.map(l => l.message).filter(m => !/^(webhook|tls): /.test(m));
  }
}

export async function startReceiver(): Promise<Receiver> {
  const r = new Receiver();
  await r.start();
  return r;
}

/** A config with this `webhook` tuple (url and ca_cert for the receiver unless given). */
export function webhookConfig(r: Receiver, webhook: Record<string, unknown> = {}): any {
  return {
    Klibs: ['webhook', 'tls'],
    ManifestPassthrough: { webhook: { url: `https://${HOST}${PATH}`, ca_cert: r.ca.caPem, ...webhook } },
  };
}

/** Runs `script` under klibhost (ASan/UBSan): any sanitizer report fails the run. */
export async function runWebhook(r: Receiver, config: unknown, script: string,
                                 onStdout?: (chunk: Buffer) => void, extra: string[] = []): Promise<Result> {
  const res = await klibhost(['--config', writeConfig(config), ...r.klibhostArgs(), ...extra, '--flush-timeout', '60',
    '--', 'sh', '-c', script], {}, onStdout);
  if (/Sanitizer|runtime error:/.test(res.stderr)) throw new Error(`sanitizer report:\n${res.stderr}`);
  return res;
}

export function consoleText(res: Result): string {
  return res.stdout.toString('utf8');
}

/**
 * The klib's own console lines, its stats lines left out (a program's last line without a newline
 * runs into the next line of the console: the klib's line is taken from where it starts).
 */
export function klibLines(res: Result): string[] {
  return (consoleText(res).match(/webhook: [^\n]*/g) ?? []).filter(l => !l.startsWith('webhook: stats: '));
}

/** The stats lines (a program's last line without a newline runs into the one at shutdown). */
export function statsLines(res: Result): string[] {
  return consoleText(res).match(/webhook: stats: [^\n]*/g) ?? [];
}

export const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`);
/** Prints `<tag> 1` .. `<tag> n` (seq's buffered output: up to 4 KiB in one write, so a few lines land in one batch). */
export const printLines = (n: number, tag: string) => `seq -f '${tag} %g' 1 ${n}`;
