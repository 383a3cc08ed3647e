// The vocabulary of a klib's table of keys, and what a row accepts in words. Each klib declares the
// keys of its manifest tuple once, as `const KEYS: readonly ConfigKey[]` in its config module;
// lib/config_map.ts reads the tuple by it and, for a value that is not valid, gives the row's rule
// (writeRule) after "must be": `1s..1h` is "a duration from 1s to 1h ...", `1..512 [^:]` "1 to 512
// characters, without control characters or ':'", `udp tcp tls` "one of udp, tcp, tls".
// codegen/config_tables.ts writes the README's key table from the same rows (`npm run gen`), in its
// own words. lib/README.md, "Configuration", has the whole story.
import { bytes } from '../dialect';
import { bprintf, Buffer, BytePtr, bufferWriteByte, bufferWriteFrom, bufferWriteSString, SString } from '../nanos';
import { decimalValue, nextWord, rangeDots, wordCount, wordEnd } from './config_forms.ts';
import { sstringData, sstringSize } from './record_fields';

/** How a key's value is written, and what its field holds (the table tool checks the field's type). */
export const enum ConfigKind {
    /** A tuple of further keys (`logging`); its presence sets the field (boolean). */
    Section,
    /** The same, except that a value other than a tuple is ignored (the stock gcp klib's `metrics.disk`). */
    LaxSection,
    /** Any value; its presence sets the field (boolean). */
    Presence,
    /** on, off, true or false (boolean). */
    Switch,
    /** A decimal number within the range (u64). */
    Integer,
    /** Bytes, or a number with a k, m or g suffix (powers of 1024), within the range (u64 bytes). */
    Size,
    /** A duration within the range, in whole seconds; a plain number is seconds (u64 seconds). */
    Seconds,
    /** A duration within the range; a plain number is seconds (u64 milliseconds). */
    Milliseconds,
    /** A duration within the range; a plain number is milliseconds, as an older key had it (u64 milliseconds). */
    PlainMilliseconds,
    /** One of the range's words; the field holds its position (u32, or an enum in that order). */
    Choice,
    /** One of the range's words, or its position as a number (u32). */
    ChoiceOrNumber,
    /** One of the range's numbers (u64). */
    OneOf,
    /** Text of the range's length and character class, `1..512 [A-Za-z0-9_./-]` (Buffer, a copy). */
    Text,
    /** A host name: 1 to 253 letters, digits, dots and dashes (Buffer, a copy). */
    Host,
    /** `host` or `host:port` (Buffer, a copy). */
    Endpoint,
    /** PEM text (Buffer, a copy with a NUL after it, which mbedtls's PEM parser wants). */
    Pem,
    /** A tuple of names with string values, at most the range's count (the Tuple). */
    Labels,
}

/** One key of a klib's manifest tuple: a row of the klib's table. */
export interface ConfigKey {
    /** Its path in the klib's tuple: `shutdown_timeout`, `logging.flush_interval`. */
    name: SString;
    kind: ConfigKind;
    /** Where its value goes in the klib's record: offsetOf<Config>('field'). */
    field: bytes;
    /**
     * The value when the key is absent, written as in a manifest (`1s`, `4m`, `udp`); '' for none
     * (0, off, null). A row with the field of an earlier row is another name for that key: the
     * earlier row's default stands.
     */
    initial: SString;
    /**
     * What it accepts: `lo..hi` (either side may be left out; written in the kind's own form, `10ms..1h`,
     * `64k..256m`), for Text a length range and a class (`1..512 [^:]`), for Choice and OneOf the words.
     */
    range: SString;
    /** The README's line about it. */
    doc: SString;
}

export const enum ConfigStatus {
    /** No tuple under the klib's name: every field holds its default. */
    Absent,
    /** Something was not valid (said on the console); those fields hold their defaults. */
    Invalid,
    Valid,
    /** Out of memory before anything was read (said on the console): every field holds its zero. */
    Unread,
}

// ---- the rule, in words ----

