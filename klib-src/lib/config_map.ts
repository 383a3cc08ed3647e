// The one reader of the klibs' manifest tuples. Each klib declares its keys once, as a table of
// ConfigKey rows in its config module (name, kind, field, default, range, doc line); this reader
// walks the klib's tuple and its nested tuples (`logging.*`), matches every key against the table,
// checks the value by the row's kind and range, and stores it in the klib's record at the row's
// field (`offsetOf<Config>('flushMs')`). The README's key table is written from the same rows
// (codegen/config_tables.ts, `npm run gen`). A value that is not valid is one console line,
//   <klib>: invalid configuration: '<key>' must be <the row's rule>; <what the klib then does>
// and its field keeps the default; a key the table does not have is one line, and ignored.
import { bytes, stackClosure, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, bprintf, Buffer, BytePtr, bufferData, bufferLength, bufferWriteByte, bufferWriteFrom,
    deallocate, deallocateBuffer, Heap, INVALID_ADDRESS, isString, isTuple, iterate, KSymbol,
    rprintf, SString, symbolString, Tuple, Value, valueBuffer, valueSymbol, valueTuple, valueU64, VoidPtr,
} from '../nanos';
import {
    decimalValue, durationValue, inClass, isEndpoint, isHost, isPem, NOT_A_NUMBER, nextWord, rangeDots, sizeValue,
    wordCount, wordEnd, wordIndex,
} from './config_forms.ts';
import { ConfigKey, ConfigKind, ConfigStatus, writeRule } from './config_keys';
import {
    bufferAtField, sstringData, sstringSize, storeBooleanAt, storeBufferAt, storeTupleAt, storeU32At, storeU64At,
} from './record_fields';

/** One reading of a klib's tuple. */
interface Reading {
    h: Heap;
    klib: SString;
    /** What the klib does about a value that is not valid, said after it: `CloudWatch disabled`. */
    off: SString;
    keys: readonly ConfigKey[];
    count: u32;
    record: VoidPtr;
    valid: boolean;
}

const NO_SECTION: u32 = 0xffffffff;
const LINE_ROOM: bytes = 256;

/**
 * Reads the klib's manifest tuple `v` (null: absent) into `record` by the table `keys` (of `count`
 * rows): every row's field gets its default, then the value of each key present.
 */
export function readConfigMap(h: Heap, v: Value | null, klib: SString, off: SString, keys: readonly ConfigKey[], count: u32,
                              record: VoidPtr): ConfigStatus {
    for (let i: u32 = 0; i < count; i++) clearField(keys[i].kind, keys[i].field, record);
    const r = allocate<Reading>(h);
    if (r === INVALID_ADDRESS) {
        rprintf(`${klib}: out of memory to read the configuration; ${off}\n`);
        return ConfigStatus.Unread;
    }
    r.h = h;
    r.klib = klib;
    r.off = off;
    r.keys = keys;
    r.count = count;
    r.record = record;
    r.valid = true;
    for (let i: u32 = 0; i < count; i++) if (!aliasOfEarlier(keys, i)) setInitial(r, i);
    let status = ConfigStatus.Absent;
    if (v !== null && !isTuple(v)) {
        const line = lineStart(r, klib);
        if (line !== null) bprintf(line, 'a tuple');
        lineEnd(r, line);
        status = ConfigStatus.Invalid;
    } else if (v !== null) {
        walk(r, valueTuple(v), NO_SECTION);
        status = r.valid ? ConfigStatus.Valid : ConfigStatus.Invalid;
    }
    deallocate(h, r);
    return status;
}

/** Frees the copies the reader made into `record` (text, PEM), for a klib that drops the record. */
export function freeConfigMap(keys: readonly ConfigKey[], count: u32, record: VoidPtr): void {
    for (let i: u32 = 0; i < count; i++) {
        if (!holdsCopy(keys[i].kind)) continue;
        const b = bufferAtField(record, keys[i].field);
        if (b !== null) deallocateBuffer(b);
        storeBufferAt(record, keys[i].field, null);
    }
}

/** One line naming a key whose value the klib's own rule refused (the few checks a table cannot say). */
export function reportInvalid(klib: SString, key: SString, rule: SString, off: SString): void {
    rprintf(`${klib}: invalid configuration: '${key}' must be ${rule}; ${off}\n`);
}

