// The CloudWatch endpoint mock: one server answering as both
// logs.<region>.amazonaws.com (Logs, awsJson1_1) and
// monitoring.<region>.amazonaws.com (PutMetricData, JSON 1.0 or awsQuery),
// over HTTPS (certificate from a test CA) and plain HTTP (the stock klib
// sends metrics on port 80). Every request's SigV4 signature and session
// token are verified; every request is recorded; faults can be injected.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { CredentialStore } from './aws-credentials.ts';
import { AwsError, decodeUtf8Json } from './aws-error.ts';
import { CloudWatchLogs } from './cloudwatch-logs.ts';
import { CloudWatchMetrics, QUERY_CODES, decodeJsonPutMetricData, decodeQueryPutMetricData } from './cloudwatch-metrics.ts';
import { Faults, HttpAndHttpsService, headerText, NEVER, rawHeaderPairs, readBody, resetConnection, send, sendRaw, sleep, type HoldFault, type RawFault, type Scheme, type TlsIdentity } from './http.ts';
import { verifySigV4, type SignatureInfo } from './sigv4-verify.ts';

export type AwsFault =
  | { kind: 'error'; code: string; status: number; message: string }
  | { kind: 'reset' }
  | HoldFault
  | RawFault
  | { kind: 'delay'; ms: number }
  // The request is carried out (a batch stored), then the connection is cut: the answer is lost.
  | { kind: 'lose' }
  // PutLogEvents: its first `events` events are taken as too old (rejectedLogEventsInfo), the rest stored.
  | { kind: 'reject-old'; events: number };

type Protocol = 'json1.1' | 'json1.0' | 'query' | 'unknown';

export interface AwsRequestRecord {
  time: number;
  scheme: 'https' | 'http';
  service: 'logs' | 'monitoring' | 'unknown';
  protocol: Protocol;
  operation: string;
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
  status: number;                   // 0: the connection was reset
  errorCode?: string;
  errorMessage?: string;
  signature?: SignatureInfo;
}

export interface CloudWatchMockOptions {
  region?: string;
  accountId?: string;
  credentials?: CredentialStore;    // share the IMDS mock's store
  tls?: TlsIdentity;                // no HTTPS listener without one
  maxSkewMs?: number;
}

const AUTH_CODES = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException',
  'MissingAuthenticationTokenException', 'ExpiredTokenException']);

export class CloudWatchMock extends HttpAndHttpsService {
  readonly credentials: CredentialStore;
  readonly logs: CloudWatchLogs;
  readonly metrics = new CloudWatchMetrics();
  readonly faults = new Faults<AwsFault>();
  readonly requests: AwsRequestRecord[] = [];
  readonly region: string;
  maxSkewMs?: number;

  constructor(options: CloudWatchMockOptions = {}) {
    super(options.tls);
    this.region = options.region ?? 'us-east-1';
    this.credentials = options.credentials ?? new CredentialStore();
    this.logs = new CloudWatchLogs(this.region, options.accountId);
    this.maxSkewMs = options.maxSkewMs;
  }

  private static forOperation(operation?: string) {
    return operation === undefined ? undefined : (target: string) => target === operation;
  }

  throttle(count: number, operation?: string): void {
    this.faults.add({ kind: 'error', code: 'ThrottlingException', status: 400, message: 'Rate exceeded' }, count, CloudWatchMock.forOperation(operation));
  }

  unavailable(count: number, operation?: string): void {
    this.faults.add({ kind: 'error', code: 'ServiceUnavailableException', status: 503, message: 'The service is unavailable. Please try again shortly.' }, count, CloudWatchMock.forOperation(operation));
  }

  internalError(count: number, operation?: string): void {
    this.faults.add({ kind: 'error', code: 'InternalFailure', status: 500, message: 'The request processing has failed because of an unknown error.' }, count, CloudWatchMock.forOperation(operation));
  }

  resetNext(count: number, operation?: string): void {
    this.faults.add({ kind: 'reset' }, count, CloudWatchMock.forOperation(operation));
  }

  slowNext(count: number, ms: number, operation?: string): void {
    this.faults.add({ kind: 'delay', ms }, count, CloudWatchMock.forOperation(operation));
  }

  // The next count requests are read and left unanswered until `until` settles (a stalled server).
  holdNext(count: number, operation?: string, until: Promise<void> = NEVER): void {
    this.faults.add({ kind: 'hold', until }, count, CloudWatchMock.forOperation(operation));
  }

  // The next count requests are answered with `bytes` (RAW_ANSWERS), unread by the service.
  answerNext(count: number, bytes: Buffer, operation?: string): void {
    this.faults.add({ kind: 'raw', bytes }, count, CloudWatchMock.forOperation(operation));
  }

  // The next count requests are carried out, and their answers lost (the connection cut instead).
  loseAnswerNext(count: number, operation?: string): void {
    this.faults.add({ kind: 'lose' }, count, CloudWatchMock.forOperation(operation));
  }

  // The next PutLogEvents takes its first `events` events as too old (rejectedLogEventsInfo).
  rejectOldNext(events: number): void {
    this.faults.add({ kind: 'reject-old', events }, 1, CloudWatchMock.forOperation('PutLogEvents'));
  }

