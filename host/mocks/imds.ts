// EC2 instance metadata service (IMDS) on plain HTTP: IMDSv2 session tokens
// (PUT /latest/api/token), optional / required / v1-only modes, instance
// facts, and role credentials issued into a CredentialStore and rotated.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CredentialStore, type AwsCredentials } from './aws-credentials.ts';
import { Faults, Listener, headerText, NEVER, readBody, resetConnection, send, sleep, type HoldFault } from './http.ts';

// optional: v1 and v2 both work (HttpTokens=optional); required: a GET
// without a valid token gets 401 (HttpTokens=required); v1-only: there is no
// token endpoint (PUT answers 404), as on old or proxied metadata servers.
export type ImdsMode = 'optional' | 'required' | 'v1-only';

export type ImdsFault = { kind: 'status'; status: number } | { kind: 'reset' } | { kind: 'delay'; ms: number } | HoldFault;

export interface ImdsOptions {
  mode?: ImdsMode;
  region?: string;
  availabilityZone?: string;
  instanceId?: string;
  hostname?: string;
  accountId?: string;
  roleName?: string | null;          // null: the instance has no role
  credentialLifetimeMs?: number;     // role credentials' validity (default 6 h)
  credentials?: CredentialStore;     // shared with the CloudWatch mock
}

export interface ImdsRequest {
  time: number;
  method: string;
  path: string;
  token: string | undefined;
  ttlHeader: string | undefined;
  status: number;
}

const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
const MAX_TTL_SECONDS = 21600;
// IMDS offers new role credentials at least this long before the old ones expire.
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

export class ImdsMock {
  readonly listener: Listener;
  readonly credentials: CredentialStore;
  readonly faults = new Faults<ImdsFault>();
  readonly requests: ImdsRequest[] = [];
  mode: ImdsMode;
  region: string;
  availabilityZone: string;
  instanceId: string;
  hostname: string;
  accountId: string;
  roleName: string | null;
  credentialLifetimeMs: number;
  private readonly tokens = new Map<string, number>();   // token -> expiry (ms epoch)
  private current: AwsCredentials | undefined;
  private lastUpdated = new Date();

  constructor(options: ImdsOptions = {}) {
    this.mode = options.mode ?? 'optional';
    this.region = options.region ?? 'us-east-1';
    this.availabilityZone = options.availabilityZone ?? `${this.region}a`;
    this.instanceId = options.instanceId ?? 'i-0123456789abcdef0';
    this.hostname = options.hostname ?? 'ip-10-0-0-12.ec2.internal';
    this.accountId = options.accountId ?? '123456789012';
    this.roleName = options.roleName === undefined ? 'klib-test-role' : options.roleName;
    this.credentialLifetimeMs = options.credentialLifetimeMs ?? 6 * 3600 * 1000;
    this.credentials = options.credentials ?? new CredentialStore();
    this.listener = new Listener((req, res) => this.handle(req, res));
  }

  // unreachableFirstMs: the port is known at once but refuses connections
  // for that long (a metadata server not up yet at boot).
  async start(port = 0, unreachableFirstMs = 0): Promise<number> {
    const bound = await this.listener.listen(port);
    if (unreachableFirstMs > 0) void this.listener.unreachableFor(unreachableFirstMs);
    return bound;
  }

  // Connections are refused for ms milliseconds, then the same port answers again.
  unreachableFor(ms: number): Promise<void> {
    return this.listener.unreachableFor(ms);
  }

  // Connects are refused until `until` settles (an outage that ends on an event).
  unreachableUntil(until: Promise<unknown>): Promise<void> {
    return this.listener.unreachableUntil(until);
  }

