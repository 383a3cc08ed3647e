// The text of the entry that reports lost console output: "logpipe: N lines, M bytes dropped
// (log buffer full)". Pure (runs under Node too).
import { bytes, u32, u64 } from '../dialect';
import { BytePtr, CString } from '../nanos';

const LOSS_TEXT_PREFIX: CString = 'logpipe: ';
const LOSS_TEXT_PREFIX_LENGTH: u32 = 9;
const LOSS_TEXT_LINES: CString = ' lines, ';
const LOSS_TEXT_LINES_LENGTH: u32 = 8;
const LOSS_TEXT_SUFFIX: CString = ' bytes dropped (log buffer full)';
const LOSS_TEXT_SUFFIX_LENGTH: u32 = 32;

/** The length of the report's "logpipe: " prefix: a klib that words the report as its own skips it. */
export const LOGPIPE_LOSS_TEXT_PREFIX_LENGTH: u32 = 9;

/** The longest text logpipeFormatLoss writes (two 20-digit numbers). */
export const LOGPIPE_LOSS_TEXT_MAX: u32 = 89;

function putText(dst: BytePtr, at: bytes, text: CString, length: u32): bytes {
    for (let i: u32 = 0; i < length; i++) dst[at + i] = text.charCodeAt(i);
    return at + length;
}

function putDecimal(dst: BytePtr, at: bytes, value: u64): bytes {
    let digits: u32 = 1;
    for (let v: u64 = value; v >= 10; v = Math.trunc(v / 10)) digits++;
    let v: u64 = value;
    for (let i: u32 = digits; i > 0; i--) {
        dst[at + i - 1] = 48 + (v % 10);
        v = Math.trunc(v / 10);
    }
    return at + digits;
}

/** Writes the report for `lines` lines and `lost` bytes at dst[at..]; returns its length. */
export function logpipeFormatLoss(dst: BytePtr, at: bytes, lines: u64, lost: u64): u32 {
    let end: bytes = putText(dst, at, LOSS_TEXT_PREFIX, LOSS_TEXT_PREFIX_LENGTH);
    end = putDecimal(dst, end, lines);
    end = putText(dst, end, LOSS_TEXT_LINES, LOSS_TEXT_LINES_LENGTH);
    end = putDecimal(dst, end, lost);
    end = putText(dst, end, LOSS_TEXT_SUFFIX, LOSS_TEXT_SUFFIX_LENGTH);
    return (end - at) as u32;
}
