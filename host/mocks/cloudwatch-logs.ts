// CloudWatch Logs (awsJson1_1, target prefix Logs_20140328): log groups and
// streams, PutLogEvents with every documented rule, and the read operations
// (GetLogEvents, FilterLogEvents, Describe*) the official SDK reads back with.
import { AwsError, checkMembers } from './aws-error.ts';

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface LogStream {
  name: string;
  creationTime: number;
  events: StoredEvent[];
  lastIngestionTime?: number;
  storedBytes: number;
  // With sequence tokens enforced: the token the next batch must carry (none before the first),
  // and the last batch accepted (its token and its events), to know a resend of it.
  nextToken?: string;
  lastBatch?: { token?: string; events: string };
}

export interface LogGroup {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
}

export interface LogsLimits {
  maxBatchBytes: number;        // sum of UTF-8 message bytes + 26 per event
  maxBatchEvents: number;
  maxEventBytes: number;        // one event, message bytes + 26
  maxSpanMs: number;            // newest - oldest timestamp in one batch
  tooOldMs: number;             // older than now - this: rejected (tooOld)
  tooNewMs: number;             // newer than now + this: rejected (tooNew)
}

export const EVENT_OVERHEAD_BYTES = 26;
const DAY_MS = 24 * 3600 * 1000;

// The per-event cap defaults to the long-standing 256 KiB (AWS raised it to
// 1 MiB in 2025; set maxEventBytes to 1048576 to model that).
export const DEFAULT_LOGS_LIMITS: LogsLimits = {
  maxBatchBytes: 1_048_576,
  maxBatchEvents: 10_000,
  maxEventBytes: 262_144,
  maxSpanMs: DAY_MS,
  tooOldMs: 14 * DAY_MS,
  tooNewMs: 2 * 3600 * 1000,
};

export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
  1827, 2192, 2557, 2922, 3288, 3653];

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

type Body = Record<string, unknown>;

export class CloudWatchLogs {
  readonly groups = new Map<string, LogGroup>();
  limits: LogsLimits = { ...DEFAULT_LOGS_LIMITS };
  // The service still returns the deprecated nextSequenceToken; the stock klib depends on it.
  returnSequenceToken = true;
  // 'ignored': today's service (tokens are accepted and ignored). 'enforced': the rules before
  // January 2023, which CloudWatch-compatible servers still follow: a batch must carry the
  // stream's next token (none for a new stream), else InvalidSequenceTokenException with the
  // expected one; the batch last accepted sent again with its token is DataAlreadyAcceptedException.
  sequenceTokens: 'ignored' | 'enforced' = 'ignored';
  private sequence = 1;
  private eventIds = 0;

  constructor(readonly region = 'us-east-1', readonly accountId = '123456789012') {}

  // Runs one operation; returns the response object or throws AwsError.
  // `tooOld`: PutLogEvents takes its first `tooOld` events as too old (a fault the tests cue).
  call(operation: string, input: unknown, now = Date.now(), tooOld = 0): Body {
    switch (operation) {
      case 'CreateLogGroup': return this.createLogGroup(input, now);
      case 'CreateLogStream': return this.createLogStream(input, now);
      case 'DeleteLogGroup': return this.deleteLogGroup(input);
      case 'DeleteLogStream': return this.deleteLogStream(input);
      case 'PutRetentionPolicy': return this.putRetentionPolicy(input);
      case 'DescribeLogGroups': return this.describeLogGroups(input);
      case 'DescribeLogStreams': return this.describeLogStreams(input);
      case 'PutLogEvents': return this.putLogEvents(input, now, tooOld);
      case 'GetLogEvents': return this.getLogEvents(input);
      case 'FilterLogEvents': return this.filterLogEvents(input);
      default: throw new AwsError('UnknownOperationException', `Operation ${operation} is not supported by the mock`);
    }
  }

  // Every message that reached a stream, in stored order (for assertions).
  messages(group: string, stream: string): string[] {
    return this.groups.get(group)?.streams.get(stream)?.events.map(e => e.message) ?? [];
  }

