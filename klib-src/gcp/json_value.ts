// Checks of one JSON value of a console line (already validated: RFC 8259, well-formed UTF-8)
// against the proto3 JSON form of the LogEntry field it would be lifted into. A value Cloud Logging
// would refuse makes it refuse the whole request, so a member is only lifted when every value in it
// passes these checks; otherwise it stays in the jsonPayload, untouched.
// Values are spans p[start .. end) of the line, strings with their quotes.
// Pure: no kernel calls, so the same code runs under Node in the tests.
import { bytes, s64, u32, u64 } from '../dialect';
import { BytePtr, CString } from '../nanos';
import { isDigit } from '../lib/ascii.ts';

const QUOTE = '"'.charCodeAt(0);
const BACKSLASH = '\\'.charCodeAt(0);
const MINUS = '-'.charCodeAt(0);
const DOT = '.'.charCodeAt(0);

/** The largest Duration: 10,000 years of seconds (google.protobuf.Duration's range). */
export const DURATION_MAX_SECONDS: u64 = 315576000000;

export function isStringValue(p: BytePtr, start: bytes): boolean {
    return p[start] === QUOTE;
}

export function isBooleanValue(p: BytePtr, start: bytes): boolean {
    return p[start] === 't'.charCodeAt(0) || p[start] === 'f'.charCodeAt(0);
}

/** A string without escapes: its characters are its bytes (escaped times or numbers are not lifted). */
export function isPlainString(p: BytePtr, start: bytes, end: bytes): boolean {
    if (end - start < 2 || p[start] !== QUOTE) return false;
    for (let i: bytes = start + 1; i < end - 1; i++) if (p[i] === BACKSLASH) return false;
    return true;
}

/** True when p[start .. end) is one or more decimal digits. */
function allDigits(p: BytePtr, start: bytes, end: bytes): boolean {
    if (start >= end) return false;
    for (let i: bytes = start; i < end; i++) if (!isDigit(p[i])) return false;
    return true;
}

/**
 * The value of a whole number given as digits, bare (a JSON number) or quoted (how proto3 JSON
 * writes 64-bit integers); -1 for anything else (a sign, a fraction, an exponent, an escape) or
 * above `limit` (at most 2^53 / 10, so the arithmetic is exact in TypeScript too).
 */
export function wholeNumberValue(p: BytePtr, start: bytes, end: bytes, limit: u64): s64 {
    if (p[start] === QUOTE) {
        start++;
        end--;
    }
    if (!allDigits(p, start, end)) return -1;
    let v: u64 = 0;
    for (let i: bytes = start; i < end; i++) {
        v = v * 10 + (p[i] - '0'.charCodeAt(0));
        if (v > limit) return -1;
    }
    return v as s64;
}

/**
 * True when the digits p[start .. end) are a magnitude a signed integer of the type whose largest
 * value is `max` (its decimal text, `maxLength` digits) can hold: up to max, or max + 1 when
 * negative (the two's complement minimum; no maximum used here ends in 9, so max + 1 only differs
 * in its last digit).
 */
function fitsSigned(p: BytePtr, start: bytes, end: bytes, negative: boolean, max: CString, maxLength: bytes): boolean {
    let i: bytes = start;
    while (i < end - 1 && p[i] === '0'.charCodeAt(0)) i++;     // leading zeros of a quoted value ("007") do not count
    const n: bytes = end - i;
    if (n !== maxLength) return n < maxLength;
    for (let k: bytes = 0; k < n; k++) {
        const c: u32 = p[i + k];
        const m: u32 = max.charCodeAt(k);
        if (c < m) return true;
        if (c > m) return negative && k === n - 1 && c === m + 1;
    }
    return true;
}

/** Digits with an optional minus (p[start .. end), unquoted) within a signed type's range (fitsSigned). */
function isSignedText(p: BytePtr, start: bytes, end: bytes, max: CString, maxLength: bytes): boolean {
    const negative = start < end && p[start] === MINUS;
    if (negative) start++;
    return allDigits(p, start, end) && fitsSigned(p, start, end, negative, max, maxLength);
}

/**
 * An int64 field's value (HttpRequest.requestSize, LogEntrySourceLocation.line, ...): a quoted
 * integer in the int64 range (proto3 JSON's own form), or a bare one within ±(2^53 - 1), the range
 * every JSON reader holds exactly (RFC 8259 section 6); a larger bare number stays in the payload.
 */
export function isInt64Value(p: BytePtr, start: bytes, end: bytes): boolean {
    if (p[start] === QUOTE) return isSignedText(p, start + 1, end - 1, '9223372036854775807', 19);
    return isSignedText(p, start, end, '9007199254740991', 16);
}

/** An int32 field's value (HttpRequest.status), bare or quoted. */
export function isInt32Value(p: BytePtr, start: bytes, end: bytes): boolean {
    if (p[start] === QUOTE) return isSignedText(p, start + 1, end - 1, '2147483647', 10);
    return isSignedText(p, start, end, '2147483647', 10);
}

/**
 * A google.protobuf.Duration in proto3 JSON: a string of seconds with up to 9 fraction digits and
 * the suffix `s` ("3.5s", "-0.001s", "12s"), within DURATION_MAX_SECONDS either way.
 */
export function isDurationValue(p: BytePtr, start: bytes, end: bytes): boolean {
    if (!isPlainString(p, start, end)) return false;
    let i: bytes = start + 1;
    const last: bytes = end - 2;                  // the `s`
    if (last <= i || p[last] !== 's'.charCodeAt(0)) return false;
    if (p[i] === MINUS) i++;
    const digits: bytes = i;
    let seconds: u64 = 0;
    while (i < last && isDigit(p[i]) && i - digits < 12) {
        seconds = seconds * 10 + (p[i] - '0'.charCodeAt(0));
        i++;
    }
    if (i === digits || seconds > DURATION_MAX_SECONDS) return false;
    if (i === last) return true;
    if (p[i] !== DOT) return false;
    const fraction: bytes = last - (i + 1);
    return fraction >= 1 && fraction <= 9 && allDigits(p, i + 1, last);
}
