// Writing numbers and UTC dates as text into a buffer, digit by digit: the kernel's bprintf has no
// field widths, and syslog headers need fixed-width fields. Generic helpers (no syslog knowledge).
import { timestamp, u8, u32, u64 } from '../dialect';
import { Buffer, bufferWriteByte, CString } from '../nanos';
import { civilDate } from '../lib/time_format';

const ZERO = '0'.charCodeAt(0);
const SPACE = ' '.charCodeAt(0);
const SECONDS_PER_DAY: u64 = 86400;
const MONTH_NAMES: CString = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** Appends n in decimal, left-padded with `pad` to at least `width` characters. */
export function writeDecimal(b: Buffer, n: u64, width: u32, pad: u8): void {
    let digits: u32 = 1;
    let scale: u64 = 1;
    while (Math.trunc(n / scale) >= 10) {
        scale *= 10;
        digits++;
    }
    for (let i: u32 = digits; i < width; i++) bufferWriteByte(b, pad);
    while (scale > 0) {
        bufferWriteByte(b, ZERO + (Math.trunc(n / scale) % 10) as u8);
        scale = Math.trunc(scale / 10);
    }
}

function writeClock(b: Buffer, secs: u64): void {
    const inDay = secs % SECONDS_PER_DAY;
    writeDecimal(b, Math.trunc(inDay / 3600), 2, ZERO);
    bufferWriteByte(b, ':'.charCodeAt(0));
    writeDecimal(b, Math.trunc(inDay / 60) % 60, 2, ZERO);
    bufferWriteByte(b, ':'.charCodeAt(0));
    writeDecimal(b, inDay % 60, 2, ZERO);
}

/** Appends t (kernel REALTIME) in RFC 3339 form, UTC, with microseconds: 2026-07-15T09:30:01.250000Z. */
export function writeRfc3339(b: Buffer, t: timestamp): void {
    const secs: u64 = t >>> 32;
    const micros: u64 = ((t & 0xffffffff) * 1000000) >>> 32;
    // year * 10000 + month * 100 + day
    const date = civilDate(Math.trunc(secs / SECONDS_PER_DAY));
    writeDecimal(b, Math.trunc(date / 10000), 4, ZERO);
    bufferWriteByte(b, '-'.charCodeAt(0));
    writeDecimal(b, Math.trunc(date / 100) % 100, 2, ZERO);
    bufferWriteByte(b, '-'.charCodeAt(0));
    writeDecimal(b, date % 100, 2, ZERO);
    bufferWriteByte(b, 'T'.charCodeAt(0));
    writeClock(b, secs);
    bufferWriteByte(b, '.'.charCodeAt(0));
    writeDecimal(b, micros, 6, ZERO);
    bufferWriteByte(b, 'Z'.charCodeAt(0));
}

/** Appends t in the RFC 3164 form, UTC: "Jul  5 09:30:01" (day padded with a space). */
export function writeRfc3164Time(b: Buffer, t: timestamp): void {
    const secs: u64 = t >>> 32;
    const date = civilDate(Math.trunc(secs / SECONDS_PER_DAY));
    const month = Math.trunc(date / 100) % 100 - 1;
    for (let i: u64 = 0; i < 3; i++) bufferWriteByte(b, MONTH_NAMES.charCodeAt(month * 3 + i));
    bufferWriteByte(b, SPACE);
    writeDecimal(b, date % 100, 2, SPACE);
    bufferWriteByte(b, SPACE);
    writeClock(b, secs);
}