  private arn(group: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${group}`;
  }

  private group(name: unknown): LogGroup {
    const g = this.groups.get(String(name));
    if (!g) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    return g;
  }

  private stream(groupName: unknown, streamName: unknown): LogStream {
    const s = this.group(groupName).streams.get(String(streamName));
    if (!s) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    return s;
  }

  private groupNameOf(b: Body): string {
    // logGroupIdentifier may be a name or an ARN (ending in the name, maybe with :*).
    const id = b.logGroupIdentifier as string | undefined;
    if (b.logGroupName !== undefined && id !== undefined) {
      throw new AwsError('InvalidParameterException', 'LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    if (id !== undefined) return id.startsWith('arn:') ? id.replace(/^arn:[^:]*:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '') : id;
    if (b.logGroupName === undefined) throw new AwsError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be given.');
    return b.logGroupName as string;
  }

  private checkGroupName(name: string): void {
    if (!GROUP_NAME.test(name)) {
      throw new AwsError('InvalidParameterException', `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`);
    }
  }

  private createLogGroup(input: unknown, now: number): Body {
    const b = checkMembers(input, { logGroupName: 'string', kmsKeyId: 'string', tags: 'object', logGroupClass: 'string', deletionProtectionEnabled: 'boolean' }, ['logGroupName']);
    const name = b.logGroupName as string;
    this.checkGroupName(name);
    if (b.logGroupClass !== undefined && !['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'].includes(b.logGroupClass as string)) {
      throw new AwsError('InvalidParameterException', `Invalid logGroupClass ${String(b.logGroupClass)}`);
    }
    if (this.groups.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    this.groups.set(name, { name, creationTime: now, streams: new Map() });
    return {};
  }

  private createLogStream(input: unknown, now: number): Body {
    const b = checkMembers(input, { logGroupName: 'string', logStreamName: 'string' }, ['logGroupName', 'logStreamName']);
    const name = b.logStreamName as string;
    if (!STREAM_NAME.test(name)) {
      throw new AwsError('InvalidParameterException', `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`);
    }
    const g = this.group(b.logGroupName);
    if (g.streams.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
    g.streams.set(name, { name, creationTime: now, events: [], storedBytes: 0 });
    return {};
  }

  private deleteLogGroup(input: unknown): Body {
    const b = checkMembers(input, { logGroupName: 'string' }, ['logGroupName']);
    this.group(b.logGroupName);
    this.groups.delete(b.logGroupName as string);
    return {};
  }

  private deleteLogStream(input: unknown): Body {
    const b = checkMembers(input, { logGroupName: 'string', logStreamName: 'string' }, ['logGroupName', 'logStreamName']);
    this.stream(b.logGroupName, b.logStreamName);
    this.group(b.logGroupName).streams.delete(b.logStreamName as string);
    return {};
  }

  private putRetentionPolicy(input: unknown): Body {
    const b = checkMembers(input, { logGroupName: 'string', retentionInDays: 'integer' }, ['logGroupName', 'retentionInDays']);
    const days = b.retentionInDays as number;
    if (!RETENTION_DAYS.includes(days)) {
      throw new AwsError('InvalidParameterException', `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`);
    }
    this.group(b.logGroupName).retentionInDays = days;
    return {};
  }

  private describeLogGroups(input: unknown): Body {
    const b = checkMembers(input, { logGroupNamePrefix: 'string', logGroupNamePattern: 'string', limit: 'integer', nextToken: 'string', includeLinkedAccounts: 'boolean', accountIdentifiers: 'array', logGroupClass: 'string', logGroupIdentifiers: 'array' }, []);
    const prefix = (b.logGroupNamePrefix as string | undefined) ?? '';
    const logGroups = [...this.groups.values()].filter(g => g.name.startsWith(prefix))
      .sort((x, y) => (x.name < y.name ? -1 : 1))
      .map(g => ({
        logGroupName: g.name, creationTime: g.creationTime, retentionInDays: g.retentionInDays,
        arn: `${this.arn(g.name)}:*`, logGroupArn: this.arn(g.name), logGroupClass: 'STANDARD',
        storedBytes: [...g.streams.values()].reduce((n, s) => n + s.storedBytes, 0),
      }));
    return { logGroups };
  }

  private describeLogStreams(input: unknown): Body {
    const b = checkMembers(input, { logGroupName: 'string', logGroupIdentifier: 'string', logStreamNamePrefix: 'string', orderBy: 'string', descending: 'boolean', nextToken: 'string', limit: 'integer' }, []);
    const g = this.group(this.groupNameOf(b));
    const prefix = (b.logStreamNamePrefix as string | undefined) ?? '';
    let streams = [...g.streams.values()].filter(s => s.name.startsWith(prefix));
    streams.sort(b.orderBy === 'LastEventTime'
      ? (x, y) => lastEvent(x) - lastEvent(y)
      : (x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    if (b.descending) streams = streams.reverse();
    return {
      logStreams: streams.map(s => ({
        logStreamName: s.name, creationTime: s.creationTime,
        arn: `${this.arn(g.name)}:log-stream:${s.name}`,
        firstEventTimestamp: s.events[0]?.timestamp, lastEventTimestamp: s.events.at(-1)?.timestamp,
        lastIngestionTime: s.lastIngestionTime, storedBytes: s.storedBytes,
      })),
    };
  }

  private putLogEvents(input: unknown, now: number, forcedTooOld = 0): Body {
    const b = checkMembers(input, { logGroupName: 'string', logStreamName: 'string', logEvents: 'array', sequenceToken: 'string', entity: 'object' }, ['logGroupName', 'logStreamName', 'logEvents']);
    const events = b.logEvents as unknown[];
    const L = this.limits;
    if (events.length < 1 || events.length > L.maxBatchEvents) {
      throw new AwsError('InvalidParameterException', `1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and ${L.maxBatchEvents} (got ${events.length})`);
    }
    const parsed = events.map((e, i) => {
      const ev = checkMembers(e, { timestamp: 'integer', message: 'string' }, ['timestamp', 'message'], `logEvents.${i + 1}.member.`);
      if ((ev.message as string).length < 1) {
        throw new AwsError('InvalidParameterException', `1 validation error detected: Value '' at 'logEvents.${i + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1`);
      }
      if ((ev.timestamp as number) < 0) {
        throw new AwsError('InvalidParameterException', `1 validation error detected: Value at 'logEvents.${i + 1}.member.timestamp' failed to satisfy constraint: Member must have value greater than or equal to 0`);
      }
      return { timestamp: ev.timestamp as number, message: ev.message as string };
    });
    const stream = this.stream(b.logGroupName, b.logStreamName);
    const group = this.group(b.logGroupName);

    let total = 0;
    parsed.forEach((ev, i) => {
      const size = Buffer.byteLength(ev.message, 'utf8') + EVENT_OVERHEAD_BYTES;
      if (size > L.maxEventBytes) {
        throw new AwsError('InvalidParameterException', `Log event too large: ${size} bytes exceeds limit of ${L.maxEventBytes} (event ${i})`);
      }
      total += size;
    });
    if (total > L.maxBatchBytes) {
      throw new AwsError('InvalidParameterException', `Upload too large: ${total} bytes exceeds limit of ${L.maxBatchBytes}`);
    }
    for (let i = 1; i < parsed.length; i++) {
      if (parsed[i].timestamp < parsed[i - 1].timestamp) {
        throw new AwsError('InvalidParameterException', 'Log events in a single PutLogEvents request must be in chronological order.');
      }
    }
    if (parsed.at(-1)!.timestamp - parsed[0].timestamp > L.maxSpanMs) {
      throw new AwsError('InvalidParameterException', 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    }

    if (this.sequenceTokens === 'enforced') this.checkSequenceToken(stream, b.sequenceToken as string | undefined, parsed);

    // Out-of-range events are reported, not fatal: the call succeeds with the rest.
    // Indices: tooOld / expired are exclusive ends of a prefix, tooNew the start of a suffix.
    const retentionMs = group.retentionInDays !== undefined ? group.retentionInDays * DAY_MS : Infinity;
    let tooOldEnd = 0;
    let expiredEnd = 0;
    let tooNewStart = parsed.length;
    parsed.forEach((ev, i) => {
      if (ev.timestamp < now - L.tooOldMs || i < forcedTooOld) tooOldEnd = i + 1;
      if (ev.timestamp < now - retentionMs) expiredEnd = i + 1;
    });
    for (let i = parsed.length - 1; i >= 0 && parsed[i].timestamp > now + L.tooNewMs; i--) tooNewStart = i;
    const first = Math.max(tooOldEnd, expiredEnd);
    for (const ev of parsed.slice(first, tooNewStart)) {
      stream.events.push({ ...ev, ingestionTime: now, eventId: String(++this.eventIds).padStart(56, '0') });
      stream.storedBytes += Buffer.byteLength(ev.message, 'utf8');
    }
    // Storage keeps time order even when batches arrive out of order.
    stream.events.sort((x, y) => x.timestamp - y.timestamp);
    stream.lastIngestionTime = now;

    const out: Body = {};
    const next = String(++this.sequence).padStart(56, '4');
    if (this.sequenceTokens === 'enforced') {
      stream.lastBatch = { token: b.sequenceToken as string | undefined, events: JSON.stringify(parsed) };
      stream.nextToken = next;
    }
    if (this.returnSequenceToken || this.sequenceTokens === 'enforced') out.nextSequenceToken = next;
    const rejected: Body = {};
    if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
    if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
    if (tooNewStart < parsed.length) rejected.tooNewLogEventStartIndex = tooNewStart;
    if (Object.keys(rejected).length > 0) out.rejectedLogEventsInfo = rejected;
    return out;
  }

  // The sequence token rules the service followed before January 2023.
  private checkSequenceToken(stream: LogStream, given: string | undefined, events: { timestamp: number; message: string }[]): void {
    const last = stream.lastBatch;
    if (last && given === last.token && JSON.stringify(events) === last.events) {
      throw new AwsError('DataAlreadyAcceptedException',
        `The given batch of log events has already been accepted. The next batch can be sent with sequenceToken: ${stream.nextToken}`,
        400, { expectedSequenceToken: stream.nextToken });
    }
    if (given !== stream.nextToken) {
      throw new AwsError('InvalidSequenceTokenException',
        `The given sequenceToken is invalid. The next expected sequenceToken is: ${stream.nextToken ?? 'null'}`,
        400, { expectedSequenceToken: stream.nextToken ?? null });
    }
  }

  private getLogEvents(input: unknown): Body {
    const b = checkMembers(input, { logGroupName: 'string', logGroupIdentifier: 'string', logStreamName: 'string', startTime: 'integer', endTime: 'integer', nextToken: 'string', limit: 'integer', startFromHead: 'boolean', unmask: 'boolean' }, ['logStreamName']);
    const all = inTimeRange(this.stream(this.groupNameOf(b), b.logStreamName).events, b);
    const limit = Math.min((b.limit as number | undefined) ?? 10_000, 10_000);
    const token = b.nextToken as string | undefined;
    let from: number;
    let to: number;
    if (token !== undefined) {
      const m = /^([fb])\/(\d+)$/.exec(token);
      if (!m) throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
      const at = Math.min(Number(m[2]), all.length);
      [from, to] = m[1] === 'f' ? [at, Math.min(at + limit, all.length)] : [Math.max(0, at - limit), at];
    } else if (b.startFromHead) {
      [from, to] = [0, Math.min(limit, all.length)];
    } else {
      [from, to] = [Math.max(0, all.length - limit), all.length];
    }
    return {
      events: all.slice(from, to).map(e => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
      nextForwardToken: `f/${to}`,
      nextBackwardToken: `b/${from}`,
    };
  }

  private filterLogEvents(input: unknown): Body {
    const b = checkMembers(input, { logGroupName: 'string', logGroupIdentifier: 'string', logStreamNames: 'array', logStreamNamePrefix: 'string', startTime: 'integer', endTime: 'integer', filterPattern: 'string', nextToken: 'string', limit: 'integer', interleaved: 'boolean', unmask: 'boolean' }, []);
    const g = this.group(this.groupNameOf(b));
    const names = b.logStreamNames as string[] | undefined;
    const prefix = (b.logStreamNamePrefix as string | undefined) ?? '';
    const streams = [...g.streams.values()].filter(s => (names ? names.includes(s.name) : s.name.startsWith(prefix)));
    const matches = termFilter((b.filterPattern as string | undefined) ?? '');
    const all = streams.flatMap(s => inTimeRange(s.events, b).filter(e => matches(e.message)).map(e => ({ ...e, logStreamName: s.name })))
      .sort((x, y) => x.timestamp - y.timestamp || (x.eventId < y.eventId ? -1 : 1));
    const limit = Math.min((b.limit as number | undefined) ?? 10_000, 10_000);
    const start = b.nextToken !== undefined ? Number(/^n\/(\d+)$/.exec(b.nextToken as string)?.[1] ?? NaN) : 0;
    if (Number.isNaN(start)) throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
    const page = all.slice(start, start + limit);
    const out: Body = {
      events: page.map(e => ({ logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId })),
      searchedLogStreams: streams.map(s => ({ logStreamName: s.name, searchedCompletely: true })),
    };
    if (start + limit < all.length) out.nextToken = `n/${start + limit}`;
    return out;
  }
}

