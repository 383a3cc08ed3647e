// Cloud Logging v2: entries.write, validated strictly against the official
// protos and then per entry (log name, resource, timestamp, size, labels),
// with partialSuccess semantics; and entries.list (a filter subset) so the
// official client can read the entries back.
import { randomBytes } from 'node:crypto';
import type protobuf from 'protobufjs';
import { fromProto3JSON, toProto3JSON } from 'proto3-json-serializer';
import { GoogleError, RPC_CODES } from './google-error.ts';
import { loggingRoot } from './google-protos.ts';
import { validTimestamp, validateMessage } from './proto-validate.ts';

export type Json = Record<string, unknown>;

export interface LoggingLimits {
  maxRequestBytes: number;        // entries.write body
  maxEntryBytes: number;          // one LogEntry, as JSON
  maxLabels: number;
  maxLabelKeyBytes: number;
  maxLabelValueBytes: number;     // longer values are truncated, not refused
  futureMs: number;               // timestamps later than now + this are refused
  retentionMs: number;            // older ones are accepted but not stored
}

export const DEFAULT_LOGGING_LIMITS: LoggingLimits = {
  maxRequestBytes: 10 * 1024 * 1024,
  maxEntryBytes: 256 * 1024,
  maxLabels: 64,
  maxLabelKeyBytes: 512,
  maxLabelValueBytes: 64 * 1024,
  futureMs: 24 * 3600 * 1000,
  retentionMs: 30 * 24 * 3600 * 1000,
};

// Monitored resource types the mock knows, with their label keys.
export const RESOURCE_LABELS: Record<string, string[]> = {
  gce_instance: ['project_id', 'instance_id', 'zone'],
  global: ['project_id'],
  generic_node: ['project_id', 'location', 'namespace', 'node_id'],
  generic_task: ['project_id', 'location', 'namespace', 'job', 'task_id'],
};

const LOG_NAME = /^(projects|organizations|folders|billingAccounts)\/([^/]+)\/logs\/([^/]+)$/;
const LOG_ID = /^[A-Za-z0-9_./-]{1,512}$/;

interface EntryError { index: number; status: string; message: string }

// A RFC 3339 timestamp to epoch nanoseconds (as bigint, to keep all digits).
export function timestampNanos(ts: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(ts)!;
  const seconds = BigInt(Date.parse(`${m[1]}${m[3]}`)) / 1000n;
  const frac = BigInt(((m[2] ?? '.').slice(1) + '000000000').slice(0, 9));
  return seconds * 1_000_000_000n + frac;
}

