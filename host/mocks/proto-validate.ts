// Strict proto3 JSON validation of a request body against a message type.
// protobufjs' own fromObject/verify coerce types and ignore unknown keys, so
// this walks the JSON itself and reports what Google's JSON parser refuses:
// unknown fields, a oneof set twice, enum names or numbers that do not
// exist, timestamps that are not RFC 3339 or outside Timestamp's range,
// durations that are not "<seconds>[.<up to 9 digits>]s" within ±10,000 years,
// int64 values that are neither an integer nor a decimal string, scalars
// of the wrong type, and null for anything but a google.protobuf.Value.
import protobuf from 'protobufjs';

export interface ValidateOptions {
  // Google's parser also accepts enum numbers (the official Node client sends
  // them); set false to insist on names.
  allowEnumNumbers?: boolean;
}

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64']);
const UINT64 = new Set(['uint64', 'fixed64']);
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const DURATION = /^-?(\d{1,12})(\.\d{1,9})?s$/;
// google.protobuf.Duration: seconds within ±315,576,000,000 (10,000 years).
const DURATION_MAX_SECONDS = 315_576_000_000;
// google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, in UTC seconds.
const TIMESTAMP_MIN_SECONDS = -62_135_596_800;
const TIMESTAMP_MAX_SECONDS = 253_402_300_799;

function snake(name: string): string {
  return name.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateMessage(type: protobuf.Type, value: unknown, options: ValidateOptions = {}, path = ''): string[] {
  const errors: string[] = [];
  message(type, value, path || type.name, errors, options);
  return errors;
}

function message(type: protobuf.Type, value: unknown, path: string, errors: string[], o: ValidateOptions): void {
  const wkt = WELL_KNOWN[type.fullName];
  if (wkt) {
    const err = wkt(value, type, path, errors, o);
    if (err) errors.push(`${path}: ${err}`);
    return;
  }
  if (!isObject(value)) {
    errors.push(`${path}: expected an object for ${type.fullName}`);
    return;
  }
  const byJsonName = new Map<string, protobuf.Field>();
  for (const f of type.fieldsArray) {
    byJsonName.set(f.name, f);
    byJsonName.set(snake(f.name), f);
  }
  const seen = new Set<protobuf.Field>();
  for (const [key, v] of Object.entries(value)) {
    const f = byJsonName.get(key);
    if (!f) {
      errors.push(`${path}: Unknown name "${key}": Cannot find field.`);
      continue;
    }
    if (seen.has(f)) errors.push(`${path}: field ${f.name} given twice (as JSON name and proto name)`);
    seen.add(f);
    // proto3 JSON reads null as "unset", but Google's own Node serializer (proto3-json-serializer)
    // refuses null for anything but a google.protobuf.Value: stricter than the service, on purpose.
    if (v === null && f.resolvedType?.fullName !== '.google.protobuf.Value') {
      errors.push(`${path}.${key}: null is only taken for a google.protobuf.Value`);
      continue;
    }
    field(f, v, `${path}.${key}`, errors, o);
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter(f => seen.has(f) && (value[f.name] ?? value[snake(f.name)]) !== null);
    if (set.length > 1) errors.push(`${path}: oneof field '${oneof.name}' is already set. Cannot set '${set[1].name}'`);
  }
}

function field(f: protobuf.Field, v: unknown, path: string, errors: string[], o: ValidateOptions): void {
  if (f.map) {
    if (!isObject(v)) return void errors.push(`${path}: expected an object (map)`);
    const keyType = (f as unknown as protobuf.MapField).keyType;
    for (const [k, item] of Object.entries(v)) {
      if (keyType !== 'string') {
        const e = scalar(keyType, k, `${path}[${k}]`);
        if (e) errors.push(`${path}: invalid map key ${JSON.stringify(k)}: ${e}`);
      }
      single(f, item, `${path}[${JSON.stringify(k)}]`, errors, o);
    }
    return;
  }
  if (f.repeated) {
    if (!Array.isArray(v)) return void errors.push(`${path}: expected an array`);
    v.forEach((item, i) => single(f, item, `${path}[${i}]`, errors, o));
    return;
  }
  single(f, v, path, errors, o);
}

function single(f: protobuf.Field, v: unknown, path: string, errors: string[], o: ValidateOptions): void {
  const t = f.resolvedType;
  if (t instanceof protobuf.Type) return message(t, v, path, errors, o);
  if (t instanceof protobuf.Enum) {
    if (typeof v === 'string') {
      if (!(v in t.values)) errors.push(`${path}: Invalid value for enum type ${t.fullName.slice(1)}: ${JSON.stringify(v)}`);
    } else if (typeof v === 'number' && Number.isInteger(v) && o.allowEnumNumbers !== false) {
      if (!Object.values(t.values).includes(v)) errors.push(`${path}: Invalid value for enum type ${t.fullName.slice(1)}: ${v}`);
    } else {
      errors.push(`${path}: Invalid value for enum type ${t.fullName.slice(1)}: ${JSON.stringify(v)}`);
    }
    return;
  }
  const e = scalar(f.type, v, path);
  if (e) errors.push(`${path}: ${e}`);
}

// undefined when v is a valid proto3 JSON value of the scalar type.
function scalar(type: string, v: unknown, _path: string): string | undefined {
  if (type === 'string') return typeof v === 'string' ? undefined : `Invalid value for string: ${JSON.stringify(v)}`;
  if (type === 'bool') return typeof v === 'boolean' ? undefined : `Invalid value for bool: ${JSON.stringify(v)}`;
  if (type === 'bytes') {
    return typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v) ? undefined : `Invalid value for bytes (base64): ${JSON.stringify(v)}`;
  }
  if (type === 'double' || type === 'float') {
    if (typeof v === 'number') return undefined;
    if (typeof v === 'string' && (/^(NaN|-?Infinity)$/.test(v) || (v.trim() !== '' && Number.isFinite(Number(v))))) return undefined;
    return `Invalid value for ${type}: ${JSON.stringify(v)}`;
  }
  const integer = (lo: bigint, hi: bigint): string | undefined => {
    let n: bigint;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) return `Invalid value for ${type}: ${v} is not an integer`;
      n = BigInt(v);
    } else if (typeof v === 'string' && /^-?\d+$/.test(v)) {
      n = BigInt(v);
    } else {
      return `Invalid value for ${type}: ${JSON.stringify(v)}`;
    }
    return n < lo || n > hi ? `Invalid value for ${type}: ${String(v)} is out of range` : undefined;
  };
  if (INT32.has(type)) return integer(-(2n ** 31n), 2n ** 31n - 1n);
  if (UINT32.has(type)) return integer(0n, 2n ** 32n - 1n);
  if (INT64.has(type)) return integer(-(2n ** 63n), 2n ** 63n - 1n);
  if (UINT64.has(type)) return integer(0n, 2n ** 64n - 1n);
  return `unsupported scalar type ${type}`;
}