  // Requests of one operation that were answered 200.
  accepted(operation: string): AwsRequestRecord[] {
    return this.requests.filter(r => r.operation === operation && r.status === 200);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse, scheme: Scheme): Promise<void> {
    const target = headerText(req, 'x-amz-target') ?? '';
    const contentType = (headerText(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    let protocol: Protocol = 'unknown';
    let service: AwsRequestRecord['service'] = 'unknown';
    let operation = '';
    if (target.startsWith('Logs_20140328.')) {
      [protocol, service, operation] = ['json1.1', 'logs', target.slice('Logs_20140328.'.length)];
    } else if (target.startsWith('GraniteServiceVersion20100801.')) {
      [protocol, service, operation] = ['json1.0', 'monitoring', target.slice('GraniteServiceVersion20100801.'.length)];
    } else if (contentType === 'application/x-www-form-urlencoded') {
      [protocol, service] = ['query', 'monitoring'];
    }
    const record: AwsRequestRecord = {
      time: Date.now(), scheme, service, protocol, operation, method: req.method ?? '', url: req.url ?? '',
      headers: rawHeaderPairs(req), body: '', status: 0,
    };
    this.requests.push(record);

    const fault = this.faults.take(operation || (protocol === 'query' ? 'PutMetricData' : ''));
    if (fault?.kind === 'reset') {
      resetConnection(req);
      return;
    }
    const raw = await readBody(req);
    record.body = raw.toString('utf8');
    if (fault?.kind === 'raw') {
      record.status = Number(/^HTTP\/1\.1 (\d+)/.exec(fault.bytes.subarray(0, 20).toString('latin1'))?.[1] ?? 0);
      return sendRaw(req, fault.bytes);
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);
    if (fault?.kind === 'hold') await fault.until;
    if (this.faults.delayMs) await sleep(this.faults.delayMs);

    const reply = (status: number, body: string, headers: Record<string, string>) => {
      record.status = status;
      // The answer is lost: what was asked was done, but the connection is cut instead.
      if (fault?.kind === 'lose') return resetConnection(req);
      send(res, status, body, { 'x-amzn-RequestId': randomUUID(), ...headers });
    };
    const fail = (e: AwsError) => {
      record.errorCode = e.code;
      record.errorMessage = e.message;
      this.replyError(reply, protocol, e);
    };
    try {
      if (fault?.kind === 'error') throw new AwsError(fault.code, fault.message, fault.status);
      if (req.method !== 'POST') throw new AwsError('UnknownOperationException', `Method ${req.method} is not supported`, 404);
      if (protocol === 'unknown') throw new AwsError('UnknownOperationException', `No operation for X-Amz-Target '${target}' and content type '${contentType}'`);
      const verified = await verifySigV4({ method: req.method, url: req.url ?? '/', headers: record.headers, body: raw },
        this.credentials, { service, region: this.region, maxSkewMs: this.maxSkewMs });
      record.signature = verified.info;
      if (!verified.ok) throw new AwsError(verified.code, verified.message, 400);
      const body = this.decompress(req, raw);
      if (protocol === 'json1.1') {
        if (contentType !== 'application/x-amz-json-1.1' && contentType !== 'application/json') {
          throw new AwsError('SerializationException', `Content-Type must be application/x-amz-json-1.1, got '${contentType}'`);
        }
        const out = this.logs.call(operation, decodeUtf8Json(body), Date.now(), fault?.kind === 'reject-old' ? fault.events : 0);
        return reply(200, JSON.stringify(out), { 'Content-Type': 'application/x-amz-json-1.1' });
      }
      if (protocol === 'json1.0') {
        if (operation !== 'PutMetricData') throw new AwsError('UnknownOperationException', `Operation ${operation} is not supported by the mock`);
        // The stock klib sends "application/json" with "Content-Encoding: amz-1.0".
        if (contentType !== 'application/x-amz-json-1.0' && contentType !== 'application/json') {
          throw new AwsError('SerializationException', `Content-Type must be application/x-amz-json-1.0, got '${contentType}'`);
        }
        const now = Date.now();
        this.metrics.put(decodeJsonPutMetricData(decodeUtf8Json(body), now), now);
        return reply(200, '{}', { 'Content-Type': 'application/x-amz-json-1.0' });
      }
      const params = new URLSearchParams(body.toString('utf8'));
      operation = record.operation = params.get('Action') ?? '';
      if (operation !== 'PutMetricData') throw new AwsError('InvalidAction', `The action ${operation} is not valid for this web service.`);
      const now = Date.now();
      this.metrics.put(decodeQueryPutMetricData(params, now), now);
      const id = randomUUID();
      return reply(200, `<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">\n  <ResponseMetadata>\n    <RequestId>${id}</RequestId>\n  </ResponseMetadata>\n</PutMetricDataResponse>\n`, { 'Content-Type': 'text/xml' });
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      fail(e);
    }
  }

  // PutMetricData may be gzip-compressed (the signature covers the compressed bytes).
  private decompress(req: IncomingMessage, raw: Buffer): Buffer {
    const encoding = (headerText(req, 'content-encoding') ?? '').toLowerCase();
    if (encoding !== 'gzip') return raw;
    try {
      return gunzipSync(raw);
    } catch {
      throw new AwsError('SerializationException', 'Content-Encoding is gzip but the body does not decompress');
    }
  }

  private replyError(reply: (s: number, b: string, h: Record<string, string>) => void, protocol: Protocol, e: AwsError): void {
    const queryCode = QUERY_CODES[e.code] ?? e.code.replace(/Exception$/, '');
    const party = e.status >= 500 ? 'Receiver' : 'Sender';
    if (protocol === 'query') {
      const status = AUTH_CODES.has(e.code) ? 403 : e.status;
      const xml = `<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">\n  <Error>\n    <Type>${party}</Type>\n    <Code>${queryCode}</Code>\n    <Message>${escapeXml(e.message)}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`;
      return reply(status, xml, { 'Content-Type': 'text/xml' });
    }
    const headers: Record<string, string> = { 'Content-Type': protocol === 'json1.0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1' };
    if (protocol === 'json1.0') headers['x-amzn-query-error'] = `${queryCode};${party}`;
    reply(e.status, JSON.stringify({ __type: e.code, message: e.message, ...e.members }), headers);
  }
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
