// A console line that is a JSON object becomes a structured entry, following Google's
// structured-logging rules (the logging agent's): `severity` is lifted into the entry's severity
// (`level` is read too, and stays); the special `logging.googleapis.com/insertId`, `trace`,
// `spanId`, `trace_sampled`, `labels`, `sourceLocation` and `operation` members are lifted into the
// entry's fields (when their values have the types the LogEntry fields take); the rest is the
// jsonPayload. When only a string `message` is left, it becomes the textPayload. Members are copied
// as they were written: the line was validated first (RFC 8259 and well-formed UTF-8).
import { bytes, s64, u32 } from '../dialect';
import { Buffer, byteOffset, BytePtr, bufferWriteByte, bufferWriteFrom, bufferWriteSString, bufferWriteText, CString } from '../nanos';
import { utf8SequenceLength } from '../lib/json_escape';
import { JSON_OK, JsonReader, jsonReaderInit, jsonValidate } from '../lib/json_reader';
import { Severity, severityName, severityOfWord } from './severity';

const MAX_DEPTH: u32 = 64;
const QUOTE = 34;
const BACKSLASH = 92;

/** Where the members of the object being written are: name and value spans (name without quotes). */
export interface Member {
    nameStart: bytes;
    nameLength: bytes;
    valueStart: bytes;
    valueEnd: bytes;
}

function isSpace(c: u32): boolean {
    return c === 32 || c === 9 || c === 10 || c === 13;
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
    if (c !== 123 && c !== 91) {
        while (i < end && p[i] !== 44 && p[i] !== 125 && p[i] !== 93 && !isSpace(p[i])) i++;
        return i;
    }
    let depth: u32 = 0;
    while (i < end) {
        const d: u32 = p[i];
        if (d === QUOTE) {
            i = skipString(p, i, end);
            continue;
        }
        if (d === 123 || d === 91) depth++;
        if (d === 125 || d === 93) {
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
    if (i < end && p[i] === 44) i = skipSpace(p, i + 1, end);
    return i;
}

function nameIs(p: BytePtr, m: Member, text: CString, n: bytes): boolean {
    if (m.nameLength !== n) return false;
    for (let k: bytes = 0; k < n; k++) if (p[m.nameStart + k] !== text.charCodeAt(k)) return false;
    return true;
}

function isStringValue(p: BytePtr, m: Member): boolean {
    return p[m.valueStart] === QUOTE;
}

function isBoolean(p: BytePtr, m: Member): boolean {
    return p[m.valueStart] === 116 || p[m.valueStart] === 102;
}

/** An object whose members are all strings (what LogEntry.labels takes). */
function isStringMap(p: BytePtr, m: Member, scratch: Member): boolean {
    if (p[m.valueStart] !== 123) return false;
    const end: bytes = m.valueEnd - 1;
    let i: bytes = skipSpace(p, m.valueStart + 1, end);
    while (i < end) {
        i = readMember(p, i, end, scratch);
        if (!isStringValue(p, scratch)) return false;
    }
    return true;
}

const enum Special { None, Severity, Level, Message, InsertId, Trace, SpanId, TraceSampled, Labels, SourceLocation, Operation }

/**
 * True when the object value of m has only members the proto message allows, each of the right
 * JSON kind: `strings` and `booleans` list the names of each kind ("name," each); `integers` are
 * int64 fields, which take a number without fraction or a string. An unknown member would make
 * Cloud Logging refuse the whole request, so such an object stays in the payload.
 */
function isMessage(p: BytePtr, m: Member, scratch: Member, strings: CString, booleans: CString, integers: CString): boolean {
    if (p[m.valueStart] !== 123) return false;
    const end: bytes = m.valueEnd - 1;
    let i: bytes = skipSpace(p, m.valueStart + 1, end);
    while (i < end) {
        i = readMember(p, i, end, scratch);
        const c: u32 = p[scratch.valueStart];
        let ok = false;
        if (nameListed(p, scratch, strings)) ok = c === QUOTE;
        else if (nameListed(p, scratch, booleans)) ok = c === 116 || c === 102;
        else if (nameListed(p, scratch, integers)) ok = c === QUOTE || isWholeNumber(p, scratch);
        if (!ok) return false;
    }
    return true;
}

/** A JSON number of digits only (an optional minus sign): what an int64 field takes as a number. */
function isWholeNumber(p: BytePtr, m: Member): boolean {
    let i: bytes = m.valueStart;
    if (p[i] === 45) i++;
    if (i >= m.valueEnd) return false;
    for (; i < m.valueEnd; i++) if (p[i] < 48 || p[i] > 57) return false;
    return true;
}

/** Whether m's name is one of the comma-ended names of `list` (which ends with a dot). */
function nameListed(p: BytePtr, m: Member, list: CString): boolean {
    let i: bytes = 0;
    while (list.charCodeAt(i) !== 46) {
        let k: bytes = 0;
        let match = true;
        while (list.charCodeAt(i + k) !== 44) {
            if (match && (k >= m.nameLength || p[m.nameStart + k] !== list.charCodeAt(i + k))) match = false;
            k++;
        }
        if (match && k === m.nameLength) return true;
        i += k + 1;
    }
    return false;
}

function special(p: BytePtr, m: Member, scratch: Member, detect: boolean): Special {
    if (nameIs(p, m, 'severity', 8)) return detect && isStringValue(p, m) ? Special.Severity : Special.None;
    if (nameIs(p, m, 'level', 5)) return detect && isStringValue(p, m) ? Special.Level : Special.None;
    if (nameIs(p, m, 'message', 7)) return isStringValue(p, m) ? Special.Message : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/insertId', 31)) return isStringValue(p, m) ? Special.InsertId : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/trace', 28)) return isStringValue(p, m) ? Special.Trace : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/spanId', 29)) return isStringValue(p, m) ? Special.SpanId : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/trace_sampled', 36)) return isBoolean(p, m) ? Special.TraceSampled : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/labels', 29)) return isStringMap(p, m, scratch) ? Special.Labels : Special.None;
    if (nameIs(p, m, 'logging.googleapis.com/sourceLocation', 37)) {
        return isMessage(p, m, scratch, 'file,function,.', '.', 'line,.') ? Special.SourceLocation : Special.None;
    }
    if (nameIs(p, m, 'logging.googleapis.com/operation', 32)) {
        return isMessage(p, m, scratch, 'id,producer,.', 'first,last,.', '.') ? Special.Operation : Special.None;
    }
    return Special.None;
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
    return i < off + n && p[i] === 123;
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
 * Writes the entry members for the JSON object line p[off .. off + n) into b (severity, lifted
 * fields, payload; each followed by a comma except the payload, which comes last). False, with
 * nothing written, when the line is not a valid JSON object: it then goes as text.
 * Without `detect`, `severity` and `level` are ordinary members.
 */