export function validTimestamp(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = RFC3339.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const day = new Date(0);
  day.setUTCFullYear(y, mo, 0);              // the last day of the month (years below 100 too)
  if (d > day.getUTCDate()) return false;
  const [sign, oh, om] = [m[8], Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (oh > 23 || om > 59) return false;
  // The instant, in UTC, must be within Timestamp's range: an offset can move a time past either end.
  const local = new Date(0);
  local.setUTCFullYear(y, mo - 1, d);
  local.setUTCHours(h, mi, s, 0);
  const utc = local.getTime() / 1000 - (sign === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  return utc >= TIMESTAMP_MIN_SECONDS && utc <= TIMESTAMP_MAX_SECONDS;
}

function validDuration(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = DURATION.exec(v);
  return m !== null && Number(m[1]) <= DURATION_MAX_SECONDS;
}

type Wkt = (v: unknown, t: protobuf.Type, path: string, errors: string[], o: ValidateOptions) => string | undefined;

const wrapper = (scalarType: string): Wkt => v => scalar(scalarType, v, '');

const WELL_KNOWN: Record<string, Wkt> = {
  '.google.protobuf.Timestamp': v => (validTimestamp(v) ? undefined : `Invalid value for google.protobuf.Timestamp (RFC 3339 expected): ${JSON.stringify(v)}`),
  '.google.protobuf.Duration': v => (validDuration(v) ? undefined : `Invalid value for google.protobuf.Duration: ${JSON.stringify(v)}`),
  '.google.protobuf.FieldMask': v => (typeof v === 'string' ? undefined : 'FieldMask must be a string'),
  '.google.protobuf.Struct': v => (isObject(v) ? undefined : 'Struct must be a JSON object'),
  '.google.protobuf.Value': () => undefined,
  '.google.protobuf.ListValue': v => (Array.isArray(v) ? undefined : 'ListValue must be a JSON array'),
  '.google.protobuf.Empty': v => (isObject(v) && Object.keys(v).length === 0 ? undefined : 'Empty must be {}'),
  '.google.protobuf.DoubleValue': wrapper('double'),
  '.google.protobuf.FloatValue': wrapper('float'),
  '.google.protobuf.Int64Value': wrapper('int64'),
  '.google.protobuf.UInt64Value': wrapper('uint64'),
  '.google.protobuf.Int32Value': wrapper('int32'),
  '.google.protobuf.UInt32Value': wrapper('uint32'),
  '.google.protobuf.BoolValue': wrapper('bool'),
  '.google.protobuf.StringValue': wrapper('string'),
  '.google.protobuf.BytesValue': wrapper('bytes'),
  // {"@type": "type.googleapis.com/pkg.Msg", ...fields}: the type must be known.
  '.google.protobuf.Any': (v, t, path, errors, o) => {
    if (!isObject(v) || typeof v['@type'] !== 'string') return 'Any needs an "@type"';
    const name = v['@type'].replace(/^.*\//, '');
    let inner: protobuf.Type;
    try {
      inner = t.root.lookupType(name);
    } catch {
      return `Any: unknown type ${JSON.stringify(v['@type'])}`;
    }
    const { '@type': _, ...rest } = v;
    if (WELL_KNOWN[inner.fullName]) message(inner, rest.value, `${path}.value`, errors, o);
    else message(inner, rest, path, errors, o);
    return undefined;
  },
};