/** What the row accepts, in words, from its kind and range. */
export function writeRule(b: Buffer, kind: ConfigKind, range: SString): void {
    const p = sstringData(range);
    const n = sstringSize(range);
    switch (kind) {
        case ConfigKind.Section: bprintf(b, 'a tuple'); return;
        case ConfigKind.Switch: bprintf(b, 'on or off'); return;
        case ConfigKind.Host: bprintf(b, 'a host name: 1 to 253 letters, digits, dots and dashes'); return;
        case ConfigKind.Endpoint: bprintf(b, 'host or host:port (a host name, and a port from 1 to 65535)'); return;
        case ConfigKind.Pem: bprintf(b, 'PEM text (-----BEGIN CERTIFICATE----- ...)'); return;
        case ConfigKind.Labels: {
            const dots = rangeDots(p, n);
            bprintf(b, 'a tuple of ');
            if (dots + 2 < n) {
                bprintf(b, 'at most ');
                bufferWriteFrom(b, p, dots + 2, n - dots - 2);
                bprintf(b, ' ');
            }
            bprintf(b, 'names with string values');
            return;
        }
        case ConfigKind.Choice: case ConfigKind.OneOf: case ConfigKind.ChoiceOrNumber:
            bprintf(b, 'one of ');
            for (let at: bytes = 0; at < n; at = nextWord(p, n, at)) {
                if (at > 0) bprintf(b, ', ');
                bufferWriteFrom(b, p, at, wordEnd(p, n, at) - at);
            }
            if (kind === ConfigKind.ChoiceOrNumber) bprintf(b, `, or a number from 0 to ${wordCount(p, n) - 1}`);
            return;
        case ConfigKind.Integer:
            bprintf(b, 'a number');
            writeBounds(b, p, n, ' ');
            return;
        case ConfigKind.Size:
            bprintf(b, 'a size');
            writeBounds(b, p, n, ' ');
            bprintf(b, ': bytes, or a number with a k, m or g suffix (such as 4m)');
            return;
        case ConfigKind.Seconds: case ConfigKind.Milliseconds: case ConfigKind.PlainMilliseconds:
            bprintf(b, 'a duration');
            writeBounds(b, p, n, ' ');
            if (kind === ConfigKind.Seconds) bprintf(b, ' in whole seconds');
            bprintf(b, ': a number with a unit, ms, s, m or h');
            if (kind === ConfigKind.PlainMilliseconds) bprintf(b, ' (a plain number is milliseconds)');
            else bprintf(b, ' (a plain number is seconds)');
            return;
        case ConfigKind.Text:
            writeTextRule(b, p, n);
            return;
        default:
            bprintf(b, 'a valid value');
    }
}

/** ` from A to B`, ` of at least A`, ` of at most B` (A and B as the range writes them). */
function writeBounds(b: Buffer, p: BytePtr, n: bytes, lead: SString): void {
    const dots = rangeDots(p, n);
    if (dots === n) return;
    bufferWriteSString(b, lead);
    if (dots > 0 && dots + 2 < n) {
        bprintf(b, 'from ');
        bufferWriteFrom(b, p, 0, dots);
        bprintf(b, ' to ');
        bufferWriteFrom(b, p, dots + 2, n - dots - 2);
    } else if (dots > 0) {
        bprintf(b, 'of at least ');
        bufferWriteFrom(b, p, 0, dots);
    } else {
        bprintf(b, 'of at most ');
        bufferWriteFrom(b, p, dots + 2, n - dots - 2);
    }
}

/** `1 to 512 characters of [A-Za-z0-9_./-]`, `at least 1 character, without control characters or ':'`. */
function writeTextRule(b: Buffer, p: BytePtr, n: bytes): void {
    const lengths = wordEnd(p, n, 0);
    const dots = rangeDots(p, lengths);
    if (dots === lengths) {
        bprintf(b, 'text');
    } else if (dots > 0 && dots + 2 < lengths) {
        bufferWriteFrom(b, p, 0, dots);
        bprintf(b, ' to ');
        bufferWriteFrom(b, p, dots + 2, lengths - dots - 2);
        bprintf(b, ' characters');
    } else {
        const from: bytes = dots > 0 ? 0 : dots + 2;
        const to: bytes = dots > 0 ? dots : lengths;
        bufferWriteSString(b, dots > 0 ? 'at least ' : 'at most ');
        bufferWriteFrom(b, p, from, to - from);
        bufferWriteSString(b, decimalValue(p, from, to) === 1 ? ' character' : ' characters');
    }
    const cls = nextWord(p, n, 0);
    if (cls < n && p[cls + 1] !== '^'.charCodeAt(0)) {
        bprintf(b, ' of ');
        bufferWriteFrom(b, p, cls, n - cls);
        return;
    }
    bprintf(b, ', without control characters');
    if (cls >= n) return;
    for (let i: bytes = cls + 2; i + 1 < n; i++) {
        bufferWriteSString(b, i + 2 < n ? ', ' : ' or ');
        bufferWriteByte(b, '\''.charCodeAt(0));
        bufferWriteByte(b, p[i]);
        bufferWriteByte(b, '\''.charCodeAt(0));
    }
}
