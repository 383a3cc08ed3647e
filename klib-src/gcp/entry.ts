// One LogEntry of an entries.write request: the capture time as an RFC 3339 timestamp with
// nanoseconds, the severity, and the line as textPayload, or as a structured entry when it is a
// JSON object (structured.ts). A loss report is a WARNING.
import { bytes, timestamp, u32, u64 } from '../dialect';
import {
    Buffer, bufferData, bufferEnd, bufferExtend, bufferLength, bufferProduce, bufferReset, bufferWrite, BytePtr, bufferWriteByte,
    bufferWriteSString, bufferWriteText,
} from '../nanos';
import { putDecimal } from '../lib/ascii';
import { JsonReader } from '../lib/json_reader';
import { formatRfc3339Nanos, RFC3339_NANOS_LENGTH, TIME_FORMAT_LIMIT } from '../lib/time_format';
import { jsonAppendEscaped } from './json_text';
import { detectSeverity, Severity, severityName } from './severity';
import { looksLikeObject, Member, writeStructured } from './structured';

/** Scratch records the structured path needs (allocated once by the log pipeline). */
export interface EntryScratch {
    reader: JsonReader;
    member: Member;
    inner: Member;
    /**
     * The date and time to the second (2026-11-25T09:07:35) of the entry written last, and its
     * second: the entries of a burst share it, and the calendar arithmetic and digits for each
     * cost the klib more than its encryption.
     */
    second: u64;
    secondText: Buffer;
}

/** The digits after the second that formatRfc3339Nanos writes: .123456789Z */
const FRACTION_LENGTH: bytes = 11;

/** Appends a kernel timestamp (seconds in the high 32 bits) as a quoted RFC 3339 time with nanoseconds. */
export function writeRfc3339(b: Buffer, t: timestamp): void {
    let seconds: u64 = t >> 32;
    if (seconds >= TIME_FORMAT_LIMIT) seconds = TIME_FORMAT_LIMIT - 1;
    const nanos: u64 = ((t & 0xffffffff) * 1000000000) >> 32;
    bufferWriteByte(b, '"'.charCodeAt(0));
    if (bufferExtend(b, RFC3339_NANOS_LENGTH)) {
        bufferProduce(b, formatRfc3339Nanos(seconds, nanos as u32, bufferEnd(b)));
    }
    bufferWriteByte(b, '"'.charCodeAt(0));
}

// writeRfc3339 for an entry, the date and time written again only when the second changed.
function writeEntryTime(b: Buffer, s: EntryScratch, t: timestamp): void {
    let seconds: u64 = t >> 32;
    if (seconds >= TIME_FORMAT_LIMIT) seconds = TIME_FORMAT_LIMIT - 1;
    const nanos: u64 = ((t & 0xffffffff) * 1000000000) >> 32;
    const text = s.secondText;
    if (s.second !== seconds || bufferLength(text) === 0) {
        bufferReset(text);
        if (bufferExtend(text, RFC3339_NANOS_LENGTH)) {
            const n: bytes = formatRfc3339Nanos(seconds, 0, bufferEnd(text));
            if (n > FRACTION_LENGTH) bufferProduce(text, n - FRACTION_LENGTH);
        }
        s.second = seconds;
    }
    bufferWriteByte(b, '"'.charCodeAt(0));
    if (bufferLength(text) > 0 && bufferExtend(b, RFC3339_NANOS_LENGTH)) {
        bufferWrite(b, bufferData(text), bufferLength(text));
        const d = bufferEnd(b);
        d[0] = '.'.charCodeAt(0);
        putDecimal(d, 1, nanos as u32, 9);
        d[10] = 'Z'.charCodeAt(0);
        bufferProduce(b, FRACTION_LENGTH);
    }
    bufferWriteByte(b, '"'.charCodeAt(0));
}

/** Appends the LogEntry for the line p[off .. off + n), captured at `stamp`. */
export function writeEntry(b: Buffer, s: EntryScratch, p: BytePtr, off: bytes, n: bytes, stamp: timestamp,
                           loss: boolean, detect: boolean): void {
    bufferWriteByte(b, '{'.charCodeAt(0));
    // A structured line writes its own timestamp: the line may give the time (structured.ts).
    if (!loss && looksLikeObject(p, off, n) && writeStructured(b, s.reader, s.member, s.inner, p, off, n, stamp, detect)) {
        bufferWriteByte(b, '}'.charCodeAt(0));
        return;
    }
    bufferWriteText(b, '"timestamp":');
    writeEntryTime(b, s, stamp);
    bufferWriteByte(b, ','.charCodeAt(0));
    const severity: Severity = loss ? Severity.Warning : detect ? detectSeverity(p, off, n) : Severity.Default;
    if (severity !== Severity.Default) {
        bufferWriteText(b, '"severity":"');
        bufferWriteSString(b, severityName(severity));
        bufferWriteText(b, '",');
    }
    bufferWriteText(b, '"textPayload":"');
    jsonAppendEscaped(b, p, off, n);
    bufferWriteText(b, '"}');
}
