// Calendar dates from Unix time and back (proleptic Gregorian, UTC), for RFC 3339 timestamps with
// nanoseconds (Cloud Logging) or milliseconds (webhook) and the SigV4 basic ISO 8601 form YYYYMMDD'T'HHMMSS'Z'. Pure.
import { bytes, s64, u32, u64 } from '../dialect';
import { BytePtr } from '../nanos';
import { putDecimal } from './ascii.ts';

/** Unix seconds of 10000-01-01T00:00:00Z: later times have no four-digit year. */
export const TIME_FORMAT_LIMIT: u64 = 253402300800;
/** Length of an RFC 3339 time with nanoseconds: 2026-11-25T09:07:35.123456789Z */
export const RFC3339_NANOS_LENGTH = 30;
/** Length of an RFC 3339 time with milliseconds: 2026-11-25T09:07:35.123Z */
export const RFC3339_MILLIS_LENGTH = 24;
/** Length of a SigV4 date-time: 20261125T090735Z */
export const AMZ_DATE_LENGTH = 16;

/**
 * The date of a day count since 1970-01-01 as year * 10000 + month * 100 + day (the civil-from-days
 * algorithm: 400-year eras starting on March 1st, so leap days fall at the end of a year).
 */
export function civilDate(days: u64): u64 {
    const z: u64 = days + 719468;
    const era: u64 = Math.trunc(z / 146097);
    const dayOfEra: u64 = z - era * 146097;
    const yearOfEra: u64 = Math.trunc((dayOfEra - Math.trunc(dayOfEra / 1460) + Math.trunc(dayOfEra / 36524) -
        Math.trunc(dayOfEra / 146096)) / 365);
    const dayOfYear: u64 = dayOfEra - (365 * yearOfEra + Math.trunc(yearOfEra / 4) - Math.trunc(yearOfEra / 100));
    const mp: u64 = Math.trunc((5 * dayOfYear + 2) / 153);
    const day: u64 = dayOfYear - Math.trunc((153 * mp + 2) / 5) + 1;
    const month: u64 = mp < 10 ? mp + 3 : mp - 9;
    const year: u64 = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return year * 10000 + month * 100 + day;
}

/**
 * Days from 1970-01-01 to year-month-day, negative before it (the days-from-civil algorithm, the
 * inverse of civilDate: years counted from March, so a leap day is the last day of its year).
 * For years 1 to 9999.
 */
export function daysFromCivil(year: s64, month: s64, day: s64): s64 {
    const y: s64 = month <= 2 ? year - 1 : year;
    const era: s64 = Math.trunc(y / 400);
    const yearOfEra: s64 = y - era * 400;
    const monthFromMarch: s64 = month > 2 ? month - 3 : month + 9;
    const dayOfYear: s64 = Math.trunc((153 * monthFromMarch + 2) / 5) + day - 1;
    const dayOfEra: s64 = yearOfEra * 365 + Math.trunc(yearOfEra / 4) - Math.trunc(yearOfEra / 100) + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

// Writes the date and time; `extended` selects 2026-11-25T09:07:35 over 20261125T090735.
function putDateTime(seconds: u64, dst: BytePtr, extended: boolean): bytes {
    const date: u64 = civilDate(Math.trunc(seconds / 86400));
    const time: u32 = (seconds % 86400) as u32;
    let o: bytes = putDecimal(dst, 0, Math.trunc(date / 10000) as u32, 4);
    if (extended) dst[o++] = '-'.charCodeAt(0);
    o = putDecimal(dst, o, Math.trunc((date % 10000) / 100) as u32, 2);
    if (extended) dst[o++] = '-'.charCodeAt(0);
    o = putDecimal(dst, o, (date % 100) as u32, 2);
    dst[o++] = 'T'.charCodeAt(0);
    o = putDecimal(dst, o, Math.trunc(time / 3600), 2);
    if (extended) dst[o++] = ':'.charCodeAt(0);
    o = putDecimal(dst, o, Math.trunc((time % 3600) / 60), 2);
    if (extended) dst[o++] = ':'.charCodeAt(0);
    return putDecimal(dst, o, time % 60, 2);
}

/**
 * Writes seconds + nanos as 2026-11-25T09:07:35.123456789Z (RFC3339_NANOS_LENGTH bytes); returns
 * the length, or 0 when the time is not before TIME_FORMAT_LIMIT or nanos is not below 10^9.
 */
export function formatRfc3339Nanos(seconds: u64, nanos: u32, dst: BytePtr): bytes {
    if (seconds >= TIME_FORMAT_LIMIT || nanos >= 1000000000) return 0;
    let o: bytes = putDateTime(seconds, dst, true);
    dst[o++] = '.'.charCodeAt(0);
    o = putDecimal(dst, o, nanos, 9);
    dst[o++] = 'Z'.charCodeAt(0);
    return o;
}

/**
 * Writes seconds + millis as 2026-11-25T09:07:35.123Z (RFC3339_MILLIS_LENGTH bytes); returns the
 * length, or 0 when the time is not before TIME_FORMAT_LIMIT or millis is not below 1000.
 */
export function formatRfc3339Millis(seconds: u64, millis: u32, dst: BytePtr): bytes {
    if (seconds >= TIME_FORMAT_LIMIT || millis >= 1000) return 0;
    let o: bytes = putDateTime(seconds, dst, true);
    dst[o++] = '.'.charCodeAt(0);
    o = putDecimal(dst, o, millis, 3);
    dst[o++] = 'Z'.charCodeAt(0);
    return o;
}

/** Writes 20261125T090735Z (AMZ_DATE_LENGTH bytes); returns the length, or 0 past the limit. */
export function formatAmzDate(seconds: u64, dst: BytePtr): bytes {
    if (seconds >= TIME_FORMAT_LIMIT) return 0;
    const o: bytes = putDateTime(seconds, dst, false);
    dst[o] = 'Z'.charCodeAt(0);
    return o + 1;
}
