// The forms a configuration value is written in, one parser each: decimal numbers, sizes (k, m, g
// suffixes), durations (ms, s, m, h), words of a list, characters of a class, host names and
// `host:port`, PEM text. Every klib reads its manifest keys through these (lib/config_map.ts), so
// a form means the same in every klib. Pure: no kernel calls, so the same code runs under Node in
// the tests; every number stays below 10^15, exact in both.
import { bytes, u32, u64 } from '../dialect';
import { BytePtr, CString } from '../nanos';
import { isDigit, lowerCase } from './ascii.ts';

/** What the parsers answer for text that is not a value they accept; every value they accept is below it. */
export const NOT_A_NUMBER: u64 = 1000000000000000;

const HOST_MAX: bytes = 253;
const PEM_BEGIN: CString = '-----BEGIN ';
const PEM_BEGIN_LENGTH: bytes = 11;
const MS_PER_SECOND: u64 = 1000;
const MS_PER_MINUTE: u64 = 60 * 1000;
const MS_PER_HOUR: u64 = 3600 * 1000;

/** The digits p[from, to) as a number; NOT_A_NUMBER when empty, not only digits, or too large. */
export function decimalValue(p: BytePtr, from: bytes, to: bytes): u64 {
    if (from >= to) return NOT_A_NUMBER;
    let n: u64 = 0;
    for (let i: bytes = from; i < to; i++) {
        const c: u32 = p[i];
        if (!isDigit(c) || n >= Math.trunc(NOT_A_NUMBER / 10)) return NOT_A_NUMBER;
        n = n * 10 + (c - '0'.charCodeAt(0));
    }
    return n;
}

/** n * unit, or NOT_A_NUMBER when n is not a number or the product reaches it. */
function scaled(n: u64, unit: u64): u64 {
    if (n === NOT_A_NUMBER || n > Math.trunc((NOT_A_NUMBER - 1) / unit)) return NOT_A_NUMBER;
    return n * unit;
}

/** A size in bytes: digits with one optional k, m or g suffix (powers of 1024, either case). */
export function sizeValue(p: BytePtr, from: bytes, to: bytes): u64 {
    if (from >= to) return NOT_A_NUMBER;
    const last = lowerCase(p[to - 1]);
    if (last === 'k'.charCodeAt(0)) return scaled(decimalValue(p, from, to - 1), 1024);
    if (last === 'm'.charCodeAt(0)) return scaled(decimalValue(p, from, to - 1), 1024 * 1024);
    if (last === 'g'.charCodeAt(0)) return scaled(decimalValue(p, from, to - 1), 1024 * 1024 * 1024);
    return decimalValue(p, from, to);
}

/**
 * A duration in milliseconds: digits with one unit, `ms`, `s`, `m` or `h` (`500ms`, `10s`, `2m`,
 * `1h`), or bare digits, which count `bareMs` milliseconds each (1000 where a plain number has
 * always meant seconds).
 */
export function durationValue(p: BytePtr, from: bytes, to: bytes, bareMs: u64): u64 {
    if (from >= to) return NOT_A_NUMBER;
    const last: u32 = p[to - 1];
    if (last === 's'.charCodeAt(0)) {
        if (to - from >= 2 && p[to - 2] === 'm'.charCodeAt(0)) return decimalValue(p, from, to - 2);
        return scaled(decimalValue(p, from, to - 1), MS_PER_SECOND);
    }
    if (last === 'm'.charCodeAt(0)) return scaled(decimalValue(p, from, to - 1), MS_PER_MINUTE);
    if (last === 'h'.charCodeAt(0)) return scaled(decimalValue(p, from, to - 1), MS_PER_HOUR);
    return scaled(decimalValue(p, from, to), bareMs);
}

/** Where `..` starts in p[0, n) (a range `lo..hi`), or n when there is none. */
export function rangeDots(p: BytePtr, n: bytes): bytes {
    for (let i: bytes = 0; i + 1 < n; i++) {
        if (p[i] === '.'.charCodeAt(0) && p[i + 1] === '.'.charCodeAt(0)) return i;
    }
    return n;
}