function nowTimestamp(now: number): string {
  return new Date(now).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export class CloudLogging {
  readonly entries: Json[] = [];     // stored, normalised (enum names), with logName and resource
  limits: LoggingLimits = { ...DEFAULT_LOGGING_LIMITS };
  private readonly root = loggingRoot();

  constructor(readonly projectIds: string[]) {}

  private type(name: string): protobuf.Type {
    return this.root.lookupType(name);
  }

  // Normalised proto3 JSON (enum names, canonical forms).
  private normalise(typeName: string, json: unknown): Json {
    const t = this.type(typeName);
    return toProto3JSON(fromProto3JSON(t, json as never) as never) as Json;
  }

  write(body: unknown, bodyBytes: number, now = Date.now()): Json {
    if (bodyBytes > this.limits.maxRequestBytes) {
      throw new GoogleError('INVALID_ARGUMENT', `Request payload size exceeds the limit: ${this.limits.maxRequestBytes} bytes.`);
    }
    const errors = validateMessage(this.type('google.logging.v2.WriteLogEntriesRequest'), body);
    if (errors.length) throw new GoogleError('INVALID_ARGUMENT', `Invalid JSON payload received. ${errors.join('; ')}`);
    const req = this.normalise('google.logging.v2.WriteLogEntriesRequest', body);
    const entries = (req.entries as Json[] | undefined) ?? [];
    if (entries.length === 0) throw new GoogleError('INVALID_ARGUMENT', 'entries: at least one log entry is required');

    const failed: EntryError[] = [];
    const accepted: Json[] = [];
    entries.forEach((entry, index) => {
      try {
        const full = this.completeEntry(req, entry, now);
        if (full) accepted.push(full);
      } catch (e) {
        if (!(e instanceof GoogleError)) throw e;
        failed.push({ index, status: e.status, message: e.message });
      }
    });
    if (!req.dryRun && (failed.length === 0 || req.partialSuccess)) this.entries.push(...accepted);
    if (failed.length === 0) return {};
    const logEntryErrors = Object.fromEntries(failed.map(f => [String(f.index), { code: RPC_CODES[f.status], message: f.message }]));
    const first = failed[0];
    throw new GoogleError(first.status, `Log entry with index ${first.index}: ${first.message}`, [
      { '@type': 'type.googleapis.com/google.logging.v2.WriteLogEntriesPartialErrors', logEntryErrors },
    ]);
  }

  // The entry as stored (request-level logName, resource and labels applied),
  // or undefined when it is valid but too old to be stored.
  private completeEntry(req: Json, entry: Json, now: number): Json | undefined {
    const logName = (entry.logName ?? req.logName) as string | undefined;
    if (!logName) throw new GoogleError('INVALID_ARGUMENT', 'logName: a log name is required (in the entry or the request)');
    const m = LOG_NAME.exec(logName);
    if (!m) throw new GoogleError('INVALID_ARGUMENT', `logName "${logName}" must be projects/PROJECT_ID/logs/LOG_ID with LOG_ID URL-encoded`);
    let logId: string;
    try {
      logId = decodeURIComponent(m[3]);
    } catch {
      throw new GoogleError('INVALID_ARGUMENT', `logName "${logName}": LOG_ID is not valid percent-encoding`);
    }
    if (!LOG_ID.test(logId)) throw new GoogleError('INVALID_ARGUMENT', `logName "${logName}": LOG_ID must be 1-512 characters of [A-Za-z0-9_./-]`);
    if (m[1] !== 'projects' || !this.projectIds.includes(m[2])) {
      throw new GoogleError('PERMISSION_DENIED', `The caller does not have permission to write to ${m[1]}/${m[2]}`);
    }
    const resource = (entry.resource ?? req.resource) as Json | undefined;
    if (!resource || !resource.type) throw new GoogleError('INVALID_ARGUMENT', 'resource: a monitored resource with a type is required');
    const allowed = RESOURCE_LABELS[resource.type as string];
    if (!allowed) throw new GoogleError('INVALID_ARGUMENT', `resource.type "${String(resource.type)}" is not a monitored resource type the mock knows`);
    for (const k of Object.keys((resource.labels as Json | undefined) ?? {})) {
      if (!allowed.includes(k)) throw new GoogleError('INVALID_ARGUMENT', `resource.labels: "${k}" is not a label of ${String(resource.type)}`);
    }
    const labels: Record<string, string> = { ...(req.labels as Record<string, string> | undefined), ...(entry.labels as Record<string, string> | undefined) };
    if (Object.keys(labels).length > this.limits.maxLabels) throw new GoogleError('INVALID_ARGUMENT', `labels: at most ${this.limits.maxLabels} labels per entry`);
    for (const [k, v] of Object.entries(labels)) {
      if (Buffer.byteLength(k) > this.limits.maxLabelKeyBytes) throw new GoogleError('INVALID_ARGUMENT', `labels: key longer than ${this.limits.maxLabelKeyBytes} bytes`);
      if (Buffer.byteLength(v) > this.limits.maxLabelValueBytes) labels[k] = Buffer.from(v).subarray(0, this.limits.maxLabelValueBytes).toString();
    }
    const size = Buffer.byteLength(JSON.stringify(entry));
    if (size > this.limits.maxEntryBytes) {
      throw new GoogleError('INVALID_ARGUMENT', `Log entry with size ${size} exceeds maximum size of ${this.limits.maxEntryBytes}`);
    }
    const timestamp = (entry.timestamp as string | undefined) ?? nowTimestamp(now);
    const ms = Number(timestampNanos(timestamp) / 1_000_000n);
    if (ms > now + this.limits.futureMs) throw new GoogleError('INVALID_ARGUMENT', `timestamp ${timestamp} is more than 1 day in the future`);
    if (ms < now - this.limits.retentionMs) return undefined;
    return {
      ...entry, logName, resource, timestamp,
      ...(Object.keys(labels).length ? { labels } : {}),
      severity: entry.severity ?? 'DEFAULT',
      insertId: entry.insertId ?? randomBytes(8).toString('hex'),
      receiveTimestamp: nowTimestamp(now),
    };
  }

  list(body: unknown): Json {
    const errors = validateMessage(this.type('google.logging.v2.ListLogEntriesRequest'), body);
    if (errors.length) throw new GoogleError('INVALID_ARGUMENT', `Invalid JSON payload received. ${errors.join('; ')}`);
    const req = body as Json;
    const names = (req.resourceNames as string[] | undefined) ?? [];
    if (names.length === 0) throw new GoogleError('INVALID_ARGUMENT', 'resourceNames: at least one resource name is required');
    const projects = names.map(n => /^projects\/([^/]+)$/.exec(n)?.[1]);
    if (projects.some(p => p === undefined || !this.projectIds.includes(p))) {
      throw new GoogleError('PERMISSION_DENIED', `The caller does not have permission to read ${names.join(', ')}`);
    }
    const matches = parseFilter((req.filter as string | undefined) ?? '');
    const order = ((req.orderBy as string | undefined) ?? 'timestamp asc').trim();
    if (order !== 'timestamp asc' && order !== 'timestamp desc') throw new GoogleError('INVALID_ARGUMENT', `orderBy "${order}" is not supported`);
    const found = this.entries
      .filter(e => projects.includes(LOG_NAME.exec(e.logName as string)![2]) && matches(e))
      .sort((a, b) => {
        const d = timestampNanos(a.timestamp as string) - timestampNanos(b.timestamp as string);
        return (d < 0n ? -1 : d > 0n ? 1 : 0) * (order === 'timestamp desc' ? -1 : 1);
      });
    const pageSize = Math.min(Number(req.pageSize ?? 50) || 50, 1000);
    const start = req.pageToken ? Number(req.pageToken) : 0;
    const page = found.slice(start, start + pageSize);
    const out: Json = { entries: page };
    if (start + pageSize < found.length) out.nextPageToken = String(start + pageSize);
    return out;
  }
}

const SEVERITY_ORDER = ['DEFAULT', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'];

// The subset of the Logging query language the mock understands: clauses
// joined by AND, each FIELD OP VALUE with OP one of = != > >= < <= : (has),
// FIELD a dotted path (logName, severity, timestamp, resource.labels.zone ...).
export function parseFilter(filter: string): (entry: Json) => boolean {
  const text = filter.trim();
  if (text === '') return () => true;
  // Without OR / NOT, parentheses only group AND-ed clauses and can be dropped
  // (the official client wraps the caller's filter in them).
  if (/\b(OR|NOT)\b/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    throw new GoogleError('INVALID_ARGUMENT', `The mock does not implement OR / NOT in filters: ${text}`);
  }
  const clauses = text.split(/\s+AND\s+|\n+/)
    .map(c => c.trim().replace(/^\(+\s*/, '').replace(/\s*\)+$/, '')).filter(c => c !== '');
  const tests = clauses.map(clause => {
    const m = /^([A-Za-z_][\w.]*)\s*(=|!=|>=|<=|>|<|:)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"()]+))$/.exec(clause);
    if (!m) throw new GoogleError('INVALID_ARGUMENT', `Unparseable filter (the mock supports FIELD OP VALUE clauses joined by AND): ${clause}`);
    const [, field, op, quoted, bare] = m;
    const want = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare;
    return (entry: Json) => {
      let v: unknown = entry;
      for (const p of field.split('.')) v = typeof v === 'object' && v !== null ? (v as Json)[p] : undefined;
      if (v === undefined) return op === '!=';
      if (op === ':') return String(v).includes(want);
      let cmp: number;
      if (field === 'timestamp' && validTimestamp(want)) {
        const d = timestampNanos(String(v)) - timestampNanos(want);
        cmp = d < 0n ? -1 : d > 0n ? 1 : 0;
      } else if (field === 'severity') {
        cmp = SEVERITY_ORDER.indexOf(String(v)) - SEVERITY_ORDER.indexOf(want.toUpperCase());
      } else {
        cmp = String(v) < want ? -1 : String(v) > want ? 1 : 0;
      }
      return { '=': cmp === 0, '!=': cmp !== 0, '>': cmp > 0, '>=': cmp >= 0, '<': cmp < 0, '<=': cmp <= 0 }[op]!;
    };
  });
  return entry => tests.every(t => t(entry));
}
