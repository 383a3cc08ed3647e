// A console line that is a JSON object becomes a structured entry, following Google's
// structured-logging rules (the logging agent's): `severity` is lifted into the entry's severity
// (`level` is read too, and stays); `httpRequest` and the special `logging.googleapis.com/insertId`,
// `trace`, `spanId`, `trace_sampled`, `labels`, `sourceLocation` and `operation` members are lifted
// into the entry's fields when their values have the forms the LogEntry fields take (json_value.ts);
// the time fields (`timestamp` {seconds, nanos}, `timestampSeconds` + `timestampNanos`, `time`) set
// the entry's timestamp (lifted_time.ts); the rest is the jsonPayload. When only a string `message`
// is left, it becomes the textPayload. Only the first member of each special name is lifted (a
// repeat stays in the payload), and a member that cannot be lifted stays in the payload untouched:
// nothing of the line is lost and no entry is one Cloud Logging would refuse. Members are copied as
// they were written: the line was validated first (RFC 8259 and well-formed UTF-8).
import { bytes, s32, s64, timestamp, u32, u64 } from '../dialect';
import {
    Buffer, bufferEnd, bufferExtend, byteOffset, BytePtr, bufferProduce, bufferWriteByte, bufferWriteFrom,
    bufferWriteSString, bufferWriteText, CString,
} from '../nanos';
import { utf8SequenceLength } from '../lib/json_escape';
import { JSON_OK, JsonReader, jsonReaderInit, jsonValidate } from '../lib/json_reader';
import { formatRfc3339Nanos, RFC3339_NANOS_LENGTH, TIME_FORMAT_LIMIT } from '../lib/time_format';
import {
    isBooleanValue, isDurationValue, isInt32Value, isInt64Value, isStringValue, wholeNumberValue,
} from './json_value';
import { NANOS_LIMIT, rfc3339Nanos, rfc3339Seconds, withinLiftWindow } from './lifted_time';
import { Severity, severityName, severityOfWord } from './severity';

const MAX_DEPTH: u32 = 64;
const QUOTE = '"'.charCodeAt(0);
const BACKSLASH = '\\'.charCodeAt(0);

/** Where the members of the object being written are: name and value spans (name without quotes). */
export interface Member {
    nameStart: bytes;
    nameLength: bytes;
    valueStart: bytes;
    valueEnd: bytes;
}

function isSpace(c: u32): boolean {
    return c === ' '.charCodeAt(0) || c === '\t'.charCodeAt(0) || c === '\n'.charCodeAt(0) || c === '\r'.charCodeAt(0);
}

function skipSpace(p: BytePtr, i: bytes, end: bytes): bytes {
    while (i < end && isSpace(p[i])) i++;
    return i;
}

/** Past the string whose opening quote is at p[i]. */
function skipString(p: BytePtr, i: bytes, end: bytes): bytes {
    i++;
    while (i < end && p[i] !== QUOTE) i += p[i] === BACKSLASH ? 2 : 1;
    return i + 1;
}

/** Past the (valid) value that starts at p[i]. */
function skipValue(p: BytePtr, i: bytes, end: bytes): bytes {
    const c: u32 = p[i];
    if (c === QUOTE) return skipString(p, i, end);
    if (c !== '{'.charCodeAt(0) && c !== '['.charCodeAt(0)) {
        while (i < end && p[i] !== ','.charCodeAt(0) && p[i] !== '}'.charCodeAt(0) && p[i] !== ']'.charCodeAt(0) &&
            !isSpace(p[i])) i++;
        return i;
    }
    let depth: u32 = 0;
    while (i < end) {
        const d: u32 = p[i];
        if (d === QUOTE) {
            i = skipString(p, i, end);
            continue;
        }
        if (d === '{'.charCodeAt(0) || d === '['.charCodeAt(0)) depth++;
        if (d === '}'.charCodeAt(0) || d === ']'.charCodeAt(0)) {
            depth--;
            if (depth === 0) return i + 1;
        }
        i++;
    }
    return i;
}

/** Reads the member at p[i] (at its name's quote) into m; returns where the next one starts (or the end). */
function readMember(p: BytePtr, i: bytes, end: bytes, m: Member): bytes {
    m.nameStart = i + 1;
    i = skipString(p, i, end);
    m.nameLength = i - 1 - m.nameStart;
    i = skipSpace(p, i, end);
    i = skipSpace(p, i + 1, end);
    m.valueStart = i;
    i = skipValue(p, i, end);
    m.valueEnd = i;
    i = skipSpace(p, i, end);
    if (i < end && p[i] === ','.charCodeAt(0)) i = skipSpace(p, i + 1, end);
    return i;
}