/** Where the space-separated word after position `at` starts in p[0, n) (n when there is none). */
export function nextWord(p: BytePtr, n: bytes, at: bytes): bytes {
    let i = at;
    while (i < n && p[i] !== ' '.charCodeAt(0)) i++;
    while (i < n && p[i] === ' '.charCodeAt(0)) i++;
    return i;
}

/** The end of the word starting at `at` in p[0, n). */
export function wordEnd(p: BytePtr, n: bytes, at: bytes): bytes {
    let i = at;
    while (i < n && p[i] !== ' '.charCodeAt(0)) i++;
    return i;
}

/** The position of the word v[from, to) among the space-separated words of list[0, n), or NOT_A_NUMBER. */
export function wordIndex(list: BytePtr, n: bytes, v: BytePtr, from: bytes, to: bytes): u64 {
    let index: u64 = 0;
    for (let at: bytes = 0; at < n; at = nextWord(list, n, at)) {
        const end = wordEnd(list, n, at);
        if (end - at === to - from) {
            let same = true;
            for (let i: bytes = 0; same && i < end - at; i++) same = list[at + i] === v[from + i];
            if (same) return index;
        }
        index++;
    }
    return NOT_A_NUMBER;
}

/** How many space-separated words list[0, n) holds. */
export function wordCount(list: BytePtr, n: bytes): u64 {
    let count: u64 = 0;
    for (let at: bytes = 0; at < n; at = nextWord(list, n, at)) count++;
    return count;
}

/** True for the control characters (below space, and DEL), which no text value may hold. */
export function isControl(c: u32): boolean {
    return c < ' '.charCodeAt(0) || c === 127;
}

/**
 * Whether byte c is in the character class cls[from, to), written as in a regular expression
 * without its brackets: single characters and ranges (`A-Za-z0-9_./-`, a `-` last is itself),
 * or `^` and the characters excluded (`^:`). No class (from === to) takes any character; no class
 * takes a control character unless it names it.
 */
export function inClass(cls: BytePtr, from: bytes, to: bytes, c: u32): boolean {
    if (from === to) return !isControl(c);
    const negated = cls[from] === '^'.charCodeAt(0);
    let found = false;
    for (let i: bytes = negated ? from + 1 : from; i < to && !found; i++) {
        if (i + 2 < to && cls[i + 1] === '-'.charCodeAt(0)) {
            found = c >= cls[i] && c <= cls[i + 2];
            i += 2;
        } else {
            found = c === cls[i];
        }
    }
    return negated ? !found && !isControl(c) : found;
}

function isHostByte(c: u32): boolean {
    return (c >= 'a'.charCodeAt(0) && c <= 'z'.charCodeAt(0)) || (c >= 'A'.charCodeAt(0) && c <= 'Z'.charCodeAt(0)) ||
        isDigit(c) || c === '.'.charCodeAt(0) || c === '-'.charCodeAt(0);
}

/** A host name in p[from, to): 1 to 253 letters, digits, dots and dashes. */
export function isHost(p: BytePtr, from: bytes, to: bytes): boolean {
    if (from >= to || to - from > HOST_MAX) return false;
    for (let i: bytes = from; i < to; i++) if (!isHostByte(p[i])) return false;
    return true;
}

/** `host` or `host:port` in p[0, n), the port 1 to 65535. */
export function isEndpoint(p: BytePtr, n: bytes): boolean {
    let colon: bytes = n;
    for (let i: bytes = 0; i < n && colon === n; i++) if (p[i] === ':'.charCodeAt(0)) colon = i;
    if (!isHost(p, 0, colon)) return false;
    if (colon === n) return true;
    const port = decimalValue(p, colon + 1, n);
    return port >= 1 && port <= 65535;
}

/** Whether p[0, n) looks like PEM text: a `-----BEGIN ` line somewhere in it. */
export function isPem(p: BytePtr, n: bytes): boolean {
    for (let at: bytes = 0; at + PEM_BEGIN_LENGTH <= n; at++) {
        let same = true;
        for (let j: bytes = 0; same && j < PEM_BEGIN_LENGTH; j++) same = p[at + j] === PEM_BEGIN.charCodeAt(j);
        if (same) return true;
    }
    return false;
}
