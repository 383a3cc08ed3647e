// Severity of a console line, for LogEntry.severity. Detected from what programs conventionally
// put first on a line: a syslog priority `<N>` (N mod 8 is the RFC 5424 severity), or a level word,
// bare or in brackets, in any case: `ERROR: ...`, `[warn] ...`, `Info ...`. A JSON line's
// `severity` or `level` member uses the same words. Anything else is DEFAULT. Pure: no kernel calls.
import { bytes, u32 } from '../dialect';
import { BytePtr, CString, SString } from '../nanos';

/** google.logging.type.LogSeverity, in order. */
export const enum Severity { Default, Debug, Info, Notice, Warning, Error, Critical, Alert, Emergency }

/**
 * Level words and their severity digit ("word=digit,"), longest first where one is a prefix of
 * another; the table ends with a dot (not the NUL, so that Node, which has none, stops too).
 */
const WORDS: CString = 'emergency=8,emerg=8,panic=8,alert=7,critical=6,crit=6,fatal=6,error=5,err=5,warning=4,warn=4,notice=3,information=2,info=2,debug=1,trace=1,.';
const END_OF_TABLE = '.'.charCodeAt(0);

function lower(c: u32): u32 {
    return c >= 'A'.charCodeAt(0) && c <= 'Z'.charCodeAt(0) ? c + 32 : c;
}

function isWordByte(c: u32): boolean {
    return (c >= 'a'.charCodeAt(0) && c <= 'z'.charCodeAt(0)) || (c >= 'A'.charCodeAt(0) &&
        c <= 'Z'.charCodeAt(0)) || (c >= '0'.charCodeAt(0) && c <= '9'.charCodeAt(0)) || c === '_'.charCodeAt(0);
}

/** Whether some level word of WORDS starts with the (lowercase) letter c. */
function startsLevelWord(c: u32): boolean {
    switch (c) {
        case 'e'.charCodeAt(0):
        case 'p'.charCodeAt(0):
        case 'a'.charCodeAt(0):
        case 'c'.charCodeAt(0):
        case 'f'.charCodeAt(0):
        case 'w'.charCodeAt(0):
        case 'n'.charCodeAt(0):
        case 'i'.charCodeAt(0):
        case 'd'.charCodeAt(0):
        case 't'.charCodeAt(0):
            return true;
        default:
            return false;
    }
}

/**
 * The severity of the level word p[at .. at + n) if the whole of it is one (wholeOnly), or if it
 * starts with one followed by a non-word byte or the end; Default otherwise.
 */
export function severityOfWord(p: BytePtr, at: bytes, n: bytes, wholeOnly: boolean): Severity {
    // Most lines start with a letter no level word starts with (or none): no need to walk the
    // table, which took a tenth of the klib's CPU when every line did.
    if (n === 0 || !startsLevelWord(lower(p[at]))) return Severity.Default;
    let i: bytes = 0;
    while (WORDS.charCodeAt(i) !== END_OF_TABLE) {
        let k: bytes = 0;
        let match = true;
        while (WORDS.charCodeAt(i + k) !== '='.charCodeAt(0)) {
            if (match && (k >= n || lower(p[at + k]) !== WORDS.charCodeAt(i + k))) match = false;
            k++;
        }
        const digit: u32 = WORDS.charCodeAt(i + k + 1) - '0'.charCodeAt(0);
        if (match && (k === n || (!wholeOnly && !isWordByte(p[at + k])))) return digit as Severity;
        i += k + 3;
    }
    return Severity.Default;
}

/** The severity a text line announces at its start (after spaces), or Default. */
export function detectSeverity(p: BytePtr, at: bytes, n: bytes): Severity {
    let i: bytes = 0;
    while (i < n && (p[at + i] === ' '.charCodeAt(0) || p[at + i] === '\t'.charCodeAt(0))) i++;
    if (i >= n) return Severity.Default;
    const first: u32 = p[at + i];
    // <N>: a syslog priority, facility * 8 + severity, up to 191.
    if (first === '<'.charCodeAt(0)) {
        let value: u32 = 0;
        let digits: u32 = 0;
        let k: bytes = i + 1;
        while (k < n && digits < 3 && p[at + k] >= '0'.charCodeAt(0) && p[at + k] <= '9'.charCodeAt(0)) {
            value = value * 10 + (p[at + k] - '0'.charCodeAt(0));
            digits++;
            k++;
        }
        if (digits === 0 || k >= n || p[at + k] !== '>'.charCodeAt(0) || value > 191) return Severity.Default;
        return (Severity.Emergency - (value & 7)) as Severity;
    }
    if (first === '['.charCodeAt(0)) {
        const s = severityOfWord(p, at + i + 1, n - i - 1, false);
        // Only a bracket that closes right after the word: "[warn]", not "[warnings: 3]".
        let w: bytes = i + 1;
        while (w < n && isWordByte(p[at + w])) w++;
        return w < n && p[at + w] === ']'.charCodeAt(0) ? s : Severity.Default;
    }
    return severityOfWord(p, at + i, n - i, false);
}

/** The enum name Cloud Logging takes for s. */
export function severityName(s: Severity): SString {
    switch (s) {
        case Severity.Debug: return 'DEBUG';
        case Severity.Info: return 'INFO';
        case Severity.Notice: return 'NOTICE';
        case Severity.Warning: return 'WARNING';
        case Severity.Error: return 'ERROR';
        case Severity.Critical: return 'CRITICAL';
        case Severity.Alert: return 'ALERT';
        case Severity.Emergency: return 'EMERGENCY';
        default: return 'DEFAULT';
    }
}