function nameIs(p: BytePtr, m: Member, text: CString, n: bytes): boolean {
    if (m.nameLength !== n) return false;
    for (let k: bytes = 0; k < n; k++) if (p[m.nameStart + k] !== text.charCodeAt(k)) return false;
    return true;
}

/** Finds the first member named `text` of the object value p[at .. end) into m. */
function findMember(p: BytePtr, at: bytes, end: bytes, m: Member, text: CString, n: bytes): boolean {
    if (p[at] !== '{'.charCodeAt(0)) return false;
    const inner: bytes = end - 1;
    let i: bytes = skipSpace(p, at + 1, inner);
    while (i < inner) {
        i = readMember(p, i, inner, m);
        if (nameIs(p, m, text, n)) return true;
    }
    return false;
}

/** How many members the object value p[at .. end) has. */
function memberCount(p: BytePtr, at: bytes, end: bytes, m: Member): u32 {
    const inner: bytes = end - 1;
    let count: u32 = 0;
    let i: bytes = skipSpace(p, at + 1, inner);
    while (i < inner) {
        i = readMember(p, i, inner, m);
        count++;
    }
    return count;
}

/** An object whose members are all strings (what LogEntry.labels takes). */
function isStringMap(p: BytePtr, m: Member, scratch: Member): boolean {
    if (p[m.valueStart] !== '{'.charCodeAt(0)) return false;
    const end: bytes = m.valueEnd - 1;
    let i: bytes = skipSpace(p, m.valueStart + 1, end);
    while (i < end) {
        i = readMember(p, i, end, scratch);
        if (!isStringValue(p, scratch.valueStart)) return false;
    }
    return true;
}

// The fields of the LogEntry messages a member may be lifted into, as `name:type,` ending with a dot;
// the type is s string, b bool, l int64, i int32, d Duration (each in its proto3 JSON form). Names
// are the JSON (lowerCamelCase) ones, as Google's structured-logging documentation writes them.
const SOURCE_LOCATION_FIELDS: CString = 'file:s,line:l,function:s,.';
const OPERATION_FIELDS: CString = 'id:s,producer:s,first:b,last:b,.';
const HTTP_REQUEST_FIELDS: CString = 'requestMethod:s,requestUrl:s,requestSize:l,status:i,responseSize:l,userAgent:s,remoteIp:s,serverIp:s,referer:s,latency:d,cacheLookup:b,cacheHit:b,cacheValidatedWithOriginServer:b,cacheFillBytes:l,protocol:s,.';

/** m's field in `fields`: its position << 8 | its type letter; -1 when the message has no such field. */
function fieldOf(p: BytePtr, m: Member, fields: CString): s32 {
    let i: bytes = 0;
    let position: s32 = 0;
    while (fields.charCodeAt(i) !== '.'.charCodeAt(0)) {
        let k: bytes = 0;
        let match = true;
        while (fields.charCodeAt(i + k) !== ':'.charCodeAt(0)) {
            if (match && (k >= m.nameLength || p[m.nameStart + k] !== fields.charCodeAt(i + k))) match = false;
            k++;
        }
        if (match && k === m.nameLength) return (position << 8) | fields.charCodeAt(i + k + 1);
        i += k + 3;
        position++;
    }
    return -1;
}

/**
 * Whether the value of v has the proto3 JSON form of a field of type `type` (a letter of the field
 * lists). Not null: proto3 JSON reads it as "unset", but Google's own Node serializer refuses it.
 */
function fitsField(p: BytePtr, v: Member, type: u32): boolean {
    switch (type) {
        case 115: return isStringValue(p, v.valueStart);
        case 98: return isBooleanValue(p, v.valueStart);
        case 108: return isInt64Value(p, v.valueStart, v.valueEnd);
        case 105: return isInt32Value(p, v.valueStart, v.valueEnd);
        case 100: return isDurationValue(p, v.valueStart, v.valueEnd);
        default: return false;
    }
}

/**
 * True when the object value of m is a message Cloud Logging takes: only the fields listed, each at
 * most once and in its proto3 JSON form. An unknown member or a wrong value would make the API
 * refuse the whole request, so such an object stays in the payload.
 */
