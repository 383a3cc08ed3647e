// The Google Cloud APIs mock: Cloud Logging (entries.write, entries.list)
// and Cloud Monitoring (timeSeries.create) on one server, reached as
// logging.googleapis.com and monitoring.googleapis.com, over HTTPS (test CA)
// and plain HTTP (the official clients on loopback). Bearer tokens are
// checked against GoogleTokens; every request is recorded; faults injected.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudLogging } from './gcp-logging.ts';
import { CloudMonitoring } from './gcp-monitoring.ts';
import { GoogleError, httpStatusName } from './google-error.ts';
import { GoogleTokens } from './google-tokens.ts';
import { Faults, HttpAndHttpsService, headerText, NEVER, rawHeaderPairs, readBody, resetConnection, send, sendRaw, sleep, type HoldFault, type RawFault, type Scheme, type TlsIdentity } from './http.ts';

export type GoogleFault = { kind: 'status'; status: number } | { kind: 'reset' } | { kind: 'delay'; ms: number } | HoldFault | RawFault;

export type GoogleMethod = 'entries.write' | 'entries.list' | 'timeSeries.create' | 'unknown';

export interface GoogleRequestRecord {
  time: number;
  scheme: 'https' | 'http';
  method: GoogleMethod;
  url: string;
  headers: [string, string][];
  body: string;
  status: number;                 // 0: reset
  error?: string;                 // the google.rpc status name
  errorMessage?: string;
}

export interface GcpApisMockOptions {
  projectId?: string;
  numericProjectId?: string;
  tokens?: GoogleTokens;          // share the metadata mock's
  tls?: TlsIdentity;
}

export class GcpApisMock extends HttpAndHttpsService {
  readonly tokens: GoogleTokens;
  readonly logging: CloudLogging;
  readonly monitoring: CloudMonitoring;
  readonly faults = new Faults<GoogleFault>();
  readonly requests: GoogleRequestRecord[] = [];

  constructor(o: GcpApisMockOptions = {}) {
    super(o.tls);
    const projects = [o.projectId ?? 'klib-test-project', o.numericProjectId ?? '123456789012'];
    this.tokens = o.tokens ?? new GoogleTokens();
    this.logging = new CloudLogging(projects);
    this.monitoring = new CloudMonitoring(projects);
  }

  // The next count requests (of one method, if given) get this HTTP status
  // (429, 500, 503, 401 ...) with the matching google.rpc.Status body.
  failNext(count: number, status: number, method?: GoogleMethod): void {
    this.faults.add({ kind: 'status', status }, count, method ? m => m === method : undefined);
  }

  resetNext(count: number, method?: GoogleMethod): void {
    this.faults.add({ kind: 'reset' }, count, method ? m => m === method : undefined);
  }

  slowNext(count: number, ms: number, method?: GoogleMethod): void {
    this.faults.add({ kind: 'delay', ms }, count, method ? m => m === method : undefined);
  }

  // The next count requests (of one method, if given) are answered with `bytes` (RAW_ANSWERS), unread.
  answerNext(count: number, bytes: Buffer, method?: GoogleMethod): void {
    this.faults.add({ kind: 'raw', bytes }, count, method ? m => m === method : undefined);
  }

  // The next count requests are read and left unanswered until `until` settles (a stalled server).
  holdNext(count: number, method?: GoogleMethod, until: Promise<void> = NEVER): void {
    this.faults.add({ kind: 'hold', until }, count, method ? m => m === method : undefined);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse, scheme: Scheme): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const project = /^\/v3\/projects\/([^/]+)\/timeSeries$/.exec(path)?.[1];
    const method: GoogleMethod = path === '/v2/entries:write' ? 'entries.write'
      : path === '/v2/entries:list' ? 'entries.list' : project !== undefined ? 'timeSeries.create' : 'unknown';
    const record: GoogleRequestRecord = { time: Date.now(), scheme, method, url: req.url ?? '', headers: rawHeaderPairs(req), body: '', status: 0 };
    this.requests.push(record);
    const fault = this.faults.take(method);
    if (fault?.kind === 'reset') return resetConnection(req);
    const raw = await readBody(req);
    record.body = raw.toString('utf8');
    if (fault?.kind === 'raw') {
      record.status = Number(/^HTTP\/1\.1 (\d+)/.exec(fault.bytes.subarray(0, 20).toString('latin1'))?.[1] ?? 0);
      return sendRaw(req, fault.bytes);
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'hold') await fault.until;
    if (this.faults.delayMs) await sleep(this.faults.delayMs);
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      send(res, status, body, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
    };
    try {
      if (fault?.kind === 'status') throw new GoogleError(httpStatusName(fault.status), `mock fault: HTTP ${fault.status}`);
      if (method === 'unknown' || req.method !== 'POST') throw new GoogleError('NOT_FOUND', `The mock has no ${req.method} ${path}`);
      const token = /^Bearer (\S+)$/.exec(headerText(req, 'authorization') ?? '')?.[1];
      if (!token || !this.tokens.isValid(token)) {
        throw new GoogleError('UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
      }
      const contentType = (headerText(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (contentType !== 'application/json') throw new GoogleError('INVALID_ARGUMENT', `Content-Type must be application/json, got '${contentType}'`);
      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
      } catch (e) {
        throw new GoogleError('INVALID_ARGUMENT', `Invalid JSON payload received. ${(e as Error).message}`);
      }
      const out = method === 'entries.write' ? this.logging.write(body, raw.length)
        : method === 'entries.list' ? this.logging.list(body) : this.monitoring.create(project!, body);
      reply(200, JSON.stringify(out));
    } catch (e) {
      if (!(e instanceof GoogleError)) throw e;
      record.error = e.status;
      record.errorMessage = e.message;
      const headers: Record<string, string> = e.status === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } : {};
      reply(e.httpStatus, e.body(), headers);
    }
  }
}
