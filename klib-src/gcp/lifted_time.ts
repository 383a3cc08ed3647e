// The time a structured line gives for itself (Google's structured-logging time fields): an RFC 3339
// `time` string, or seconds and nanoseconds since the Unix epoch. Parsed here into UTC seconds and
// nanoseconds, which entries are then written with in our own RFC 3339 form (so whatever the line
// wrote, the timestamp sent is one Cloud Logging takes). Only times Cloud Logging will keep are
// lifted: see withinLiftWindow.
// Pure: no kernel calls, so the same code runs under Node in the tests.
import { bytes, s64, u32, u64 } from '../dialect';
import { BytePtr } from '../nanos';
import { isDigit } from '../lib/ascii.ts';
import { daysFromCivil } from '../lib/time_format.ts';
import { isPlainString } from './json_value.ts';

/**
 * How far before the capture time a lifted time may be. Cloud Logging refuses entries older than
 * the log bucket's retention (30 days for the _Default bucket); a day less leaves room for a batch
 * held back while the API is unreachable.
 */
export const LIFT_PAST_SECONDS: u64 = 29 * 86400;
/**
 * How far after the capture time: Cloud Logging refuses entries more than 24 hours in the future;
 * an hour less leaves room for a VM clock behind Google's.
 */
export const LIFT_FUTURE_SECONDS: u64 = 23 * 3600;
/** The largest `nanos` of a time given as seconds and nanoseconds. */
export const NANOS_LIMIT: u64 = 999999999;

/** Whether a time the line gave may be the entry's timestamp, for a line captured at `captureSeconds`. */
export function withinLiftWindow(seconds: u64, captureSeconds: u64): boolean {
    return seconds + LIFT_PAST_SECONDS >= captureSeconds && seconds <= captureSeconds + LIFT_FUTURE_SECONDS;
}

/** The value of the n digits at p[i], or -1 when one of them is not a digit. */
function digitsAt(p: BytePtr, i: bytes, n: bytes): s64 {
    let v: s64 = 0;
    for (let k: bytes = 0; k < n; k++) {
        const c: u32 = p[i + k];
        if (!isDigit(c)) return -1;
        v = v * 10 + (c - '0'.charCodeAt(0));
    }
    return v;
}

function isLeapYear(year: s64): boolean {
    return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: s64, month: s64): s64 {
    if (month === 2) return isLeapYear(year) ? 29 : 28;
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Offsets in an RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS, then an optional fraction and the zone.
const DATE_TIME_LENGTH = 19;

/** Where the zone of the RFC 3339 text at p[i] (its first digit) starts: after the seconds and any fraction. */
function zoneStart(p: BytePtr, i: bytes, end: bytes): bytes {
    let z: bytes = i + DATE_TIME_LENGTH;
    if (z < end && p[z] === '.'.charCodeAt(0)) {
        z++;
        while (z < end && isDigit(p[z])) z++;
    }
    return z;
}

/**
 * The UTC seconds of an RFC 3339 date-time given as the JSON string p[start .. end) (with quotes),
 * e.g. "2026-11-25T09:07:35.52+01:00"; -1 when it is not one (RFC 3339 section 5.6: `T` and `Z` in
 * either case, a fraction of one or more digits, `Z` or a numeric offset; every field in its range,
 * no leap second) or is before 1970.
 */
export function rfc3339Seconds(p: BytePtr, start: bytes, end: bytes): s64 {
    if (!isPlainString(p, start, end)) return -1;
    const i: bytes = start + 1;
    const last: bytes = end - 1;
    if (last - i < DATE_TIME_LENGTH + 1) return -1;
    if (p[i + 4] !== '-'.charCodeAt(0) || p[i + 7] !== '-'.charCodeAt(0) || (p[i + 10] !== 'T'.charCodeAt(0) &&
        p[i + 10] !== 't'.charCodeAt(0)) ||
        p[i + 13] !== ':'.charCodeAt(0) || p[i + 16] !== ':'.charCodeAt(0)) {
        return -1;
    }
    const year = digitsAt(p, i, 4);
    const month = digitsAt(p, i + 5, 2);
    const day = digitsAt(p, i + 8, 2);
    const hour = digitsAt(p, i + 11, 2);
    const minute = digitsAt(p, i + 14, 2);
    const second = digitsAt(p, i + 17, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 59) {
        return -1;
    }
    if (day > daysInMonth(year, month)) return -1;
    // A fraction needs at least one digit.
    if (p[i + DATE_TIME_LENGTH] === '.'.charCodeAt(0) && !isDigit(p[i + DATE_TIME_LENGTH + 1])) return -1;
    const z: bytes = zoneStart(p, i, last);
    let offset: s64 = 0;
    if (z + 1 === last && (p[z] === 'Z'.charCodeAt(0) || p[z] === 'z'.charCodeAt(0))) {
        offset = 0;
    } else if (z + 6 === last && (p[z] === '+'.charCodeAt(0) || p[z] === '-'.charCodeAt(0)) &&
        p[z + 3] === ':'.charCodeAt(0)) {
        const offsetHours = digitsAt(p, z + 1, 2);
        const offsetMinutes = digitsAt(p, z + 4, 2);
        if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return -1;
        offset = offsetHours * 3600 + offsetMinutes * 60;
        if (p[z] === '-'.charCodeAt(0)) offset = -offset;
    } else {
        return -1;
    }
    // Local time minus its offset is UTC.
    const seconds: s64 = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
    return seconds < 0 ? -1 : seconds;
}

/**
 * The nanoseconds of the fraction of an RFC 3339 text rfc3339Seconds accepted (0 without one);
 * digits past the ninth are dropped, as Timestamp has nanosecond precision.
 */
export function rfc3339Nanos(p: BytePtr, start: bytes, end: bytes): u32 {
    let i: bytes = start + 1 + DATE_TIME_LENGTH;
    if (p[i] !== '.'.charCodeAt(0)) return 0;
    i++;
    let nanos: u32 = 0;
    let scale: u32 = 100000000;
    while (i < end && isDigit(p[i])) {
        nanos += (p[i] - '0'.charCodeAt(0)) * scale;
        scale = Math.trunc(scale / 10);
        i++;
    }
    return nanos;
}