function isMessage(p: BytePtr, m: Member, scratch: Member, fields: CString): boolean {
    if (p[m.valueStart] !== '{'.charCodeAt(0)) return false;
    const end: bytes = m.valueEnd - 1;
    let seen: u32 = 0;
    let i: bytes = skipSpace(p, m.valueStart + 1, end);
    while (i < end) {
        i = readMember(p, i, end, scratch);
        const field: s32 = fieldOf(p, scratch, fields);
        if (field < 0) return false;
        const bit: u32 = (1 as u32) << (field >> 8);
        if ((seen & bit) !== 0) return false;
        seen |= bit;
        if (!fitsField(p, scratch, (field & 255) as u32)) return false;
    }
    return true;
}

const enum Special {
    None, Severity, Level, Message, InsertId, Trace, SpanId, TraceSampled, Labels, SourceLocation, Operation, HttpRequest,
}

function special(p: BytePtr, m: Member, scratch: Member, detect: boolean): Special {
    const text = isStringValue(p, m.valueStart);
    if (nameIs(p, m, 'severity', 8)) return detect && text ? Special.Severity : Special.None;
    if (nameIs(p, m, 'level', 5)) return detect && text ? Special.Level : Special.None;
    if (nameIs(p, m, 'message', 7)) return text ? Special.Message : Special.None;
    if (nameIs(p, m, 'httpRequest', 11)) return isMessage(p, m, scratch, HTTP_REQUEST_FIELDS) ? Special.HttpRequest : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/insertId', 31)) return text ? Special.InsertId : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/trace', 28)) return text ? Special.Trace : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/spanId', 29)) return text ? Special.SpanId : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/trace_sampled', 36)) {
        return isBooleanValue(p, m.valueStart) ? Special.TraceSampled : Special.None;
    }
    if (nameIs(p, m, 'logging.googleapis.com/labels', 29)) return isStringMap(p, m, scratch) ? Special.Labels : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/sourceLocation', 37)) {
        return isMessage(p, m, scratch, SOURCE_LOCATION_FIELDS) ? Special.SourceLocation : Special.None;
    }
    if (nameIs(p, m, 'logging.googleapis.com/operation', 32)) {
        return isMessage(p, m, scratch, OPERATION_FIELDS) ? Special.Operation : Special.None;
    }
    return Special.None;
}

/** Kinds whose member leaves the payload (severity, and the ones copied into an entry field). */
function leavesPayload(kind: Special): boolean {
    return kind !== Special.None && kind !== Special.Level && kind !== Special.Message;
}

/**
 * The kind of m, given the kinds already `taken` (a bit each): only the first member of a name is
 * lifted, a repeat is an ordinary member (the entry can have each field once).
 */
function kindOf(p: BytePtr, m: Member, scratch: Member, detect: boolean, taken: u32): Special {
    const kind = special(p, m, scratch, detect);
    if (leavesPayload(kind) && (taken & ((1 as u32) << kind)) !== 0) return Special.None;
    return kind;
}

/** The LogEntry field a lifted kind goes to, written as `"name":`. */
function writeFieldName(b: Buffer, kind: Special): void {
    switch (kind) {
        case Special.InsertId: bufferWriteText(b, '"insertId":'); break;
        case Special.Trace: bufferWriteText(b, '"trace":'); break;
        case Special.SpanId: bufferWriteText(b, '"spanId":'); break;
        case Special.TraceSampled: bufferWriteText(b, '"traceSampled":'); break;
        case Special.Labels: bufferWriteText(b, '"labels":'); break;
        case Special.SourceLocation: bufferWriteText(b, '"sourceLocation":'); break;
        case Special.Operation: bufferWriteText(b, '"operation":'); break;
        case Special.HttpRequest: bufferWriteText(b, '"httpRequest":'); break;
        default: break;
    }
}

// The time fields of a line (Google's structured-logging "time-related fields").
const enum TimeField { None, Timestamp, Seconds, Nanos, Time }

function timeField(p: BytePtr, m: Member): TimeField {
    if (nameIs(p, m, 'timestamp', 9)) return TimeField.Timestamp;
    if (nameIs(p, m, 'timestampSeconds', 16)) return TimeField.Seconds;
    if (nameIs(p, m, 'timestampNanos', 14)) return TimeField.Nanos;
    if (nameIs(p, m, 'time', 4)) return TimeField.Time;
    return TimeField.None;
}