/** Whether an earlier row has the same field: row i is another name for it, whose default stands. */
function aliasOfEarlier(keys: readonly ConfigKey[], i: u32): boolean {
    for (let j: u32 = 0; j < i; j++) if (keys[j].field === keys[i].field) return true;
    return false;
}

function holdsCopy(kind: ConfigKind): boolean {
    return kind === ConfigKind.Text || kind === ConfigKind.Host || kind === ConfigKind.Endpoint || kind === ConfigKind.Pem;
}

/** The field's zero: 0, off, null. */
function clearField(kind: ConfigKind, field: bytes, record: VoidPtr): void {
    switch (kind) {
        case ConfigKind.Section: case ConfigKind.LaxSection: case ConfigKind.Presence: case ConfigKind.Switch:
            storeBooleanAt(record, field, false);
            break;
        case ConfigKind.Labels:
            storeTupleAt(record, field, null);
            break;
        case ConfigKind.Text: case ConfigKind.Host: case ConfigKind.Endpoint: case ConfigKind.Pem:
            storeBufferAt(record, field, null);
            break;
        case ConfigKind.Choice: case ConfigKind.ChoiceOrNumber:
            storeU32At(record, field, 0);
            break;
        default:
            storeU64At(record, field, 0);
    }
}

/** The row's default, read like a value from the manifest. */
function setInitial(r: Reading, i: u32): void {
    const initial = r.keys[i].initial;
    if (sstringSize(initial) > 0) readText(r, i, sstringData(initial), sstringSize(initial));
}

function walk(r: Reading, t: Tuple, section: u32): void {
    iterate(t, stackClosure((k: Value, v: Value) => {
        readPair(r, section, valueSymbol(k), v);
        return true;
    }));
}

function readPair(r: Reading, section: u32, key: KSymbol, v: Value): void {
    const text = symbolString(key);
    const i = rowOf(r, section, text);
    if (i === NO_SECTION) {
        if (section === NO_SECTION) rprintf(`${r.klib}: ignoring unknown option '${text}'\n`);
        else rprintf(`${r.klib}: ignoring unknown option '${r.keys[section].name}.${text}'\n`);
        return;
    }
    readValue(r, i, v);
}

/** The row named `<section>.<key>` (or `<key>` at the top), or NO_SECTION. */
function rowOf(r: Reading, section: u32, key: Buffer): u32 {
    const k = bufferData(key);
    const n = bufferLength(key);
    const prefix: bytes = section === NO_SECTION ? 0 : sstringSize(r.keys[section].name) + 1;
    for (let i: u32 = 0; i < r.count; i++) {
        const name = sstringData(r.keys[i].name);
        if (sstringSize(r.keys[i].name) !== prefix + n) continue;
        let same = section === NO_SECTION || name[prefix - 1] === '.'.charCodeAt(0);
        if (section !== NO_SECTION) {
            const s = sstringData(r.keys[section].name);
            for (let j: bytes = 0; same && j + 1 < prefix; j++) same = name[j] === s[j];
        }
        for (let j: bytes = 0; same && j < n; j++) same = name[prefix + j] === k[j];
        if (same) return i;
    }
    return NO_SECTION;
}

function readValue(r: Reading, i: u32, v: Value): void {
    const kind = r.keys[i].kind;
    const field = r.keys[i].field;
    switch (kind) {
        case ConfigKind.Section: case ConfigKind.LaxSection:
            if (isTuple(v)) {
                storeBooleanAt(r.record, field, true);
                walk(r, valueTuple(v), i);
            } else if (kind === ConfigKind.Section) {
                refuse(r, i);
            }
            return;
        case ConfigKind.Presence:
            storeBooleanAt(r.record, field, true);
            return;
        case ConfigKind.Labels:
            if (isTuple(v) && labelsFit(r.h, r.keys[i].range, valueTuple(v))) storeTupleAt(r.record, field, valueTuple(v));
            else refuse(r, i);
            return;
        default:
            break;
    }
    if (isString(v)) {
        const b = valueBuffer(v);
        readText(r, i, bufferData(b), bufferLength(b));
    } else if (isNumeric(kind)) {
        // An integer value (ops writes strings; other tools may not): a plain number.
        storeNumber(r, i, plainNumber(kind, valueU64(v, NOT_A_NUMBER)));
    } else {
        refuse(r, i);
    }
}