function lastEvent(s: LogStream): number {
  return s.events.at(-1)?.timestamp ?? 0;
}

function inTimeRange(events: StoredEvent[], b: Body): StoredEvent[] {
  const start = (b.startTime as number | undefined) ?? -Infinity;
  const end = (b.endTime as number | undefined) ?? Infinity;
  return events.filter(e => e.timestamp >= start && e.timestamp < end);
}

// The term form of the filter pattern syntax: words (all must occur),
// "quoted phrases", ?word (any of the ?-terms) and -word (must not occur).
// JSON/space-delimited patterns are not modelled.
function termFilter(pattern: string): (message: string) => boolean {
  if (/[{}[\]]/.test(pattern) || pattern.startsWith('%')) {
    throw new AwsError('InvalidParameterException', `Filter pattern '${pattern}' uses syntax the mock does not implement (only terms)`);
  }
  const terms = [...pattern.matchAll(/([?-]?)(?:"([^"]*)"|(\S+))/g)].map(m => ({ op: m[1], text: m[2] ?? m[3] }));
  const all = terms.filter(t => t.op === '');
  const any = terms.filter(t => t.op === '?');
  const none = terms.filter(t => t.op === '-');
  return message => all.every(t => message.includes(t.text)) &&
    (any.length === 0 || any.some(t => message.includes(t.text))) &&
    !none.some(t => message.includes(t.text));
}
