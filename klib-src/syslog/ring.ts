// The line ring: console bytes become records in one preallocated ring, so the console write path
// only copies and never allocates. A record is a 16-byte header (payload length, flags, capture
// time) and the payload; the line being written stays open at the head until its newline (or
// until it is old enough, see commitStale). Two readers (the network and the file) consume the
// ring independently; space is reclaimed behind the slower one. When a line does not fit it is
// dropped and counted, and the count becomes a record of its own once space returns.
import { bytes, u8, u32, u64, timestamp } from '../dialect';
import {
    allocateBytes, Buffer, BytePtr, bufferWrite, byteOffset, ClockId, copyBytes, CString, cstringBytes,
    Heap, INVALID_ADDRESS, kernNow, spinLockIrq, Spinlock, spinUnlockIrq,
} from '../nanos';

export const RECORD_HEADER: u32 = 16;
/** Record flag: the line ended with a newline (otherwise it was cut: too long, or waited too long). */
export const RECORD_NEWLINE: u32 = 1;
/** Record flag: written by the klib itself (the loss report). */
export const RECORD_OWN: u32 = 2;

export const READER_NET: u32 = 0;
export const READER_FILE: u32 = 1;

const NEWLINE = '\n'.charCodeAt(0);
const LOSS_TEXT: CString = 'syslog: lines lost while the buffer was full: ';

let lock: Spinlock;
let ring: BytePtr;
let capacity: bytes = 0;
let maxLine: bytes = 0;
// Positions only grow; a position's byte is ring[position % capacity].
let head: u64 = 0;
let openLength: bytes = 0;
let openSince: timestamp = 0;
let dropping: boolean = false;
let netTail: u64 = 0;
let fileTail: u64 = 0;
let netReading: boolean = false;
let fileReading: boolean = false;
let lost: u64 = 0;

/** Allocates the ring; false when memory is short. */
export function ringInit(h: Heap, size: bytes, longestLine: bytes, net: boolean, file: boolean): boolean {
    ring = allocateBytes(h, size);
    if (ring === INVALID_ADDRESS) return false;
    capacity = size;
    maxLine = longestLine;
    netReading = net;
    fileReading = file;
    return true;
}

function oldestTail(): u64 {
    if (netReading && fileReading) return netTail < fileTail ? netTail : fileTail;
    if (netReading) return netTail;
    if (fileReading) return fileTail;
    return head;
}

// Bytes not used by records or by the open line (its header is not written yet, so a line that
// grows needs RECORD_HEADER more than its own bytes).
function room(): bytes {
    return capacity - (head - oldestTail()) - openLength;
}

// Copies n bytes into the ring at position pos, wrapping at the end.
function put(pos: u64, p: BytePtr, n: bytes): void {
    const at = pos % capacity;
    const first = n < capacity - at ? n : capacity - at;
    copyBytes(byteOffset(ring, at), p, first);
    if (first < n) copyBytes(ring, byteOffset(p, first), n - first);
}

function putByte(pos: u64, v: u64): void {
    ring[pos % capacity] = (v & 0xff) as u8;
}

function writeU64(pos: u64, v: u64): void {
    for (let i: u64 = 0; i < 8; i++) putByte(pos + i, v >>> (i * 8));
}

function readU64(pos: u64): u64 {
    let v: u64 = 0;
    for (let i: u64 = 0; i < 8; i++) v |= (ring[(pos + i) % capacity] as u64) << (i * 8);
    return v;
}

// Closes the open line as a record. Called with the lock held.
function commit(flags: u32): void {
    writeU64(head, openLength | ((flags as u64) << 32));
    writeU64(head + 8, openSince);
    head += RECORD_HEADER + openLength;
    openLength = 0;
}

// Starts a line: reports earlier losses first when there is room for that too.
function open(now: timestamp): void {
    openSince = now;
    if (lost > 0 && room() >= 2 * RECORD_HEADER + 80) writeLossReport();
}

function writeLossReport(): void {
    let n: bytes = 0;
    while (LOSS_TEXT.charCodeAt(n) !== 0) n++;
    put(head + RECORD_HEADER, cstringBytes(LOSS_TEXT), n);
    openLength = n;
    let scale: u64 = 1;
    while (Math.trunc(lost / scale) >= 10) scale *= 10;
    while (scale > 0) {
        putByte(head + RECORD_HEADER + openLength, 48 + Math.trunc(lost / scale) % 10);
        openLength++;
        scale = Math.trunc(scale / 10);
    }
    commit(RECORD_NEWLINE | RECORD_OWN);
    lost = 0;
}

