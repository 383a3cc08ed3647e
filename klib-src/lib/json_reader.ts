// A small JSON reader for the documents klibs receive (credentials, tokens, `__type`/`message`
// errors, google.rpc.Status, rejectedLogEventsInfo): it validates a whole document against
// RFC 8259 with limits on size and nesting depth, and finds a value by a dotted path of member
// names and array indexes ("error.details.0.reason"). Nothing is allocated: values are spans of
// the document. Every read is bounds-checked, whatever the input. Pure.
import { bytes, s32, s64, u32 } from '../dialect';
import { BytePtr, CString } from '../nanos';
import { hexDigitValue, isDigit } from './ascii.ts';

export const JSON_OK = 0;
export const JSON_E_SYNTAX = -1;
export const JSON_E_DEPTH = -2;
export const JSON_E_SIZE = -3;

export const enum JsonKind { None, Null, False, True, Number, String, Array, Object }

/** Reader state over one document; set doc, length and the limits, then call jsonValidate. */
export interface JsonReader {
    doc: BytePtr;
    length: bytes;
    maxDepth: u32;
    maxSize: bytes;
    pos: bytes;
    depth: u32;
    error: s32;
}

/** A value found in the document: for a string, the raw text between the quotes. */
export interface JsonValue {
    kind: JsonKind;
    start: bytes;
    length: bytes;
}

function skipSpace(r: JsonReader): void {
    while (r.pos < r.length) {
        const c: u32 = r.doc[r.pos];
        if (c !== ' '.charCodeAt(0) && c !== '\t'.charCodeAt(0) && c !== '\n'.charCodeAt(0) &&
            c !== '\r'.charCodeAt(0)) return;
        r.pos++;
    }
}

function fail(r: JsonReader, error: s32): boolean {
    if (r.error === JSON_OK) r.error = error;
    return false;
}

function expectLiteral(r: JsonReader, text: CString, n: bytes): boolean {
    if (r.length - r.pos < n) return fail(r, JSON_E_SYNTAX);
    for (let i: bytes = 0; i < n; i++) {
        if (r.doc[r.pos + i] !== text.charCodeAt(i)) return fail(r, JSON_E_SYNTAX);
    }
    r.pos += n;
    return true;
}

function skipDigits(r: JsonReader): bytes {
    const start: bytes = r.pos;
    while (r.pos < r.length && isDigit(r.doc[r.pos])) r.pos++;
    return r.pos - start;
}

function scanNumber(r: JsonReader): boolean {
    if (r.doc[r.pos] === '-'.charCodeAt(0)) r.pos++;
    if (r.pos >= r.length) return fail(r, JSON_E_SYNTAX);
    if (r.doc[r.pos] === '0'.charCodeAt(0)) {
        r.pos++;
    } else if (skipDigits(r) === 0) {
        return fail(r, JSON_E_SYNTAX);
    }
    if (r.pos < r.length && r.doc[r.pos] === '.'.charCodeAt(0)) {
        r.pos++;
        if (skipDigits(r) === 0) return fail(r, JSON_E_SYNTAX);
    }
    if (r.pos < r.length && (r.doc[r.pos] === 'e'.charCodeAt(0) || r.doc[r.pos] === 'E'.charCodeAt(0))) {
        r.pos++;
        if (r.pos < r.length && (r.doc[r.pos] === '+'.charCodeAt(0) || r.doc[r.pos] === '-'.charCodeAt(0))) r.pos++;
        if (skipDigits(r) === 0) return fail(r, JSON_E_SYNTAX);
    }
    return true;
}

// At an opening quote: moves past the closing quote.
function scanString(r: JsonReader): boolean {
    r.pos++;
    while (r.pos < r.length) {
        const c: u32 = r.doc[r.pos];
        if (c === '"'.charCodeAt(0)) {
            r.pos++;
            return true;
        }
        if (c < 0x20) return fail(r, JSON_E_SYNTAX);
        if (c === '\\'.charCodeAt(0)) {
            if (r.pos + 1 >= r.length) return fail(r, JSON_E_SYNTAX);
            const e: u32 = r.doc[r.pos + 1];
            if (e === 117) {
                if (r.length - r.pos < 6) return fail(r, JSON_E_SYNTAX);
                for (let k: bytes = 2; k < 6; k++) {
                    if (hexDigitValue(r.doc[r.pos + k]) < 0) return fail(r, JSON_E_SYNTAX);
                }
                r.pos += 6;
                continue;
            }
            if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) {
                return fail(r, JSON_E_SYNTAX);
            }
            r.pos += 2;
            continue;
        }
        r.pos++;
    }
    return fail(r, JSON_E_SYNTAX);
}