function isNumeric(kind: ConfigKind): boolean {
    return kind === ConfigKind.Integer || kind === ConfigKind.Size || kind === ConfigKind.Seconds || kind === ConfigKind.Milliseconds ||
        kind === ConfigKind.PlainMilliseconds || kind === ConfigKind.OneOf || kind === ConfigKind.ChoiceOrNumber;
}

/** A plain number in the kind's own unit (milliseconds for durations). */
function plainNumber(kind: ConfigKind, n: u64): u64 {
    if (n >= NOT_A_NUMBER) return NOT_A_NUMBER;
    if (kind !== ConfigKind.Seconds && kind !== ConfigKind.Milliseconds) return n;
    return n > Math.trunc((NOT_A_NUMBER - 1) / 1000) ? NOT_A_NUMBER : n * 1000;
}

/** p[from, to) as a number of the kind (milliseconds for durations, bytes for sizes). */
function numberOf(kind: ConfigKind, p: BytePtr, from: bytes, to: bytes): u64 {
    switch (kind) {
        case ConfigKind.Size: return sizeValue(p, from, to);
        case ConfigKind.Seconds: case ConfigKind.Milliseconds: return durationValue(p, from, to, 1000);
        case ConfigKind.PlainMilliseconds: return durationValue(p, from, to, 1);
        default: return decimalValue(p, from, to);
    }
}

/** A value written as text (the manifest's string, or the row's default). */
function readText(r: Reading, i: u32, p: BytePtr, n: bytes): void {
    const kind = r.keys[i].kind;
    const field = r.keys[i].field;
    const range = sstringData(r.keys[i].range);
    const rn = sstringSize(r.keys[i].range);
    switch (kind) {
        case ConfigKind.Switch: {
            const w = wordIndex(sstringData(SWITCH_WORDS), sstringSize(SWITCH_WORDS), p, 0, n);
            if (w === NOT_A_NUMBER) refuse(r, i);
            else storeBooleanAt(r.record, field, (w & 1) === 1);
            return;
        }
        case ConfigKind.Choice: case ConfigKind.ChoiceOrNumber: {
            let w = wordIndex(range, rn, p, 0, n);
            if (w === NOT_A_NUMBER && kind === ConfigKind.ChoiceOrNumber) {
                w = decimalValue(p, 0, n);
                if (w >= wordCount(range, rn)) w = NOT_A_NUMBER;
            }
            if (w === NOT_A_NUMBER) refuse(r, i);
            else storeU32At(r.record, field, w as u32);
            return;
        }
        case ConfigKind.Text: case ConfigKind.Host: case ConfigKind.Endpoint: case ConfigKind.Pem:
            if (!textFits(kind, r.keys[i].range, p, n)) refuse(r, i);
            else storeCopy(r, i, p, n);
            return;
        default:
            storeNumber(r, i, numberOf(kind, p, 0, n));
    }
}

/** A number of the kind (in its own unit), checked against the row's range. */
function storeNumber(r: Reading, i: u32, n: u64): void {
    const kind = r.keys[i].kind;
    const field = r.keys[i].field;
    if (n === NOT_A_NUMBER || !inRange(kind, r.keys[i].range, n)) {
        refuse(r, i);
        return;
    }
    if (kind === ConfigKind.ChoiceOrNumber) {
        storeU32At(r.record, field, n as u32);
    } else if (kind === ConfigKind.Seconds) {
        if (n % 1000 !== 0) refuse(r, i);
        else storeU64At(r.record, field, Math.trunc(n / 1000));
    } else {
        storeU64At(r.record, field, n);
    }
}

function inRange(kind: ConfigKind, range: SString, n: u64): boolean {
    const p = sstringData(range);
    const rn = sstringSize(range);
    if (kind === ConfigKind.ChoiceOrNumber) return n < wordCount(p, rn);
    if (kind === ConfigKind.OneOf) {
        for (let at: bytes = 0; at < rn; at = nextWord(p, rn, at)) {
            if (decimalValue(p, at, wordEnd(p, rn, at)) === n) return true;
        }
        return false;
    }
    const dots = rangeDots(p, rn);
    if (dots === rn) return true;
    const low = dots === 0 ? 0 : numberOf(kind, p, 0, dots);
    const high = dots + 2 === rn ? NOT_A_NUMBER - 1 : numberOf(kind, p, dots + 2, rn);
    return n >= low && n <= high;
}

