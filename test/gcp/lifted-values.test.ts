// The value checks and time parsing behind the lifting of structured lines (klib-src/gcp/json_value.ts
// and lifted_time.ts are pure: the same TypeScript runs here under Node; the compiled C is checked
// end to end by structured-fields.test.ts). Every form the checks accept is also checked against the
// mock's validation with Google's protos, so "accepted here" means "accepted by the API".
import t from 'tap';
import {
  DURATION_MAX_SECONDS, isDurationValue, isInt32Value, isInt64Value, wholeNumberValue,
} from '../../klib-src/gcp/json_value.ts';
import {
  LIFT_FUTURE_SECONDS, LIFT_PAST_SECONDS, rfc3339Nanos, rfc3339Seconds, withinLiftWindow,
} from '../../klib-src/gcp/lifted_time.ts';
import { daysFromCivil } from '../../klib-src/lib/time_format.ts';
import { loggingRoot } from '../../host/mocks/google-protos.ts';
import { validateMessage } from '../../host/mocks/proto-validate.ts';

const span = (json: string) => Buffer.from(json, 'utf8');
const int64 = (json: string) => { const b = span(json); return isInt64Value(b, 0, b.length); };
const int32 = (json: string) => { const b = span(json); return isInt32Value(b, 0, b.length); };
const duration = (json: string) => { const b = span(json); return isDurationValue(b, 0, b.length); };
const whole = (json: string, limit: number) => { const b = span(json); return wholeNumberValue(b, 0, b.length, limit); };
const seconds = (json: string) => { const b = span(json); return rfc3339Seconds(b, 0, b.length); };
const nanos = (json: string) => { const b = span(json); return rfc3339Nanos(b, 0, b.length); };

// What the mock (Google's protos, strictly) says about an HttpRequest with this member.
const httpRequest = loggingRoot().lookupType('google.logging.type.HttpRequest');
const protoAccepts = (member: string, json: string) => validateMessage(httpRequest, JSON.parse(`{"${member}":${json}}`)).length === 0;

t.test('int64 and int32 values: bare or quoted digits, in range', async t => {
  const good64 = ['0', '12', '-7', '"12"', '"-12"', '"007"', '9007199254740991', '-9007199254740991',
    '"9223372036854775807"', '"-9223372036854775808"', '"0009223372036854775807"'];
  // A bare number beyond 2^53 is not exact in every JSON reader (the mock's JSON.parse rounds it):
  // only the quoted form carries the full int64 range.
  const bad64 = ['12.5', '1e3', '"12.5"', '"1e3"', '"abc"', '""', '"-"', '9007199254740993', '9223372036854775807',
    '"9223372036854775808"', '"-9223372036854775809"', '"18446744073709551616"', 'true', 'null', '"\\u0031"', '" 12"', '{}'];
  for (const v of good64) {
    t.ok(int64(v), `int64 ${v}`);
    t.ok(protoAccepts('requestSize', v), `the API takes requestSize ${v}`);
  }
  for (const v of bad64) t.notOk(int64(v), `not int64 ${v}`);
  const good32 = ['200', '"404"', '2147483647', '-2147483648', '"-2147483648"'];
  const bad32 = ['2147483648', '-2147483649', '"4294967296"', '"2xx"'];
  for (const v of good32) {
    t.ok(int32(v), `int32 ${v}`);
    t.ok(protoAccepts('status', v), `the API takes status ${v}`);
  }
  for (const v of bad32) {
    t.notOk(int32(v), `not int32 ${v}`);
    t.notOk(protoAccepts('status', v), `the API refuses status ${v}`);
  }
  t.notOk(int32('200.0'), 'a number with a fraction is not lifted, even a zero one');
});

t.test('Duration values: seconds with up to 9 fraction digits and "s", within 10,000 years', async t => {
  const good = ['"3.5s"', '"0s"', '"12s"', '"-0.001s"', '"0.000000001s"', '"315576000000s"', '"-315576000000.999999999s"', '"007s"'];
  const bad = ['"3.5"', '"3.5 s"', '" 3.5s"', '"3.s"', '".5s"', '"s"', '"-s"', '"1.0000000001s"', '"315576000001s"',
    '"1000000000000s"', '"1e3s"', '"3.5S"', '3.5', '"PT3S"', '"\\u0033s"', 'true'];
  for (const v of good) {
    t.ok(duration(v), `Duration ${v}`);
    t.ok(protoAccepts('latency', v), `the API takes latency ${v}`);
  }
  for (const v of bad) {
    t.notOk(duration(v), `not a Duration ${v}`);
  }
  for (const v of ['"315576000001s"', '"1.0000000001s"', '"3.5"', '"1e3s"']) t.notOk(protoAccepts('latency', v), `the API refuses latency ${v}`);
  t.equal(DURATION_MAX_SECONDS, 315576000000);
});

