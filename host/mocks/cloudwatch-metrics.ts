// CloudWatch PutMetricData in both wire forms a klib may use: AWS JSON 1.0
// (what current SDKs and the stock klib send) and awsQuery (form-encoded,
// simplest by hand). Both are decoded to one shape, checked against the
// documented limits, and stored for the test to read.
import { AwsError } from './aws-error.ts';

export interface Dimension { name: string; value: string }

export interface Datapoint {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  timestamp: number;               // ms epoch; the receive time when the client sent none
  value?: number;
  values?: number[];
  counts?: number[];
  statisticValues?: { sampleCount: number; sum: number; minimum: number; maximum: number };
  unit?: string;
  storageResolution?: number;
  protocol: 'json' | 'query';
  timestampGiven: boolean;
}

export const METRIC_UNITS = ['Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes',
  'Gigabytes', 'Terabytes', 'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count',
  'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second',
  'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second',
  'Count/Second', 'None'];

const MAX_METRICS = 1000;
const MAX_DIMENSIONS = 30;
const MAX_VALUES = 150;
const MAX_ABS_VALUE = 2 ** 360;
const PAST_LIMIT_MS = 14 * 24 * 3600 * 1000;
const FUTURE_LIMIT_MS = 2 * 3600 * 1000;

const invalid = (message: string) => new AwsError('InvalidParameterValueException', message);
const combination = (message: string) => new AwsError('InvalidParameterCombinationException', message);
const missing = (name: string) => new AwsError('MissingRequiredParameterException', `The parameter ${name} is required.`);

// The query-protocol code of each error (what an awsQuery client sees in <Code>).
export const QUERY_CODES: Record<string, string> = {
  InvalidParameterValueException: 'InvalidParameterValue',
  InvalidParameterCombinationException: 'InvalidParameterCombination',
  MissingRequiredParameterException: 'MissingParameter',
  SerializationException: 'MalformedInput',
  ThrottlingException: 'Throttling',
  ServiceUnavailableException: 'ServiceUnavailable',
  InternalFailure: 'InternalFailure',
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  IncompleteSignatureException: 'IncompleteSignature',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  ExpiredTokenException: 'ExpiredToken',
  RequestEntityTooLargeException: 'RequestEntityTooLarge',
};

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Unknown members are refused (a typo would otherwise lose data silently).
function only(o: Obj, where: string, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new AwsError('SerializationException', `Unknown member '${where}${k}'`);
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number') throw new AwsError('SerializationException', `${where} must be a number`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new AwsError('SerializationException', `${where} must be a string`);
  return v;
}

// JSON 1.0 body: {"Namespace", "MetricData":[{MetricName, Dimensions:[{Name,Value}],
// Timestamp (epoch seconds), Value | Values+Counts | StatisticValues, Unit, StorageResolution}]}
export function decodeJsonPutMetricData(body: unknown, now: number): Datapoint[] {
  if (!isObj(body)) throw new AwsError('SerializationException', 'request must be a JSON object');
  only(body, '', ['Namespace', 'MetricData', 'EntityMetricData', 'StrictEntityValidation']);
  if (body.Namespace === undefined) throw missing('Namespace');
  if (body.MetricData === undefined) throw missing('MetricData');
  const namespace = str(body.Namespace, 'Namespace');
  if (!Array.isArray(body.MetricData)) throw new AwsError('SerializationException', 'MetricData must be a list');
  return body.MetricData.map((m, i): Datapoint => {
    const where = `MetricData.member.${i + 1}.`;
    if (!isObj(m)) throw new AwsError('SerializationException', `${where} must be an object`);
    only(m, where, ['MetricName', 'Dimensions', 'Timestamp', 'Value', 'StatisticValues', 'Values', 'Counts', 'Unit', 'StorageResolution']);
    const dims = m.Dimensions === undefined ? [] : m.Dimensions;
    if (!Array.isArray(dims)) throw new AwsError('SerializationException', `${where}Dimensions must be a list`);
    const sv = m.StatisticValues;
    if (sv !== undefined && !isObj(sv)) throw new AwsError('SerializationException', `${where}StatisticValues must be an object`);
    if (sv) only(sv, `${where}StatisticValues.`, ['SampleCount', 'Sum', 'Minimum', 'Maximum']);
    const list = (v: unknown, name: string) => {
      if (v === undefined) return undefined;
      if (!Array.isArray(v)) throw new AwsError('SerializationException', `${where}${name} must be a list`);
      return v.map((x, k) => num(x, `${where}${name}.member.${k + 1}`));
    };
    return {
      namespace,
      metricName: m.MetricName === undefined ? (() => { throw missing(`${where}MetricName`); })() : str(m.MetricName, `${where}MetricName`),
      dimensions: dims.map((d, k) => {
        const dw = `${where}Dimensions.member.${k + 1}.`;
        if (!isObj(d)) throw new AwsError('SerializationException', `${dw} must be an object`);
        only(d, dw, ['Name', 'Value']);
        if (d.Name === undefined) throw missing(`${dw}Name`);
        if (d.Value === undefined) throw missing(`${dw}Value`);
        return { name: str(d.Name, `${dw}Name`), value: str(d.Value, `${dw}Value`) };
      }),
      timestamp: m.Timestamp === undefined ? now : Math.round(num(m.Timestamp, `${where}Timestamp`) * 1000),
      timestampGiven: m.Timestamp !== undefined,
      value: m.Value === undefined ? undefined : num(m.Value, `${where}Value`),
      values: list(m.Values, 'Values'),
      counts: list(m.Counts, 'Counts'),
      statisticValues: sv ? {
        sampleCount: num(sv.SampleCount, `${where}StatisticValues.SampleCount`), sum: num(sv.Sum, `${where}StatisticValues.Sum`),
        minimum: num(sv.Minimum, `${where}StatisticValues.Minimum`), maximum: num(sv.Maximum, `${where}StatisticValues.Maximum`),
      } : undefined,
      unit: m.Unit === undefined ? undefined : str(m.Unit, `${where}Unit`),
      storageResolution: m.StorageResolution === undefined ? undefined : num(m.StorageResolution, `${where}StorageResolution`),
      protocol: 'json',
    };
  });
}