/** The seconds of a `timestamp` object that has exactly `seconds` and `nanos`, each a whole number; else -1. */
function objectSeconds(p: BytePtr, at: bytes, end: bytes, m: Member): s64 {
    if (memberCount(p, at, end, m) !== 2 || !findMember(p, at, end, m, 'nanos', 5)) return -1;
    if (!findMember(p, at, end, m, 'seconds', 7)) return -1;
    return wholeNumberValue(p, m.valueStart, m.valueEnd, TIME_FORMAT_LIMIT - 1);
}

/** The nanos of a `timestamp` object objectSeconds accepted; -1 when not a whole number below 10^9. */
function objectNanos(p: BytePtr, at: bytes, end: bytes, m: Member): s64 {
    if (!findMember(p, at, end, m, 'nanos', 5)) return -1;
    return wholeNumberValue(p, m.valueStart, m.valueEnd, NANOS_LIMIT);
}

/** Writes `"timestamp":"<RFC 3339 with nanoseconds>",`. */
function writeTimestamp(b: Buffer, seconds: u64, nanos: u32): void {
    const s: u64 = seconds < TIME_FORMAT_LIMIT ? seconds : TIME_FORMAT_LIMIT - 1;
    bufferWriteText(b, '"timestamp":"');
    if (bufferExtend(b, RFC3339_NANOS_LENGTH)) bufferProduce(b, formatRfc3339Nanos(s, nanos, bufferEnd(b)));
    bufferWriteText(b, '",');
}

/** True when p[off .. off + n) is well-formed UTF-8. */
function isUtf8(p: BytePtr, off: bytes, n: bytes): boolean {
    let i: bytes = off;
    const end: bytes = off + n;
    while (i < end) {
        const k: s64 = utf8SequenceLength(p, i, end);
        if (k <= 0) return false;
        i += k as bytes;
    }
    return true;
}

/** True when the line may be a JSON object: its first non-space byte is `{`. */
export function looksLikeObject(p: BytePtr, off: bytes, n: bytes): boolean {
    const i = skipSpace(p, off, off + n);
    return i < off + n && p[i] === '{'.charCodeAt(0);
}

function writeRaw(b: Buffer, p: BytePtr, from: bytes, to: bytes): void {
    bufferWriteFrom(b, p, from, to - from);
}

function writeMember(b: Buffer, p: BytePtr, m: Member): void {
    bufferWriteByte(b, QUOTE);
    writeRaw(b, p, m.nameStart, m.nameStart + m.nameLength);
    bufferWriteText(b, '":');
    writeRaw(b, p, m.valueStart, m.valueEnd);
}

/**
 * Writes the entry members for the JSON object line p[off .. off + n), captured at `stamp`, into b
 * (timestamp, severity, lifted fields, payload; each followed by a comma except the payload, which
 * comes last). False, with nothing written, when the line is not a valid JSON object: it then goes
 * as text. Without `detect`, `severity` and `level` are ordinary members.
 */
