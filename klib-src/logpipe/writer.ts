// The console path: a console driver's write(d, s, count) split into lines and copied into the ring.
// Callable from any context: it takes the pipe's lock (interrupts off) for work bounded by the
// write's length, never allocates, never prints, never blocks.
import { bytes, u32, u64 } from '../dialect';
import { byteOffset, copyBytes, CString, cstringBytes, spinLockIrq, spinUnlockIrq } from '../nanos';
import { logpipeFindNewline } from './framing';
import {
    LOGPIPE_HEADER, logpipeFootprint, logpipeOffset, logpipeReportLoss, logpipeReserve, logpipeSealOpen,
    logpipeStamp, logpipeStartOpen, LogPipe,
} from './ring';
import { logpipeUtf8Cut } from './utf8';

const CARRIAGE_RETURN = 13;

/** Where the open entry's next byte goes, as an offset in the region. */
function openEnd(p: LogPipe): u64 {
    return logpipeOffset(p, p.head) + LOGPIPE_HEADER + p.openLength;
}

/** Counts `n` bytes of the current line as lost; the first loss in a line counts the line. */
function lose(p: LogPipe, n: bytes): void {
    if (!p.discarding) {
        p.lostLines++;
        p.totalLostLines++;
        p.discarding = true;
    }
    p.lostBytes += n;
    p.totalLostBytes += n;
}

/**
 * Ships the open entry without waiting for its newline (line cap, flush tick). The cut never
 * splits a UTF-8 sequence: up to 3 trailing bytes of an unfinished one start the next entry,
 * with the same stamp. With `force` an unfinished sequence alone is shipped too; without it, it
 * stays open for its next bytes.
 */
export function logpipeCutOpen(p: LogPipe, force: boolean): void {
    const length: u32 = p.openLength;
    const start: u64 = logpipeOffset(p, p.head) + LOGPIPE_HEADER;
    let cut: u32 = logpipeUtf8Cut(p.mem, start, length);
    if (cut === 0) {
        if (!force) return;
        cut = length;
    }
    const carry: u32 = length - cut;
    // The carried bytes sit where the next entry's header goes: keep them aside first.
    const b0: u32 = carry > 0 ? p.mem[start + cut] : 0;
    const b1: u32 = carry > 1 ? p.mem[start + cut + 1] : 0;
    const b2: u32 = carry > 2 ? p.mem[start + cut + 2] : 0;
    const stamp = p.openStamp;
    logpipeSealOpen(p, cut);
    if (carry === 0) return;
    if (!logpipeStartOpen(p, stamp, carry)) {
        lose(p, carry);
        p.discarding = false;
        return;
    }
    const at: u64 = logpipeOffset(p, p.head) + LOGPIPE_HEADER;
    p.mem[at] = b0;
    if (carry > 1) p.mem[at + 1] = b1;
    if (carry > 2) p.mem[at + 2] = b2;
    p.openLength = carry;
    p.openSeen = true;
}

/** Closes the open entry at its newline; a trailing CR goes, and an empty line makes no entry. */
function endLine(p: LogPipe): void {
    let length: u32 = p.openLength;
    if (length > 0 && p.mem[openEnd(p) - 1] === CARRIAGE_RETURN) length--;
    if (length === 0) {
        p.open = false;
        p.openLength = 0;
        return;
    }
    logpipeSealOpen(p, length);
}

/** Stores s[from .. end) (no newline in it) into the open entry, starting one if needed. */
function storeLineBytes(p: LogPipe, s: CString, from: bytes, end: bytes): void {
    let i: bytes = from;
    while (i < end) {
        const room: u32 = p.lineCap - p.openLength;
        const n: u32 = end - i < room ? (end - i) as u32 : room;
        if (!p.open) {
            // Pending loss is reported before the next line, or that line is lost too: the
            // report must stand where the loss happened.
            logpipeReportLoss(p);
            if (p.lostLines > 0 || p.lostBytes > 0 || !logpipeStartOpen(p, logpipeStamp(p), n)) {
                lose(p, end - i);
                return;
            }
        }
        if (!logpipeReserve(p, logpipeFootprint(p.openLength + n))) {
            // The ring is full: what the line has so far goes (cut on a UTF-8 boundary), the rest
            // of it is lost.
            const kept: u32 = logpipeUtf8Cut(p.mem, openEnd(p) - p.openLength, p.openLength);
            const cutOff: u32 = p.openLength - kept;
            if (kept > 0) logpipeSealOpen(p, kept);
            p.open = false;
            p.openLength = 0;
            lose(p, end - i + cutOff);
            return;
        }
        copyBytes(byteOffset(p.mem, openEnd(p)), byteOffset(cstringBytes(s), i), n);
        p.openLength += n;
        p.totalBytes += n;
        i += n;
        if (p.openLength === p.lineCap) logpipeCutOpen(p, true);
    }
}

/**
 * The console driver's write: frames s[0 .. count) into lines. Each line is stamped with REALTIME
 * when its first byte arrives; a line without its newline stays open for the next write, a flush
 * tick or the line cap. When the ring is full the rest of the line is dropped and counted, and a
 * loss entry reports it once there is room again.
 */
export function logpipeWrite(p: LogPipe, s: CString, count: bytes): void {
    if (count === 0) return;
    const flags = spinLockIrq(p.lock);
    let i: bytes = 0;
    while (i < count) {
        const end: bytes = logpipeFindNewline(s, i, count);
        if (p.discarding) {
            p.lostBytes += end - i;
            p.totalLostBytes += end - i;
        } else {
            storeLineBytes(p, s, i, end);
        }
        if (end === count) break;
        if (p.discarding) p.discarding = false;
        else if (p.open) endLine(p);
        i = end + 1;
    }
    spinUnlockIrq(p.lock, flags);
}