// awsQuery form: Action=PutMetricData&Version=2010-08-01&Namespace=...&MetricData.member.N.*
export function decodeQueryPutMetricData(params: URLSearchParams, now: number): Datapoint[] {
  if (params.get('Version') !== '2010-08-01') throw invalid(`Version must be 2010-08-01, got ${params.get('Version')}`);
  const namespace = params.get('Namespace');
  if (namespace === null) throw missing('Namespace');
  const members = new Map<number, Map<string, string>>();
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version' || key === 'Namespace') continue;
    const m = /^MetricData\.member\.(\d+)\.(.+)$/.exec(key);
    if (!m) throw invalid(`Unknown parameter ${key}`);
    const n = Number(m[1]);
    if (!members.has(n)) members.set(n, new Map());
    members.get(n)!.set(m[2], value);
  }
  if (members.size === 0) throw missing('MetricData');
  const indexes = [...members.keys()].sort((a, b) => a - b);
  indexes.forEach((n, i) => { if (n !== i + 1) throw invalid(`MetricData.member indexes must be 1..N without gaps (found ${n})`); });
  return indexes.map(n => {
    const f = members.get(n)!;
    const where = `MetricData.member.${n}.`;
    const number = (k: string) => {
      const v = f.get(k);
      if (v === undefined) return undefined;
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw invalid(`The value ${v} for parameter ${where}${k} is not a number.`);
      return Number(v);
    };
    const listed = (name: string) => {
      const items: number[] = [];
      for (let k = 1; f.has(`${name}.member.${k}`); k++) items.push(number(`${name}.member.${k}`)!);
      return items.length ? items : undefined;
    };
    const dimensions: Dimension[] = [];
    for (let k = 1; f.has(`Dimensions.member.${k}.Name`) || f.has(`Dimensions.member.${k}.Value`); k++) {
      const name = f.get(`Dimensions.member.${k}.Name`);
      const value = f.get(`Dimensions.member.${k}.Value`);
      if (name === undefined) throw missing(`${where}Dimensions.member.${k}.Name`);
      if (value === undefined) throw missing(`${where}Dimensions.member.${k}.Value`);
      dimensions.push({ name, value });
    }
    const known = /^(MetricName|Timestamp|Value|Unit|StorageResolution|StatisticValues\.(SampleCount|Sum|Minimum|Maximum)|Dimensions\.member\.\d+\.(Name|Value)|(Values|Counts)\.member\.\d+)$/;
    for (const k of f.keys()) if (!known.test(k)) throw invalid(`Unknown parameter ${where}${k}`);
    const ts = f.get('Timestamp');
    const tsMs = ts === undefined ? now : Date.parse(ts);
    if (Number.isNaN(tsMs)) throw invalid(`The parameter ${where}Timestamp must be an ISO 8601 time: ${ts}`);
    const metricName = f.get('MetricName');
    if (metricName === undefined) throw missing(`${where}MetricName`);
    const hasStats = [...f.keys()].some(k => k.startsWith('StatisticValues.'));
    return {
      namespace, metricName, dimensions, timestamp: tsMs, timestampGiven: ts !== undefined,
      value: number('Value'), values: listed('Values'), counts: listed('Counts'),
      statisticValues: hasStats ? {
        sampleCount: number('StatisticValues.SampleCount') ?? NaN, sum: number('StatisticValues.Sum') ?? NaN,
        minimum: number('StatisticValues.Minimum') ?? NaN, maximum: number('StatisticValues.Maximum') ?? NaN,
      } : undefined,
      unit: f.get('Unit'), storageResolution: number('StorageResolution'), protocol: 'query',
    };
  });
}

