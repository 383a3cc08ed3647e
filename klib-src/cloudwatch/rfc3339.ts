// Reading the RFC 3339 times the metadata service writes (Expiration: 2026-11-25T15:04:05Z).
import { bytes, u64 } from '../dialect';
import { BytePtr } from '../nanos';
import { daysFromCivil } from '../lib/time_format.ts';

const BAD: u64 = 0xffffffffffffffffn;

function digits(p: BytePtr, at: bytes, n: bytes): u64 {
    let v: u64 = 0;
    for (let i: bytes = 0; i < n; i++) {
        const c: u64 = p[at + i];
        if (c < '0'.charCodeAt(0) || c > '9'.charCodeAt(0)) return BAD;
        v = v * 10 + (c - '0'.charCodeAt(0));
    }
    return v;
}

/**
 * Unix seconds of YYYY-MM-DDTHH:MM:SS followed by Z or a fraction then Z (offsets other than Z are
 * not produced by IMDS); 0 when the text is not such a time.
 */
export function parseRfc3339Seconds(p: BytePtr, n: bytes): u64 {
    if (n < 20 || p[4] !== '-'.charCodeAt(0) || p[7] !== '-'.charCodeAt(0) || (p[10] !== 'T'.charCodeAt(0) &&
        p[10] !== 't'.charCodeAt(0)) || p[13] !== ':'.charCodeAt(0) || p[16] !== ':'.charCodeAt(0)) return 0;
    const year = digits(p, 0, 4);
    const month = digits(p, 5, 2);
    const day = digits(p, 8, 2);
    const hour = digits(p, 11, 2);
    const minute = digits(p, 14, 2);
    const second = digits(p, 17, 2);
    if (year === BAD || month === BAD || day === BAD || hour === BAD || minute === BAD || second === BAD) return 0;
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return 0;
    const last: u64 = p[n - 1];
    if (last !== 'Z'.charCodeAt(0) && last !== 'z'.charCodeAt(0)) return 0;
    return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}
