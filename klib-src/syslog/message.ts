// One syslog message from one ring record: the RFC 5424 or RFC 3164 header, then the console line.
import { u8, u32, u64 } from '../dialect';
import { Buffer, bufferWriteByte, pushBuffer } from '../nanos';
import { Config, Format } from './config';
import { RECORD_OWN, recordCopy, recordFlags, recordLength, recordTime } from './ring';
import { writeDecimal, writeRfc3164Time, writeRfc3339 } from './text';

const SEVERITY_WARNING: u32 = 4;
const SEVERITY_INFO: u32 = 6;
const SPACE: u8 = ' '.charCodeAt(0);
const DASH: u8 = '-'.charCodeAt(0);

/** True for records that carry no text (an empty console line): the network skips them. */
export function isEmptyRecord(pos: u64): boolean {
    return recordLength(pos) === 0;
}

/** Appends the message for the record at pos: header, then at most config.maxMessage bytes of text. */
export function writeMessage(b: Buffer, c: Config, host: Buffer, pos: u64): boolean {
    // The console cannot tell stdout from stderr: program lines are informational; the klib's own
    // loss reports are warnings.
    const severity = (recordFlags(pos) & RECORD_OWN) !== 0 ? SEVERITY_WARNING : SEVERITY_INFO;
    bufferWriteByte(b, '<'.charCodeAt(0));
    writeDecimal(b, c.facility * 8 + severity, 1, '0'.charCodeAt(0));
    bufferWriteByte(b, '>'.charCodeAt(0));
    if (c.format === Format.Rfc5424) {
        bufferWriteByte(b, '1'.charCodeAt(0));
        bufferWriteByte(b, SPACE);
        writeRfc3339(b, recordTime(pos));
    } else {
        writeRfc3164Time(b, recordTime(pos));
    }
    bufferWriteByte(b, SPACE);
    pushBuffer(b, host);
    bufferWriteByte(b, SPACE);
    if (c.appName !== null) pushBuffer(b, c.appName);
    if (c.format === Format.Rfc5424) {
        // PROCID, MSGID and STRUCTURED-DATA: none.
        bufferWriteByte(b, SPACE);
        bufferWriteByte(b, DASH);
        bufferWriteByte(b, SPACE);
        bufferWriteByte(b, DASH);
        bufferWriteByte(b, SPACE);
        bufferWriteByte(b, DASH);
        bufferWriteByte(b, SPACE);
    } else {
        bufferWriteByte(b, ':'.charCodeAt(0));
        bufferWriteByte(b, SPACE);
    }
    return recordCopy(pos, b, c.maxMessage);
}