// At the first byte of a value: moves past it, validating everything inside.
function scanValue(r: JsonReader): boolean {
    if (r.pos >= r.length) return fail(r, JSON_E_SYNTAX);
    const c: u32 = r.doc[r.pos];
    if (c === '"'.charCodeAt(0)) return scanString(r);
    if (c === '-'.charCodeAt(0) || isDigit(c)) return scanNumber(r);
    if (c === 't'.charCodeAt(0)) return expectLiteral(r, 'true', 4);
    if (c === 'f'.charCodeAt(0)) return expectLiteral(r, 'false', 5);
    if (c === 'n'.charCodeAt(0)) return expectLiteral(r, 'null', 4);
    if (c !== '{'.charCodeAt(0) && c !== '['.charCodeAt(0)) return fail(r, JSON_E_SYNTAX);
    const close: u32 = c === '{'.charCodeAt(0) ? 125 : 93;
    if (r.depth >= r.maxDepth) return fail(r, JSON_E_DEPTH);
    r.depth++;
    r.pos++;
    skipSpace(r);
    if (r.pos < r.length && r.doc[r.pos] === close) {
        r.pos++;
        r.depth--;
        return true;
    }
    while (true) {
        if (c === '{'.charCodeAt(0)) {
            if (r.pos >= r.length || r.doc[r.pos] !== '"'.charCodeAt(0) ||
                !scanString(r)) return fail(r, JSON_E_SYNTAX);
            skipSpace(r);
            if (r.pos >= r.length || r.doc[r.pos] !== ':'.charCodeAt(0)) return fail(r, JSON_E_SYNTAX);
            r.pos++;
            skipSpace(r);
        }
        if (!scanValue(r)) return false;
        skipSpace(r);
        if (r.pos >= r.length) return fail(r, JSON_E_SYNTAX);
        if (r.doc[r.pos] === close) {
            r.pos++;
            r.depth--;
            return true;
        }
        if (r.doc[r.pos] !== ','.charCodeAt(0)) return fail(r, JSON_E_SYNTAX);
        r.pos++;
        skipSpace(r);
    }
}

/** Prepares a reader over `length` bytes at `doc`. */
export function jsonReaderInit(r: JsonReader, doc: BytePtr, length: bytes, maxDepth: u32, maxSize: bytes): void {
    r.doc = doc;
    r.length = length;
    r.maxDepth = maxDepth;
    r.maxSize = maxSize;
    r.pos = 0;
    r.depth = 0;
    r.error = JSON_OK;
}

/** Checks that the document is exactly one JSON value within the limits: JSON_OK or an error. */
export function jsonValidate(r: JsonReader): s32 {
    r.pos = 0;
    r.depth = 0;
    r.error = JSON_OK;
    if (r.length > r.maxSize) return JSON_E_SIZE;
    skipSpace(r);
    if (!scanValue(r)) return r.error;
    skipSpace(r);
    return r.pos === r.length ? JSON_OK : JSON_E_SYNTAX;
}

function kindAt(c: u32): JsonKind {
    switch (c) {
        case 34: return JsonKind.String;
        case 123: return JsonKind.Object;
        case 91: return JsonKind.Array;
        case 116: return JsonKind.True;
        case 102: return JsonKind.False;
        case 110: return JsonKind.Null;
        default: return JsonKind.Number;
    }
}

// True when the member name (raw, between the quotes at doc[start..start+n)) equals path[from..to):
// escapes in the name are decoded as far as ASCII goes; any other escape does not match.
function nameEquals(r: JsonReader, start: bytes, n: bytes, path: CString, from: bytes, to: bytes): boolean {
    let i: bytes = start;
    let j: bytes = from;
    const end: bytes = start + n;
    while (i < end) {
        let c: u32 = r.doc[i];
        if (c === '\\'.charCodeAt(0)) {
            const e: u32 = r.doc[i + 1];
            if (e === 117) {
                const value: s32 = (hexDigitValue(r.doc[i + 2]) << 12) | (hexDigitValue(r.doc[i + 3]) << 8) |
                    (hexDigitValue(r.doc[i + 4]) << 4) | hexDigitValue(r.doc[i + 5]);
                if (value >= 0x80) return false;
                c = value as u32;
                i += 6;
            } else {
                c = e === 98 ? 8 : e === 102 ? 12 : e === 110 ? 10 : e === 114 ? 13 : e === 116 ? 9 : e;
                i += 2;
            }
        } else {
            i++;
        }
        if (j >= to || path.charCodeAt(j) !== c) return false;
        j++;
    }
    return j === to;
}