  get port(): number {
    return this.listener.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  // The role credentials currently handed out (issued on first use, and
  // renewed when they are within 5 minutes of expiring, as IMDS does).
  currentCredentials(now = Date.now()): AwsCredentials {
    if (!this.current || this.current.expiration!.getTime() - now <= REFRESH_BEFORE_MS) this.rotateCredentials(now);
    return this.current!;
  }

  // New role credentials now; the previous ones stay valid until they expire.
  rotateCredentials(now = Date.now()): AwsCredentials {
    this.current = this.credentials.issueTemporary(this.credentialLifetimeMs, now);
    this.lastUpdated = new Date(now);
    return this.current;
  }

  // The current role credentials expire now (the service will answer ExpiredTokenException).
  // IMDS then offers new ones, as it would.
  expireCredentials(): void {
    if (this.current) this.credentials.expire(this.current.accessKeyId);
  }

  // Every IMDSv2 session token issued so far stops working.
  expireTokens(): void {
    this.tokens.clear();
  }

  failNext(count: number, status = 500): void {
    this.faults.add({ kind: 'status', status }, count);
  }

  // The next count requests are left unanswered until `until` settles (a stalled server).
  holdNext(count: number, until: Promise<void> = NEVER): void {
    this.faults.add({ kind: 'hold', until }, count);
  }

  private record(req: IncomingMessage, path: string, status: number): void {
    this.requests.push({
      time: Date.now(), method: req.method ?? '', path, status,
      token: headerText(req, TOKEN_HEADER), ttlHeader: headerText(req, TTL_HEADER),
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await readBody(req);
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      this.record(req, path, status);
      send(res, status, body, { 'Content-Type': 'text/plain', ...headers });
    };
    const fault = this.faults.take(path);
    if (fault?.kind === 'reset') {
      this.record(req, path, 0);
      resetConnection(req);
      return;
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'hold') await fault.until;
    if (this.faults.delayMs) await sleep(this.faults.delayMs);
    if (fault?.kind === 'status') return reply(fault.status, statusText(fault.status));

    if (path === '/latest/api/token') return this.token(req, reply);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, statusText(405));
    if (!this.authorized(req)) return reply(401, statusText(401));
    const body = this.lookup(path);
    if (body === undefined) return reply(404, statusText(404));
    return reply(200, body);
  }

  private token(req: IncomingMessage, reply: (s: number, b: string, h?: Record<string, string>) => void): void {
    if (this.mode === 'v1-only') return reply(404, statusText(404));
    if (req.method !== 'PUT') return reply(405, statusText(405));
    if (req.headers['x-forwarded-for'] !== undefined) return reply(403, statusText(403));
    const ttlText = headerText(req, TTL_HEADER);
    const ttl = ttlText !== undefined && /^\d+$/.test(ttlText.trim()) ? Number(ttlText.trim()) : NaN;
    if (!(ttl >= 1 && ttl <= MAX_TTL_SECONDS)) return reply(400, statusText(400));
    const token = randomBytes(42).toString('base64url');
    this.tokens.set(token, Date.now() + ttl * 1000);
    reply(200, token, { [TTL_HEADER]: String(ttl) });
  }

  // A token that is present must be valid in every mode but v1-only; without
  // one, only the required mode refuses.
  private authorized(req: IncomingMessage): boolean {
    const token = headerText(req, TOKEN_HEADER);
    if (this.mode === 'v1-only') return true;
    if (token === undefined) return this.mode === 'optional';
    const expiry = this.tokens.get(token);
    return expiry !== undefined && expiry > Date.now();
  }

  private lookup(path: string): string | undefined {
    const md = '/latest/meta-data/';
    const role = this.roleName;
    const facts: Record<string, () => string | undefined> = {
      [md]: () => ['ami-id', 'hostname', 'iam/', 'instance-id', 'local-hostname', 'placement/'].join('\n'),
      [`${md}instance-id`]: () => this.instanceId,
      [`${md}hostname`]: () => this.hostname,
      [`${md}local-hostname`]: () => this.hostname,
      [`${md}ami-id`]: () => 'ami-0abcdef1234567890',
      [`${md}placement/`]: () => 'availability-zone\nregion',
      [`${md}placement/region`]: () => this.region,
      [`${md}placement/availability-zone`]: () => this.availabilityZone,
      [`${md}iam/`]: () => (role ? 'info\nsecurity-credentials/' : undefined),
      [`${md}iam/info`]: () => (role ? JSON.stringify({
        Code: 'Success', LastUpdated: isoSeconds(this.lastUpdated),
        InstanceProfileArn: `arn:aws:iam::${this.accountId}:instance-profile/${role}`,
        InstanceProfileId: 'AIPAEXAMPLEPROFILEID0',
      }, null, 2) : undefined),
      [`${md}iam/security-credentials`]: () => role ?? undefined,
      [`${md}iam/security-credentials/`]: () => role ?? undefined,
      '/latest/dynamic/instance-identity/document': () => JSON.stringify({
        accountId: this.accountId, architecture: 'x86_64', availabilityZone: this.availabilityZone,
        imageId: 'ami-0abcdef1234567890', instanceId: this.instanceId, instanceType: 't3.micro',
        pendingTime: '2026-01-01T00:00:00Z', privateIp: '10.0.0.12', region: this.region, version: '2017-09-30',
      }, null, 2),
    };
    const fact = facts[path];
    if (fact) return fact();
    if (role && path === `${md}iam/security-credentials/${role}`) {
      const c = this.currentCredentials();
      return JSON.stringify({
        Code: 'Success', LastUpdated: isoSeconds(this.lastUpdated), Type: 'AWS-HMAC',
        AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken,
        Expiration: isoSeconds(c.expiration!),
      }, null, 2);
    }
    return undefined;
  }
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
    405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable',
  };
  return texts[status] ?? `HTTP ${status}`;
}