/** Whether text p[0, n) is what the row's text kind accepts. */
function textFits(kind: ConfigKind, rangeText: SString, p: BytePtr, n: bytes): boolean {
    switch (kind) {
        case ConfigKind.Host: return isHost(p, 0, n);
        case ConfigKind.Endpoint: return isEndpoint(p, n);
        case ConfigKind.Pem: return isPem(p, n);
        default: break;
    }
    // `lo..hi [class]`: the length, then the characters.
    const range = sstringData(rangeText);
    const rn = sstringSize(rangeText);
    const lengths = wordEnd(range, rn, 0);
    const dots = rangeDots(range, lengths);
    if (dots < lengths) {
        const low = dots === 0 ? 0 : decimalValue(range, 0, dots);
        const high = dots + 2 === lengths ? NOT_A_NUMBER - 1 : decimalValue(range, dots + 2, lengths);
        if (n < low || n > high) return false;
    }
    const cls = nextWord(range, rn, 0);
    // The class without its brackets.
    const from = cls < rn ? cls + 1 : rn;
    const to = cls < rn ? rn - 1 : rn;
    for (let i: bytes = 0; i < n; i++) if (!inClass(range, from, to, p[i])) return false;
    return true;
}

/** At most the range's count of names, every value a string. */
function labelsFit(h: Heap, range: SString, t: Tuple): boolean {
    const p = sstringData(range);
    const rn = sstringSize(range);
    const dots = rangeDots(p, rn);
    const most = dots + 2 < rn ? decimalValue(p, dots + 2, rn) : NOT_A_NUMBER - 1;
    const tally = allocate<LabelTally>(h);
    if (tally === INVALID_ADDRESS) return false;
    tally.count = 0;
    tally.strings = true;
    iterate(t, stackClosure((k: Value, v: Value) => {
        tally.count++;
        if (!isString(v)) tally.strings = false;
        return true;
    }));
    const fits = tally.strings && tally.count <= most;
    deallocate(h, tally);
    return fits;
}

interface LabelTally {
    count: u64;
    strings: boolean;
}

/** The text copied into the row's field (a PEM with a NUL after it, counted in the length). */
function storeCopy(r: Reading, i: u32, p: BytePtr, n: bytes): void {
    const field = r.keys[i].field;
    const nul: bytes = r.keys[i].kind === ConfigKind.Pem ? 1 : 0;
    const copy = allocateBuffer(r.h, n + nul);
    if (copy === INVALID_ADDRESS || !bufferWriteFrom(copy, p, 0, n) || (nul === 1 && !bufferWriteByte(copy, 0))) {
        if (copy !== INVALID_ADDRESS) deallocateBuffer(copy);
        rprintf(`${r.klib}: invalid configuration: '${r.keys[i].name}' cannot be copied: out of memory; ${r.off}\n`);
        r.valid = false;
        return;
    }
    const old = bufferAtField(r.record, field);
    if (old !== null) deallocateBuffer(old);
    storeBufferAt(r.record, field, copy);
}

// ---- the console line ----

const SWITCH_WORDS: SString = 'off on false true';

/** The line saying row i's value is not valid. */
function refuse(r: Reading, i: u32): void {
    const line = lineStart(r, r.keys[i].name);
    if (line !== null) writeRule(line, r.keys[i].kind, r.keys[i].range);
    lineEnd(r, line);
}

function lineStart(r: Reading, key: SString): Buffer | null {
    r.valid = false;
    const line = allocateBuffer(r.h, LINE_ROOM);
    if (line === INVALID_ADDRESS) {
        rprintf(`${r.klib}: invalid configuration: '${key}'; ${r.off}\n`);
        return null;
    }
    bprintf(line, `${r.klib}: invalid configuration: '${key}' must be `);
    return line;
}

function lineEnd(r: Reading, line: Buffer | null): void {
    if (line === null) return;
    bprintf(line, `; ${r.off}\n`);
    rprintf(`${line}`);
    deallocateBuffer(line);
}

