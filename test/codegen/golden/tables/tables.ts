// Constant tables and character constants: `const T: readonly E[] = [...]` at module level is a
// static const array, `'x'.charCodeAt(0)` is the C character 'x'. A table is passed to a function
// (or kept in a record) as a reference to its first row, with its count beside it; a row may hold
// where a record's field lies (offsetOf).
import { bool, bytes, u8, u16, u32, u64 } from '../../../../klib-src/dialect';
import { Buffer, bufferCompare, bufferWriteByte, offsetOf, SString } from '../../../../klib-src/nanos';

export const enum Level { Low, High }

interface Unit {
    name: SString;
    seconds: u32;
    level: Level;
    exact: bool;
}

/** Every period the service accepts, in days. */
const PERIODS: readonly u16[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365];
const SEPARATORS: readonly u8[] = [','.charCodeAt(0), ';'.charCodeAt(0), ' '.charCodeAt(0), '\t'.charCodeAt(0)];
const NAMES: readonly SString[] = ['kern', 'user', 'mail'];
const UNITS: readonly Unit[] = [
    { name: 's', seconds: 1, level: Level.Low, exact: true },
    { name: 'min', seconds: 60, level: Level.Low, exact: true },
    { name: 'h', seconds: 3600, level: Level.High, exact: false },
];
/** Shared with other modules: the header declares it. */
export const WEIGHTS: readonly u32[] = [1, 2, 4];
const QUOTE = '"'.charCodeAt(0);

export function isPeriod(n: u32): bool {
    for (let i: u32 = 0; i < PERIODS.length; i++) {
        if (PERIODS[i] === n) return true;
    }
    return false;
}

export function nameCode(b: Buffer): u32 {
    for (let i: u32 = 0; i < NAMES.length; i++) {
        if (bufferCompare(b, NAMES[i]!) === 0) return i;
    }
    return NAMES.length;
}

export function unitSeconds(i: u32): u32 {
    return UNITS[i]!.exact ? UNITS[i]!.seconds : 0;
}

export function classify(c: u8): u32 {
    switch (c) {
        case ':'.charCodeAt(0):
            return 1;
        case '\\'.charCodeAt(0):
        case "'".charCodeAt(0):
            return 2;
    }
    if (c >= 'a'.charCodeAt(0) && c <= 'z'.charCodeAt(0)) return c - 'a'.charCodeAt(0);
    return 0;
}

export function isSeparator(c: u8): bool {
    for (let i: u32 = 0; i < SEPARATORS.length; i++) if (SEPARATORS[i] === c) return true;
    return false;
}

export function quote(b: Buffer): void {
    bufferWriteByte(b, QUOTE);
    bufferWriteByte(b, '\n'.charCodeAt(0));
}

/** Limits set by name: each row says where its value goes. */
export interface Limits {
    retries: u32;
    timeoutMs: u64;
}

export interface Setting {
    name: SString;
    field: bytes;
}

const SETTINGS: readonly Setting[] = [
    { name: 'retries', field: offsetOf<Limits>('retries') },
    { name: 'timeout', field: offsetOf<Limits>('timeoutMs') },
];

/** A walk over any table of settings. */
export interface SettingWalk {
    rows: readonly Setting[];
    count: u32;
    next: u32;
}

function fieldOf(rows: readonly Setting[], count: u32, b: Buffer): bytes {
    for (let i: u32 = 0; i < count; i++) {
        if (bufferCompare(b, rows[i].name) === 0) return rows[i].field;
    }
    return 0;
}

export function settingField(b: Buffer): bytes {
    return fieldOf(SETTINGS, SETTINGS.length, b);
}

export function walkStart(w: SettingWalk): void {
    w.rows = SETTINGS;
    w.count = SETTINGS.length;
    w.next = 0;
}

export function walkField(w: SettingWalk, b: Buffer): bytes {
    return fieldOf(w.rows, w.count, b);
}