function checkValue(v: number, where: string): void {
  if (!Number.isFinite(v) || Math.abs(v) > MAX_ABS_VALUE) throw invalid(`The value ${v} for parameter ${where} is invalid (NaN, Infinity and |v| > 2^360 are not supported).`);
}

// The documented PutMetricData limits, common to both protocols.
export function checkPutMetricData(points: Datapoint[], now: number): void {
  if (points.length < 1 || points.length > MAX_METRICS) throw invalid(`The collection MetricData must not have more than ${MAX_METRICS} members (got ${points.length}).`);
  const ns = points[0].namespace;
  if (ns.length < 1 || ns.length > 255 || ns.startsWith(':') || !/^[\x20-\x7e]+$/.test(ns)) throw invalid(`The value ${ns} for parameter Namespace is invalid.`);
  if (ns.startsWith('AWS/')) throw invalid('The value AWS/ for parameter Namespace is invalid.');
  points.forEach((p, i) => {
    const where = `MetricData.member.${i + 1}.`;
    if (p.metricName.length < 1 || p.metricName.length > 255) throw invalid(`The value for parameter ${where}MetricName is invalid.`);
    if (p.dimensions.length > MAX_DIMENSIONS) throw invalid(`The collection ${where}Dimensions must not have more than ${MAX_DIMENSIONS} members.`);
    for (const d of p.dimensions) {
      if (d.name.length < 1 || d.name.length > 255) throw invalid(`Dimension name '${d.name}' must be 1-255 characters.`);
      if (d.value.length < 1 || d.value.length > 1024) throw invalid(`Dimension value for '${d.name}' must be 1-1024 characters.`);
    }
    const forms = [p.value !== undefined, p.values !== undefined, p.statisticValues !== undefined].filter(Boolean).length;
    if (forms > 1) throw combination(`At most one of ${where}Value, ${where}Values and ${where}StatisticValues may be given.`);
    if (forms === 0) throw missing(`${where}Value`);
    if (p.value !== undefined) checkValue(p.value, `${where}Value`);
    if (p.values) {
      if (p.values.length > MAX_VALUES) throw invalid(`The collection ${where}Values must not have more than ${MAX_VALUES} members.`);
      p.values.forEach((v, k) => checkValue(v, `${where}Values.member.${k + 1}`));
      if (p.counts && p.counts.length !== p.values.length) throw combination(`${where}Values and ${where}Counts must have the same length.`);
    } else if (p.counts) {
      throw combination(`${where}Counts requires ${where}Values.`);
    }
    if (p.statisticValues) {
      const s = p.statisticValues;
      for (const [k, v] of Object.entries(s)) checkValue(v, `${where}StatisticValues.${k}`);
      if (s.sampleCount <= 0 || s.minimum > s.maximum) throw invalid(`${where}StatisticValues must have SampleCount > 0 and Minimum <= Maximum.`);
    }
    if (p.unit !== undefined && !METRIC_UNITS.includes(p.unit)) throw invalid(`The value ${p.unit} for parameter ${where}Unit is invalid.`);
    if (p.storageResolution !== undefined && p.storageResolution !== 1 && p.storageResolution !== 60) {
      throw invalid(`The value ${p.storageResolution} for parameter ${where}StorageResolution is invalid (1 or 60).`);
    }
    if (p.timestamp < now - PAST_LIMIT_MS || p.timestamp > now + FUTURE_LIMIT_MS) {
      throw invalid(`The parameter ${where}Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.`);
    }
  });
}

export class CloudWatchMetrics {
  readonly datapoints: Datapoint[] = [];

  put(points: Datapoint[], now: number): void {
    checkPutMetricData(points, now);
    this.datapoints.push(...points);
  }

  // Datapoints of one metric (optionally one namespace), in arrival order.
  find(metricName: string, namespace?: string): Datapoint[] {
    return this.datapoints.filter(p => p.metricName === metricName && (namespace === undefined || p.namespace === namespace));
  }
}