// Adds n bytes of one line (no newline among them) to the open line. With the lock held.
function append(p: BytePtr, n: bytes, now: timestamp): void {
    let at: bytes = 0;
    while (at < n) {
        if (dropping) return;
        if (openLength === 0) open(now);
        let chunk = n - at;
        if (openLength + chunk > maxLine) chunk = maxLine - openLength;
        if (room() < RECORD_HEADER + chunk) {
            // The line does not fit: it is lost, up to its newline.
            openLength = 0;
            dropping = true;
            lost++;
            return;
        }
        put(head + RECORD_HEADER + openLength, byteOffset(p, at), chunk);
        openLength += chunk;
        at += chunk;
        if (openLength === maxLine) commit(0);
    }
}

/** The console write path: copies the bytes in, line by line. Takes the ring lock; never allocates. */
export function ringWrite(s: CString, count: bytes): void {
    const now = kernNow(ClockId.Realtime);
    const p = cstringBytes(s);
    const flags = spinLockIrq(lock);
    let start: bytes = 0;
    for (let i: bytes = 0; i < count; i++) {
        if (p[i] !== NEWLINE) continue;
        append(byteOffset(p, start), i - start, now);
        start = i + 1;
        if (dropping) {
            dropping = false;
            continue;
        }
        // An empty record still carries the newline, for the file (the network skips it).
        if (openLength === 0) open(now);
        if (room() >= RECORD_HEADER) commit(RECORD_NEWLINE);
        else {
            lost++;
        }
    }
    if (start < count) append(byteOffset(p, start), count - start, now);
    spinUnlockIrq(lock, flags);
}

/** Closes the open line if it has waited `wait` or longer for its newline (true if it did). */
export function ringCommitStale(wait: timestamp): boolean {
    const now = kernNow(ClockId.Realtime);
    const flags = spinLockIrq(lock);
    const stale = openLength > 0 && now - openSince >= wait;
    if (stale) commit(0);
    spinUnlockIrq(lock, flags);
    return stale;
}

/** The position after the last complete record (taken under the lock: records before it are final). */
export function ringHead(): u64 {
    const flags = spinLockIrq(lock);
    const h = head;
    spinUnlockIrq(lock, flags);
    return h;
}

/** True while something waits for the network: complete records, or a line still open. */
export function ringNetPending(): boolean {
    const flags = spinLockIrq(lock);
    const pending = netReading && (netTail !== head || openLength > 0);
    spinUnlockIrq(lock, flags);
    return pending;
}

/** The lines (records with text) the network reader has yet to consume. Network path only. */
export function ringNetLines(): u64 {
    const end = ringHead();
    let n: u64 = 0;
    for (let pos = netTail; pos < end; pos = recordNext(pos)) if (recordLength(pos) > 0) n++;
    return n;
}

/** Where a reader is. */
export function ringTail(reader: u32): u64 {
    return reader === READER_NET ? netTail : fileTail;
}

/** Gives back the records a reader has consumed, up to position `to`. */
export function ringRelease(reader: u32, to: u64): void {
    const flags = spinLockIrq(lock);
    if (reader === READER_NET) netTail = to;
    else fileTail = to;
    spinUnlockIrq(lock, flags);
}

export function recordLength(pos: u64): bytes {
    return readU64(pos) & 0xffffffff;
}

export function recordFlags(pos: u64): u32 {
    return ring[(pos + 4) % capacity];
}

export function recordTime(pos: u64): timestamp {
    return readU64(pos + 8);
}

/** The position of the record after the one at pos. */
export function recordNext(pos: u64): u64 {
    return pos + RECORD_HEADER + recordLength(pos);
}

/** Appends up to `limit` bytes of a record's payload to b. */
export function recordCopy(pos: u64, b: Buffer, limit: bytes): boolean {
    const n = recordLength(pos) < limit ? recordLength(pos) : limit;
    const at = (pos + RECORD_HEADER) % capacity;
    const first = n < capacity - at ? n : capacity - at;
    if (!bufferWrite(b, byteOffset(ring, at), first)) return false;
    return first === n || bufferWrite(b, ring, n - first);
}

/** A reader that stops for good: its records no longer hold space. */
export function ringStopReader(reader: u32): void {
    const flags = spinLockIrq(lock);
    if (reader === READER_NET) netReading = false;
    else fileReading = false;
    spinUnlockIrq(lock, flags);
}