export function writeStructured(b: Buffer, r: JsonReader, m: Member, scratch: Member, p: BytePtr, off: bytes,
                                n: bytes, stamp: timestamp, detect: boolean): boolean {
    if (!isUtf8(p, off, n)) return false;
    // The reader reads from the document's start: give it a document that starts at the line.
    jsonReaderInit(r, byteOffset(p, off), n, MAX_DEPTH, n);
    if (jsonValidate(r) !== JSON_OK) return false;
    const end: bytes = off + n;
    const open: bytes = skipSpace(p, off, end);
    if (p[open] !== '{'.charCodeAt(0)) return false;
    let close: bytes = end;
    while (close > open && p[close - 1] !== '}'.charCodeAt(0)) close--;
    const inner: bytes = close - 1;
    // First pass: the lifted members, the time fields, and whether the payload is only a message.
    let severity: Severity = Severity.Default;
    let haveSeverity = false;
    let taken: u32 = 0;
    let payloadMembers: u32 = 0;
    let messages: u32 = 0;
    // Value spans of the first member of each time field (a value never starts at 0: 0 is "none").
    let timestampAt: bytes = 0;
    let timestampEnd: bytes = 0;
    let secondsAt: bytes = 0;
    let secondsEnd: bytes = 0;
    let nanosAt: bytes = 0;
    let nanosEnd: bytes = 0;
    let timeAt: bytes = 0;
    let timeEnd: bytes = 0;
    let i: bytes = skipSpace(p, open + 1, inner);
    while (i < inner) {
        i = readMember(p, i, inner, m);
        const kind = kindOf(p, m, scratch, detect, taken);
        if (leavesPayload(kind)) {
            taken |= (1 as u32) << kind;
            if (kind === Special.Severity) {
                severity = severityOfWord(p, m.valueStart + 1, m.valueEnd - m.valueStart - 2, true);
                haveSeverity = true;
            } else {
                writeFieldName(b, kind);
                writeRaw(b, p, m.valueStart, m.valueEnd);
                bufferWriteByte(b, ','.charCodeAt(0));
            }
            continue;
        }
        payloadMembers++;
        if (kind === Special.Message) messages++;
        if (kind === Special.Level && !haveSeverity) {
            severity = severityOfWord(p, m.valueStart + 1, m.valueEnd - m.valueStart - 2, true);
        }
        const time = timeField(p, m);
        if (time === TimeField.Timestamp && timestampAt === 0) {
            timestampAt = m.valueStart;
            timestampEnd = m.valueEnd;
        } else if (time === TimeField.Seconds && secondsAt === 0) {
            secondsAt = m.valueStart;
            secondsEnd = m.valueEnd;
        } else if (time === TimeField.Nanos && nanosAt === 0) {
            nanosAt = m.valueStart;
            nanosEnd = m.valueEnd;
        } else if (time === TimeField.Time && timeAt === 0) {
            timeAt = m.valueStart;
            timeEnd = m.valueEnd;
        }
    }
    // The entry's timestamp. The form that decides is the first present in Google's order: a
    // `timestamp` object with `seconds` and `nanos`, then `timestampSeconds` with `timestampNanos`,
    // then `time`. When its values are not valid, or the time is outside what Cloud Logging keeps
    // (withinLiftWindow), its members stay in the payload and the entry has the capture time.
    let seconds: s64 = -1;
    let nanos: s64 = -1;
    let liftedA: bytes = 0;
    let liftedB: bytes = 0;
    if (timestampAt !== 0 && findMember(p, timestampAt, timestampEnd, scratch, 'seconds', 7) &&
        findMember(p, timestampAt, timestampEnd, scratch, 'nanos', 5)) {
        seconds = objectSeconds(p, timestampAt, timestampEnd, scratch);
        nanos = objectNanos(p, timestampAt, timestampEnd, scratch);
        liftedA = timestampAt;
    } else if (secondsAt !== 0 && nanosAt !== 0) {
        seconds = wholeNumberValue(p, secondsAt, secondsEnd, TIME_FORMAT_LIMIT - 1);
        nanos = wholeNumberValue(p, nanosAt, nanosEnd, NANOS_LIMIT);
        liftedA = secondsAt;
        liftedB = nanosAt;
    } else if (timeAt !== 0) {
        seconds = rfc3339Seconds(p, timeAt, timeEnd);
        nanos = seconds < 0 ? -1 : rfc3339Nanos(p, timeAt, timeEnd) as s64;
        liftedA = timeAt;
    }
    const captureSeconds: u64 = stamp >> 32;
    if (seconds >= 0 && nanos >= 0 && withinLiftWindow(seconds as u64, captureSeconds)) {
        writeTimestamp(b, seconds as u64, nanos as u32);
        payloadMembers -= liftedB !== 0 ? 2 : 1;
    } else {
        writeTimestamp(b, captureSeconds, (((stamp & 0xffffffff) * 1000000000) >> 32) as u32);
        liftedA = 0;
        liftedB = 0;
    }
    if (severity !== Severity.Default) {
        bufferWriteText(b, '"severity":"');
        bufferWriteSString(b, severityName(severity));
        bufferWriteText(b, '",');
    }
    // Second pass: the payload, without the members lifted (the same kinds in the same order).
    const messageOnly = payloadMembers === 1 && messages === 1;
    let skipped: u32 = 0;
    let first = true;
    if (messageOnly) bufferWriteText(b, '"textPayload":');
    else bufferWriteText(b, '"jsonPayload":{');
    i = skipSpace(p, open + 1, inner);
    while (i < inner) {
        i = readMember(p, i, inner, m);
        const kind = kindOf(p, m, scratch, detect, skipped);
        if (leavesPayload(kind)) {
            skipped |= (1 as u32) << kind;
            continue;
        }
        if (m.valueStart === liftedA || m.valueStart === liftedB) continue;
        if (messageOnly) {
            writeRaw(b, p, m.valueStart, m.valueEnd);
            continue;
        }
        if (!first) bufferWriteByte(b, ','.charCodeAt(0));
        writeMember(b, p, m);
        first = false;
    }
    if (!messageOnly) bufferWriteByte(b, '}'.charCodeAt(0));
    return true;
}
