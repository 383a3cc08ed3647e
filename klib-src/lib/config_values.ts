// Values of manifest keys, for the klibs' configuration readers. Ops writes every
// ManifestPassthrough value as a string ("5", "4m"); other tools may give integers. A value that is
// not what a reader wants comes back as NOT_A_NUMBER (or null), and the reader says which key.
import { bytes, u64 } from '../dialect';
import {
    allocateBuffer, Buffer, bufferByte, bufferFind, bufferLength, bufferWriteByte, Heap, INVALID_ADDRESS, isString,
    pushBuffer, SString, Value, valueBuffer, valueU64,
} from '../nanos';

/** What the number readers answer for a value that is not a number they accept. */
export const NOT_A_NUMBER: u64 = 0xffffffffffffffffn;

/** The digits of b[from, to) as a number; NOT_A_NUMBER when empty, not digits, or too large. */
export function parseDecimal(b: Buffer, from: bytes, to: bytes): u64 {
    if (from >= to) return NOT_A_NUMBER;
    let n: u64 = 0;
    for (let i: bytes = from; i < to; i++) {
        const c = bufferByte(b, i);
        if (c < '0'.charCodeAt(0) || c > '9'.charCodeAt(0)) return NOT_A_NUMBER;
        if (n > Math.trunc((NOT_A_NUMBER - 1 - (c - '0'.charCodeAt(0))) / 10)) return NOT_A_NUMBER;
        n = n * 10 + (c - '0'.charCodeAt(0));
    }
    return n;
}

/** A string of decimal digits, or an integer value: its number; NOT_A_NUMBER otherwise. */
export function numberOf(v: Value): u64 {
    if (!isString(v)) return valueU64(v, NOT_A_NUMBER);
    const b = valueBuffer(v);
    return parseDecimal(b, 0, bufferLength(b));
}

/** The stock size syntax: digits with one optional k/m/g suffix (powers of 1024). */
export function parseSize(b: Buffer): u64 {
    const n = bufferLength(b);
    if (n === 0) return NOT_A_NUMBER;
    const last = bufferByte(b, n - 1) | 0x20;
    let shift: u64 = 0;
    if (last === 'k'.charCodeAt(0)) shift = 10;
    else if (last === 'm'.charCodeAt(0)) shift = 20;
    else if (last === 'g'.charCodeAt(0)) shift = 30;
    const digits = parseDecimal(b, 0, shift === 0 ? n : n - 1);
    if (digits === NOT_A_NUMBER || digits > (NOT_A_NUMBER >>> shift) - 1) return NOT_A_NUMBER;
    return digits << shift;
}

/** A size string (parseSize), or an integer value: the size in bytes; NOT_A_NUMBER otherwise. */
export function sizeOf(v: Value): u64 {
    if (!isString(v)) return valueU64(v, NOT_A_NUMBER);
    return parseSize(valueBuffer(v));
}

/**
 * `logging.buffer_size` of the cloud klibs (cloudwatch, gcp): the log ring, allocated whole at boot
 * from the kernel's vmem heap and kept for the VM's life. 256 MiB holds minutes of output at the
 * rate one CloudWatch stream or Cloud Logging client takes (a few MB/s) and hours at ordinary
 * rates, and is memory a VM gives up for good; a ring that cannot be allocated is a console line
 * naming the key and the size, and the klib runs without log shipping.
 */
export const LOG_BUFFER_MIN_BYTES: u64 = 64 << 10;
export const LOG_BUFFER_MAX_BYTES: u64 = 256 << 20;
/** What is said of a logging.buffer_size that is not valid, after its key. */
export const LOG_BUFFER_RULE: SString = 'must be a size from 64k to 256m: bytes, or a number with a k, m or g suffix (such as 4m)';

/** A logging.buffer_size value in bytes (sizeOf); NOT_A_NUMBER when it is not a size in range. */
export function logBufferSizeOf(v: Value): u64 {
    const n = sizeOf(v);
    return n >= LOG_BUFFER_MIN_BYTES && n <= LOG_BUFFER_MAX_BYTES ? n : NOT_A_NUMBER;
}

/** Whether b looks like PEM text: a `-----BEGIN ` line somewhere in it. */
export function isPemText(b: Buffer): boolean {
    return bufferFind(b, '-----BEGIN ') >= 0;
}

/** A copy of b with a NUL after it (mbedtls's PEM parser wants one, counted in the length); null when out of memory. */
export function copyWithNul(h: Heap, b: Buffer): Buffer | null {
    const copy = allocateBuffer(h, bufferLength(b) + 1);
    if (copy === INVALID_ADDRESS) return null;
    pushBuffer(copy, b);
    bufferWriteByte(copy, 0);
    return copy;
}
