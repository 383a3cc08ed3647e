// One syslog message from one event of the log pipe: the RFC 5424 or RFC 3164 header, then the
// console line (or the klib's own report of lines lost to a full buffer).
import { bytes, timestamp, u8, u32 } from '../dialect';
import { Buffer, BytePtr, bufferWrite, bufferWriteByte, bufferWriteFrom, bufferWriteText, pushBuffer } from '../nanos';
import { LOGPIPE_LOSS_TEXT_PREFIX_LENGTH } from '../logpipe/loss_text';
import { Config, Format } from './config';
import { writeDecimal, writeRfc3164Time, writeRfc3339 } from './text';

const SEVERITY_WARNING: u32 = 4;
const SEVERITY_INFO: u32 = 6;
const SPACE: u8 = ' '.charCodeAt(0);
const DASH: u8 = '-'.charCodeAt(0);

/**
 * Appends the text of a line, or of a loss report in the klib's words: logpipe's report ("logpipe:
 * N lines, M bytes dropped (log buffer full)") with "syslog: " for its prefix.
 */
export function writeLineText(b: Buffer, data: BytePtr, length: bytes, loss: boolean): boolean {
    if (!loss || length < LOGPIPE_LOSS_TEXT_PREFIX_LENGTH) return bufferWrite(b, data, length);
    bufferWriteText(b, 'syslog: ');
    return bufferWriteFrom(b, data, LOGPIPE_LOSS_TEXT_PREFIX_LENGTH, length - LOGPIPE_LOSS_TEXT_PREFIX_LENGTH);
}

/**
 * Appends the message for one line (`data`, `length` bytes, printed at `stamp`; `loss`: the klib's
 * own loss report): header, then the text (the log pipe cuts lines at config.maxMessage bytes).
 */
export function writeMessage(b: Buffer, c: Config, host: Buffer, data: BytePtr, length: bytes, stamp: timestamp,
                             loss: boolean): boolean {
    // The console cannot tell stdout from stderr: program lines are informational; the klib's own
    // loss reports are warnings.
    const severity = loss ? SEVERITY_WARNING : SEVERITY_INFO;
    bufferWriteByte(b, '<'.charCodeAt(0));
    writeDecimal(b, c.facility * 8 + severity, 1, '0'.charCodeAt(0));
    bufferWriteByte(b, '>'.charCodeAt(0));
    if (c.format === Format.Rfc5424) {
        bufferWriteByte(b, '1'.charCodeAt(0));
        bufferWriteByte(b, SPACE);
        writeRfc3339(b, stamp);
    } else {
        writeRfc3164Time(b, stamp);
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
    return writeLineText(b, data, length, loss);
}
