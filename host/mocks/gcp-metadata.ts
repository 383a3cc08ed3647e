// The GCE metadata server on plain HTTP: Metadata-Flavor: Google required,
// project and instance facts (zone as projects/N/zones/Z, the instance id a
// uint64 kept as a string), and service-account tokens from GoogleTokens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GoogleTokens } from './google-tokens.ts';
import { Faults, Listener, headerText, NEVER, readBody, resetConnection, send, sleep, type HoldFault } from './http.ts';

export type MetadataFault = { kind: 'status'; status: number } | { kind: 'reset' } | { kind: 'delay'; ms: number } | HoldFault;

export interface GcpMetadataOptions {
  projectId?: string;
  numericProjectId?: string;
  zone?: string;
  instanceId?: string;             // beyond 2^53 by default: must stay a string
  hostname?: string;
  instanceName?: string;
  serviceAccountEmail?: string;
  tokens?: GoogleTokens;           // shared with the Logging / Monitoring mock
}

export interface MetadataRequest {
  time: number;
  method: string;
  path: string;
  flavor: string | undefined;
  status: number;
}

const PREFIX = '/computeMetadata/v1/';

export class GcpMetadataMock {
  readonly listener = new Listener((req, res) => this.handle(req, res));
  readonly faults = new Faults<MetadataFault>();
  readonly requests: MetadataRequest[] = [];
  readonly tokens: GoogleTokens;
  projectId: string;
  numericProjectId: string;
  zone: string;
  instanceId: string;
  hostname: string;
  instanceName: string;
  serviceAccountEmail: string;

  constructor(o: GcpMetadataOptions = {}) {
    this.projectId = o.projectId ?? 'klib-test-project';
    this.numericProjectId = o.numericProjectId ?? '123456789012';
    this.zone = o.zone ?? 'us-central1-a';
    this.instanceId = o.instanceId ?? '9876543210987654321';
    this.instanceName = o.instanceName ?? 'klib-vm';
    this.hostname = o.hostname ?? `${this.instanceName}.${this.zone}.c.${this.projectId}.internal`;
    this.serviceAccountEmail = o.serviceAccountEmail ?? `${this.numericProjectId}-compute@developer.gserviceaccount.com`;
    this.tokens = o.tokens ?? new GoogleTokens();
  }

  async start(port = 0, unreachableFirstMs = 0): Promise<number> {
    const bound = await this.listener.listen(port);
    if (unreachableFirstMs > 0) void this.listener.unreachableFor(unreachableFirstMs);
    return bound;
  }

  get port(): number {
    return this.listener.port;
  }

  // host:port, the form GCE_METADATA_HOST takes.
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  unreachableUntil(until: Promise<unknown>): Promise<void> {
    return this.listener.unreachableUntil(until);
  }

  unreachableFor(ms: number): Promise<void> {
    return this.listener.unreachableFor(ms);
  }

  // The next count requests (for paths containing pathPart, if given) get this status.
  failNext(count: number, status: number, pathPart?: string): void {
    this.faults.add({ kind: 'status', status }, count, pathPart ? p => p.includes(pathPart) : undefined);
  }

  // The next count requests are left unanswered until `until` settles (a stalled server).
  holdNext(count: number, pathPart?: string, until: Promise<void> = NEVER): void {
    this.faults.add({ kind: 'hold', until }, count, pathPart ? p => p.includes(pathPart) : undefined);
  }

  // The metadata tree as the server lists it (directories end with '/').
  private tree(): Record<string, unknown> {
    const token = () => {
      const t = this.tokens.currentToken();
      return JSON.stringify({ access_token: t.token, expires_in: t.expiresIn, token_type: 'Bearer' });
    };
    return {
      project: {
        'project-id': this.projectId,
        'numeric-project-id': this.numericProjectId,
      },
      instance: {
        id: this.instanceId,
        zone: `projects/${this.numericProjectId}/zones/${this.zone}`,
        hostname: this.hostname,
        name: this.instanceName,
        'service-accounts': {
          default: {
            email: this.serviceAccountEmail,
            aliases: 'default',
            scopes: 'https://www.googleapis.com/auth/cloud-platform',
            token,
          },
          [this.serviceAccountEmail]: { email: this.serviceAccountEmail, token },
        },
      },
      universe: { 'universe-domain': 'googleapis.com' },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await readBody(req);
    const [path, query = ''] = (req.url ?? '/').split('?');
    const flavor = headerText(req, 'metadata-flavor');
    const reply = (status: number, body: string, type = 'application/text') => {
      this.requests.push({ time: Date.now(), method: req.method ?? '', path, flavor, status });
      send(res, status, body, { 'Metadata-Flavor': 'Google', 'Content-Type': type, Server: 'Metadata Server for VM' });
    };
    const fault = this.faults.take(path);
    if (fault?.kind === 'reset') {
      this.requests.push({ time: Date.now(), method: req.method ?? '', path, flavor, status: 0 });
      return resetConnection(req);
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'hold') await fault.until;
    if (this.faults.delayMs) await sleep(this.faults.delayMs);
    if (fault?.kind === 'status') return reply(fault.status, `mock fault ${fault.status}\n`, 'text/html');
    if (flavor !== 'Google') return reply(403, 'Missing required header: "Metadata-Flavor"\n', 'text/html');
    if (req.headers['x-forwarded-for'] !== undefined) return reply(403, 'Request with X-Forwarded-For refused\n', 'text/html');
    if (req.method !== 'GET') return reply(405, 'Method not allowed\n', 'text/html');
    if (!path.startsWith(PREFIX) && path !== PREFIX.slice(0, -1)) return reply(404, 'Not found\n', 'text/html');

    let node: unknown = this.tree();
    const parts = path.slice(PREFIX.length).split('/').filter(p => p !== '');
    for (const p of parts) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[p] : undefined;
      if (node === undefined) return reply(404, 'Not found\n', 'text/html');
    }
    if (typeof node === 'function') return reply(200, (node as () => string)(), 'application/json');
    if (typeof node === 'string') return reply(200, node);
    const recursive = new URLSearchParams(query).get('recursive') === 'true';
    if (recursive) return reply(200, JSON.stringify(materialize(node)), 'application/json');
    const dir = node as Record<string, unknown>;
    return reply(200, Object.keys(dir).map(k => (typeof dir[k] === 'object' ? `${k}/` : k)).join('\n') + '\n');
  }
}

// A directory as ?recursive=true returns it: JSON with camelCase keys.
function materialize(node: unknown): unknown {
  if (typeof node === 'function') return JSON.parse((node as () => string)());
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), materialize(v)]));
}