export function writeStructured(b: Buffer, r: JsonReader, m: Member, scratch: Member, p: BytePtr, off: bytes,
                                n: bytes, detect: boolean): boolean {
    if (!isUtf8(p, off, n)) return false;
    // The reader reads from the document's start: give it a document that starts at the line.
    jsonReaderInit(r, byteOffset(p, off), n, MAX_DEPTH, n);
    if (jsonValidate(r) !== JSON_OK) return false;
    const end: bytes = off + n;
    const open: bytes = skipSpace(p, off, end);
    if (p[open] !== 123) return false;
    let close: bytes = end;
    while (close > open && p[close - 1] !== 125) close--;
    const inner: bytes = close - 1;
    // First pass: the lifted members, and whether the payload is only a message.
    let severity: Severity = Severity.Default;
    let haveSeverity = false;
    let payloadMembers: u32 = 0;
    let messageOnly = false;
    let labelsWritten = false;
    let i: bytes = skipSpace(p, open + 1, inner);
    while (i < inner) {
        i = readMember(p, i, inner, m);
        const kind = special(p, m, scratch, detect);
        if (kind === Special.Severity) {
            severity = severityOfWord(p, m.valueStart + 1, m.valueEnd - m.valueStart - 2, true);
            haveSeverity = true;
        } else if (kind === Special.Level) {
            if (!haveSeverity) severity = severityOfWord(p, m.valueStart + 1, m.valueEnd - m.valueStart - 2, true);
            payloadMembers++;
            messageOnly = false;
        } else if (kind === Special.InsertId) {
            bufferWriteText(b, '"insertId":');
            writeRaw(b, p, m.valueStart, m.valueEnd);
            bufferWriteByte(b, 44);
        } else if (kind === Special.Trace) {
            bufferWriteText(b, '"trace":');
            writeRaw(b, p, m.valueStart, m.valueEnd);
            bufferWriteByte(b, 44);
        } else if (kind === Special.SpanId) {
            bufferWriteText(b, '"spanId":');
            writeRaw(b, p, m.valueStart, m.valueEnd);
            bufferWriteByte(b, 44);
        } else if (kind === Special.TraceSampled) {
            bufferWriteText(b, '"traceSampled":');
            writeRaw(b, p, m.valueStart, m.valueEnd);
            bufferWriteByte(b, 44);
        } else if (kind === Special.SourceLocation) {
            bufferWriteText(b, '"sourceLocation":');
            writeRaw(b, p, m.valueStart, m.valueEnd);
            bufferWriteByte(b, 44);
        } else if (kind === Special.Operation) {
            bufferWriteText(b, '"operation":');
            writeRaw(b, p, m.valueStart, m.valueEnd);
            bufferWriteByte(b, 44);
        } else if (kind === Special.Labels) {
            if (!labelsWritten) {
                bufferWriteText(b, '"labels":');
                writeRaw(b, p, m.valueStart, m.valueEnd);
                bufferWriteByte(b, 44);
            }
            labelsWritten = true;
        } else {
            payloadMembers++;
            messageOnly = payloadMembers === 1 && kind === Special.Message;
        }
    }
    if (severity !== Severity.Default) {
        bufferWriteText(b, '"severity":"');
        bufferWriteSString(b, severityName(severity));
        bufferWriteText(b, '",');
    }
    // Second pass: the payload.
    let first = true;
    if (messageOnly) bufferWriteText(b, '"textPayload":');
    else bufferWriteText(b, '"jsonPayload":{');
    i = skipSpace(p, open + 1, inner);
    while (i < inner) {
        i = readMember(p, i, inner, m);
        const kind = special(p, m, scratch, detect);
        if (kind !== Special.None && kind !== Special.Level && kind !== Special.Message) continue;
        if (messageOnly) {
            writeRaw(b, p, m.valueStart, m.valueEnd);
            continue;
        }
        if (!first) bufferWriteByte(b, 44);
        writeMember(b, p, m);
        first = false;
    }
    if (!messageOnly) bufferWriteByte(b, 125);
    return true;
}
