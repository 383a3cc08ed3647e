// Cloud Monitoring v3 timeSeries.create, validated strictly against the
// official protos, then per series: at most 200 series, exactly one point
// each, a value matching valueType, GAUGE/CUMULATIVE intervals, and points
// newer than the last one written to the same series.
import { fromProto3JSON, toProto3JSON } from 'proto3-json-serializer';
import { GoogleError, RPC_CODES } from './google-error.ts';
import { monitoringRoot } from './google-protos.ts';
import { timestampNanos, type Json } from './gcp-logging.ts';
import { validateMessage } from './proto-validate.ts';

export const MAX_SERIES_PER_REQUEST = 200;
const VALUE_FIELD: Record<string, string> = {
  BOOL: 'boolValue', INT64: 'int64Value', DOUBLE: 'doubleValue', STRING: 'stringValue', DISTRIBUTION: 'distributionValue',
};
const FUTURE_NS = 5n * 60n * 1_000_000_000n;
const PAST_NS = 25n * 3600n * 1_000_000_000n;

export interface StoredSeries {
  project: string;
  series: Json;        // normalised TimeSeries with its single point
}

function seriesKey(s: Json): string {
  const sorted = (o: unknown) => JSON.stringify(Object.entries((o as Json | undefined) ?? {}).sort());
  const metric = s.metric as Json;
  const resource = s.resource as Json;
  return [metric.type, sorted(metric.labels), resource.type, sorted(resource.labels)].join('|');
}

export class CloudMonitoring {
  readonly written: StoredSeries[] = [];
  private readonly lastEnd = new Map<string, bigint>();
  private readonly root = monitoringRoot();

  constructor(readonly projectIds: string[]) {}

  create(project: string, body: unknown, now = Date.now()): Json {
    if (!this.projectIds.includes(project)) {
      throw new GoogleError('PERMISSION_DENIED', `Permission monitoring.timeSeries.create denied (or the resource may not exist) for projects/${project}.`);
    }
    const type = this.root.lookupType('google.monitoring.v3.CreateTimeSeriesRequest');
    const errors = validateMessage(type, body);
    if (errors.length) throw new GoogleError('INVALID_ARGUMENT', `Invalid JSON payload received. ${errors.join('; ')}`);
    const req = toProto3JSON(fromProto3JSON(type, body as never) as never) as Json;
    const series = (req.timeSeries as Json[] | undefined) ?? [];
    if (series.length === 0) throw new GoogleError('INVALID_ARGUMENT', 'timeSeries: at least one time series is required');
    if (series.length > MAX_SERIES_PER_REQUEST) {
      throw new GoogleError('INVALID_ARGUMENT', `Field timeSeries had an invalid value: A maximum of ${MAX_SERIES_PER_REQUEST} TimeSeries can be written in a single request.`);
    }
    const nowNs = BigInt(now) * 1_000_000n;
    const seen = new Set<string>();
    const failures: { index: number; message: string }[] = [];
    series.forEach((s, index) => {
      const problem = this.check(s, seen, nowNs);
      if (problem) return void failures.push({ index, message: problem });
      const key = seriesKey(s);
      seen.add(key);
      const point = (s.points as Json[])[0];
      this.lastEnd.set(key, timestampNanos((point.interval as Json).endTime as string));
      this.written.push({ project, series: s });
    });
    if (failures.length === 0) return {};
    throw new GoogleError('INVALID_ARGUMENT',
      `One or more TimeSeries could not be written: ${failures.map(f => `timeSeries[${f.index}]: ${f.message}`).join('; ')}`,
      [{
        '@type': 'type.googleapis.com/google.monitoring.v3.CreateTimeSeriesSummary',
        totalPointCount: series.length, successPointCount: series.length - failures.length,
        errors: [{ status: { code: RPC_CODES.INVALID_ARGUMENT }, pointCount: failures.length }],
      }]);
  }

  // Why this series cannot be written, or undefined.
  private check(s: Json, seen: Set<string>, nowNs: bigint): string | undefined {
    const metric = s.metric as Json | undefined;
    const resource = s.resource as Json | undefined;
    if (!metric?.type) return 'metric.type is required';
    if (!resource?.type) return 'resource.type is required';
    const points = (s.points as Json[] | undefined) ?? [];
    if (points.length !== 1) return `Only one point can be written per TimeSeries per request (got ${points.length}).`;
    const key = seriesKey(s);
    if (seen.has(key)) return 'Duplicate TimeSeries encountered. Only one point can be written per TimeSeries per request.';
    const point = points[0];
    const interval = point.interval as Json | undefined;
    if (!interval?.endTime) return 'points[0].interval.endTime is required';
    const end = timestampNanos(interval.endTime as string);
    const value = (point.value as Json | undefined) ?? {};
    const valueFields = Object.keys(value);
    if (valueFields.length !== 1) return 'points[0].value must set exactly one of boolValue, int64Value, doubleValue, stringValue, distributionValue';
    const valueType = s.valueType as string | undefined;
    if (valueType && valueType !== 'VALUE_TYPE_UNSPECIFIED' && VALUE_FIELD[valueType] !== valueFields[0]) {
      return `Value type for metric ${String(metric.type)} must be ${valueType}, but is ${valueFields[0]}.`;
    }
    const kind = (s.metricKind as string | undefined) ?? 'GAUGE';
    if (kind === 'GAUGE' && interval.startTime && timestampNanos(interval.startTime as string) !== end) {
      return 'The start time must be equal to the end time for the gauge metric.';
    }
    if (kind === 'CUMULATIVE' && (!interval.startTime || timestampNanos(interval.startTime as string) >= end)) {
      return 'The start time must be before the end time for the cumulative metric.';
    }
    if (end > nowNs + FUTURE_NS) return 'Points must be written no more than 5 minutes in the future.';
    if (end < nowNs - PAST_NS) return 'Points must be written no more than 25 hours in the past.';
    const last = this.lastEnd.get(key);
    if (last !== undefined && end <= last) {
      return 'Points must be written in order. One or more of the points specified had an older start time than the most recent point.';
    }
    return undefined;
  }

  // Written series of one metric type (optionally with these metric labels).
  find(metricType: string, labels?: Record<string, string>): Json[] {
    return this.written.map(w => w.series).filter(s => {
      const m = s.metric as Json;
      if (m.type !== metricType) return false;
      return !labels || Object.entries(labels).every(([k, v]) => (m.labels as Json | undefined)?.[k] === v);
    });
  }
}