// The array index a path segment names, or -1 when it is not all digits.
function segmentIndex(path: CString, from: bytes, to: bytes): s64 {
    if (to === from || to - from > 9) return -1;
    let index: s64 = 0;
    for (let k: bytes = from; k < to; k++) {
        const c: u32 = path.charCodeAt(k);
        if (!isDigit(c)) return -1;
        index = index * 10 + (c - '0'.charCodeAt(0));
    }
    return index;
}

// Inside an object or array just opened (r.pos past the bracket): moves to the value of the
// member named path[from..to) or the element of that index; false when there is none.
function enterMember(r: JsonReader, container: u32, path: CString, from: bytes, to: bytes): boolean {
    const wanted: s64 = container === 91 ? segmentIndex(path, from, to) : 0;
    if (wanted < 0) return false;
    const close: u32 = container === 123 ? 125 : 93;
    let index: s64 = 0;
    skipSpace(r);
    if (r.pos < r.length && r.doc[r.pos] === close) return false;
    while (true) {
        let match: boolean = index === wanted;
        if (container === 123) {
            if (r.pos >= r.length || r.doc[r.pos] !== '"'.charCodeAt(0)) return fail(r, JSON_E_SYNTAX);
            const nameStart: bytes = r.pos + 1;
            if (!scanString(r)) return false;
            match = nameEquals(r, nameStart, r.pos - 1 - nameStart, path, from, to);
            skipSpace(r);
            if (r.pos >= r.length || r.doc[r.pos] !== ':'.charCodeAt(0)) return fail(r, JSON_E_SYNTAX);
            r.pos++;
            skipSpace(r);
        }
        if (match) return true;
        if (!scanValue(r)) return false;
        skipSpace(r);
        if (r.pos >= r.length || r.doc[r.pos] !== ','.charCodeAt(0)) return false;
        r.pos++;
        skipSpace(r);
        index++;
    }
}

/**
 * Finds the value at `path` (member names and array indexes separated by dots; "" is the whole
 * document) and describes it in `v`; false when there is none or the document is invalid on the
 * way. The value found is fully validated.
 */
export function jsonFind(r: JsonReader, path: CString, pathLength: bytes, v: JsonValue): boolean {
    v.kind = JsonKind.None;
    v.start = 0;
    v.length = 0;
    r.pos = 0;
    r.depth = 0;
    r.error = JSON_OK;
    if (r.length > r.maxSize) return fail(r, JSON_E_SIZE);
    skipSpace(r);
    let from: bytes = 0;
    let last: boolean = pathLength === 0;
    while (!last) {
        let to: bytes = from;
        while (to < pathLength && path.charCodeAt(to) !== '.'.charCodeAt(0)) to++;
        last = to === pathLength;
        if (r.pos >= r.length) return fail(r, JSON_E_SYNTAX);
        const c: u32 = r.doc[r.pos];
        if (c !== '{'.charCodeAt(0) && c !== '['.charCodeAt(0)) return false;
        if (r.depth >= r.maxDepth) return fail(r, JSON_E_DEPTH);
        r.depth++;
        r.pos++;
        if (!enterMember(r, c, path, from, to)) return false;
        from = to + 1;
    }
    const start: bytes = r.pos;
    if (!scanValue(r)) return false;
    v.kind = kindAt(r.doc[start]);
    v.start = v.kind === JsonKind.String ? start + 1 : start;
    v.length = v.kind === JsonKind.String ? r.pos - start - 2 : r.pos - start;
    return true;
}