t.test('whole numbers for timestamp seconds and nanos', async t => {
  t.equal(whole('1700000000', 253402300799), 1700000000);
  t.equal(whole('"1700000000"', 253402300799), 1700000000, 'a string of digits');
  t.equal(whole('999999999', 999999999), 999999999);
  t.equal(whole('1000000000', 999999999), -1, 'above the limit');
  for (const v of ['-1', '1.5', '1e9', '"1.5"', '""', '"x"', 'null', 'true', '[1]', '{"a":1}', '"\\u0031"']) {
    t.equal(whole(v, 999999999), -1, `not a whole number: ${v}`);
  }
});

t.test('RFC 3339 times: the forms and ranges the time field takes', async t => {
  const valid: [string, string][] = [
    ['"2026-11-25T09:07:35Z"', '2026-11-25T09:07:35Z'],
    ['"2026-11-25T09:07:35.52Z"', '2026-11-25T09:07:35.520Z'],
    ['"2026-11-25t09:07:35z"', '2026-11-25T09:07:35Z'],
    ['"2026-11-25T09:07:35+01:00"', '2026-11-25T08:07:35Z'],
    ['"2026-11-25T00:30:00-05:30"', '2026-11-25T06:00:00Z'],
    ['"2026-01-01T00:30:00+01:00"', '2025-12-31T23:30:00Z'],
    ['"2024-02-29T12:00:00Z"', '2024-02-29T12:00:00Z'],
    ['"2000-02-29T23:59:59.999999999Z"', '2000-02-29T23:59:59.999Z'],
    ['"1970-01-01T00:00:00Z"', '1970-01-01T00:00:00Z'],
    ['"9999-12-31T23:59:59Z"', '9999-12-31T23:59:59Z'],
  ];
  for (const [json, iso] of valid) t.equal(seconds(json), Math.floor(Date.parse(iso) / 1000), json);
  const invalid = [
    '"2026-11-25 09:07:35Z"', '"2026-11-25T09:07:35"', '"2026-11-25T09:07Z"', '"2026-11-25T09:07:35.Z"',
    '"2026-11-25T09:07:35+0100"', '"2026-11-25T09:07:35+01"', '"2026-11-25T09:07:35+24:00"', '"2026-11-25T09:07:35+01:60"',
    '"2023-02-29T00:00:00Z"', '"1900-02-29T00:00:00Z"', '"2026-04-31T00:00:00Z"', '"2026-13-01T00:00:00Z"',
    '"2026-00-10T00:00:00Z"', '"2026-11-00T00:00:00Z"', '"2026-11-25T24:00:00Z"', '"2026-11-25T23:60:00Z"',
    '"2016-12-31T23:59:60Z"', '"1969-12-31T23:59:59Z"', '"1970-01-01T00:30:00+01:00"', '"26-11-25T09:07:35Z"',
    '"2026-11-25T09:07:35ZZ"', '"2026-11-25T09:07:35Z "', '" 2026-11-25T09:07:35Z"', '"+2026-11-25T09:07:35Z"',
    '"2026-11-25T09:07:35\\u005a"', '"2026-1-25T09:07:35Z"', '"2026-11-25T9:07:35Z"', '1700000000', '"1700000000"',
    '"Wed, 25 Nov 2026 09:07:35 GMT"', '""', 'null', '{"seconds":1}',
  ];
  for (const json of invalid) t.equal(seconds(json), -1, `not RFC 3339: ${json}`);
});

t.test('RFC 3339 fractions: nanoseconds, digits past the ninth dropped', async t => {
  t.equal(nanos('"2026-11-25T09:07:35Z"'), 0);
  t.equal(nanos('"2026-11-25T09:07:35.5Z"'), 500000000);
  t.equal(nanos('"2026-11-25T09:07:35.000000001Z"'), 1);
  t.equal(nanos('"2026-11-25T09:07:35.123456789+02:00"'), 123456789);
  t.equal(nanos('"2026-11-25T09:07:35.1234567891234Z"'), 123456789, 'truncated to nanoseconds');
});

t.test('days from civil agrees with the calendar', async t => {
  const days: number[] = [];
  for (let day = 0; day < 2932897; day += 97) days.push(day);
  days.push(2932896);
  const computed = days.map(day => {
    const d = new Date(day * 86400000);
    return daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  });
  t.same(computed, days, '1970-01-01 to 9999-12-31, every 97th day');
});

t.test('the lift window: Cloud Logging keeps the time', async t => {
  const now = 1800000000;
  t.ok(withinLiftWindow(now, now));
  t.ok(withinLiftWindow(now - LIFT_PAST_SECONDS, now), '29 days back');
  t.notOk(withinLiftWindow(now - LIFT_PAST_SECONDS - 1, now));
  t.ok(withinLiftWindow(now + LIFT_FUTURE_SECONDS, now), '23 hours ahead');
  t.notOk(withinLiftWindow(now + LIFT_FUTURE_SECONDS + 1, now));
  t.ok(LIFT_PAST_SECONDS < 30 * 86400 && LIFT_FUTURE_SECONDS < 86400, 'inside what the API takes');
});