// Writes the UTF-8 form of code point `cp` at dst[o] if it fits below `cap`: the bytes written, or 0.
function putUtf8(dst: BytePtr, o: bytes, cap: bytes, cp: u32): bytes {
    const n: bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (o + n > cap) return 0;
    if (n === 1) {
        dst[o] = cp;
    } else if (n === 2) {
        dst[o] = 0xc0 | (cp >> 6);
        dst[o + 1] = 0x80 | (cp & 63);
    } else if (n === 3) {
        dst[o] = 0xe0 | (cp >> 12);
        dst[o + 1] = 0x80 | ((cp >> 6) & 63);
        dst[o + 2] = 0x80 | (cp & 63);
    } else {
        dst[o] = 0xf0 | (cp >> 18);
        dst[o + 1] = 0x80 | ((cp >> 12) & 63);
        dst[o + 2] = 0x80 | ((cp >> 6) & 63);
        dst[o + 3] = 0x80 | (cp & 63);
    }
    return n;
}

function hex4(doc: BytePtr, at: bytes): s32 {
    return (hexDigitValue(doc[at]) << 12) | (hexDigitValue(doc[at + 1]) << 8) |
        (hexDigitValue(doc[at + 2]) << 4) | hexDigitValue(doc[at + 3]);
}

/**
 * Decodes the string value `v` (found by jsonFind) into dst, which has room for `cap` bytes;
 * escapes become UTF-8, a lone surrogate becomes U+FFFD. The length, or -1 when it does not fit.
 */
export function jsonDecodeString(r: JsonReader, v: JsonValue, dst: BytePtr, cap: bytes): s64 {
    if (v.kind !== JsonKind.String) return -1;
    let o: bytes = 0;
    let i: bytes = v.start;
    const end: bytes = v.start + v.length;
    while (i < end) {
        const c: u32 = r.doc[i];
        if (c !== '\\'.charCodeAt(0)) {
            if (o + 1 > cap) return -1;
            dst[o++] = c;
            i++;
            continue;
        }
        const e: u32 = r.doc[i + 1];
        let written: bytes = 0;
        if (e !== 117) {
            written = putUtf8(dst, o, cap, e === 98 ? 8 : e === 102 ? 12 : e === 110 ? 10 : e === 114 ? 13 : e === 116 ? 9 : e);
            i += 2;
        } else {
            let cp: u32 = hex4(r.doc, i + 2) as u32;
            i += 6;
            if (cp >= 0xd800 && cp <= 0xdbff && i + 6 <= end && r.doc[i] === '\\'.charCodeAt(0) &&
                r.doc[i + 1] === 'u'.charCodeAt(0)) {
                const low: u32 = hex4(r.doc, i + 2) as u32;
                if (low >= 0xdc00 && low <= 0xdfff) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                    i += 6;
                }
            }
            if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
            written = putUtf8(dst, o, cap, cp);
        }
        if (written === 0) return -1;
        o += written;
    }
    return o;
}

/** The value `v` as a non-negative integer below 10^15 (no sign, fraction or exponent), or -1. */
export function jsonInteger(r: JsonReader, v: JsonValue): s64 {
    if (v.kind !== JsonKind.Number || v.length === 0 || v.length > 15) return -1;
    let n: s64 = 0;
    for (let i: bytes = 0; i < v.length; i++) {
        const c: u32 = r.doc[v.start + i];
        if (!isDigit(c)) return -1;
        n = n * 10 + (c - '0'.charCodeAt(0));
    }
    return n;
}

/**
 * The number of members of the object, or elements of the array, `v` (found by jsonFind, which
 * validated it); -1 for a value of another kind.
 */
export function jsonCount(r: JsonReader, v: JsonValue): s64 {
    if (v.kind !== JsonKind.Object && v.kind !== JsonKind.Array) return -1;
    const object: boolean = v.kind === JsonKind.Object;
    const close: u32 = object ? 125 : 93;
    r.pos = v.start + 1;
    r.depth = 1;
    r.error = JSON_OK;
    skipSpace(r);
    if (r.pos < r.length && r.doc[r.pos] === close) return 0;
    let n: s64 = 0;
    while (true) {
        if (object) {
            if (r.pos >= r.length || r.doc[r.pos] !== '"'.charCodeAt(0) || !scanString(r)) return -1;
            skipSpace(r);
            if (r.pos >= r.length || r.doc[r.pos] !== ':'.charCodeAt(0)) return -1;
            r.pos++;
            skipSpace(r);
        }
        if (!scanValue(r)) return -1;
        n++;
        skipSpace(r);
        if (r.pos >= r.length) return -1;
        if (r.doc[r.pos] === close) return n;
        if (r.doc[r.pos] !== ','.charCodeAt(0)) return -1;
        r.pos++;
        skipSpace(r);
    }
}
