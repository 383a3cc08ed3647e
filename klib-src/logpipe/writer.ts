// The console path: a console driver's write(d, s, count) split into lines and copied into the ring.
// Callable from any context: it takes the pipe's lock (interrupts off) for work bounded by the
// write's length, never allocates, never prints, never blocks.
//
// It runs on every console write, so the usual writes take short ways, inlined here (with the word
// helpers of words.ts, defined in words.h):
// * a write of whole lines at a line boundary (no line open, no loss to report) is stored as one
//   entry, without looking for the newlines inside it: the flush path (batch.ts) splits the entry
//   into lines when it reads it;
// * a write after one that left its line open copies the line on while looking for its newline,
//   32 bytes at a time; when the write fits in the room the open entry noted when it was reserved
//   (p.openRoom, below the cap), without reserving again; what follows that newline, when the write
//   does not end with one, becomes the new open entry as written (whole lines and the new open
//   line in one entry, openHasLines), not looked at: the open line's newline seals them all, or the
//   flush tick (or the line cap) splits the whole lines off (logpipeSplitOpenLines);
// * a write at a line boundary that does not end with its newline is looked at from its end, for
//   its last newline only;
// * one REALTIME stamp serves the whole write (one write is one instant), and the head's offset in
//   the region is kept beside it rather than divided out.
// Everything else (a ring short of room, loss to report, lines longer than the cap) goes line by
// line (writeLines), out of the way of the short ways.
import { bytes, timestamp, u32, u64 } from '../dialect';
import {
    byteOffset, BytePtr, ClockId, copyBytes, CString, cstringBytes, kernNow, spinLockIrq, spinUnlockIrq,
} from '../nanos';
import { storeWord } from './bindings';
import { LOGPIPE_LOSS_TEXT_MAX, logpipeFormatLoss } from './loss_text';
import {
    LOGPIPE_HEADER, LOGPIPE_KIND_CUT, LOGPIPE_KIND_LINE, LOGPIPE_KIND_LOSS, LOGPIPE_KIND_PAD, logpipeFootprint,
    logpipeHeaderWord,
    LogPipe,
} from './ring';
import { logpipeUtf8Cut } from './utf8';
import { copyIn, copyPiece, copyToNewline, logpipeAfterLastNewline, logpipeScanNewline } from './words';

const NEWLINE = '\n'.charCodeAt(0);

// ---- Entries at the head of the ring (all with the lock held) ----

/**
 * REALTIME now, but never before the last stamp: batches must be chronological even if the clock
 * steps back.
 * @inline
 */
function stampNow(p: LogPipe): timestamp {
    let t: timestamp = kernNow(ClockId.Realtime);
    if (t < p.lastStamp) t = p.lastStamp;
    p.lastStamp = t;
    return t;
}

/** The same, for the flush path. */
export function logpipeStamp(p: LogPipe): timestamp {
    return stampNow(p);
}

/** Moves head past an entry of `footprint` bytes. @inline */
function advance(p: LogPipe, footprint: u64): void {
    p.head += footprint;
    p.headAt += footprint;
    if (p.headAt === p.size) p.headAt = 0;
}

/**
 * Makes room for the entry at head (the open one, if any) to take `footprint` bytes in one piece.
 * When it would cross the end of the region, a pad entry fills the rest and the open entry moves
 * to the start (at most lineCap bytes, once per entry). False when the ring is too full.
 */
function reserve(p: LogPipe, footprint: u64): boolean {
    const used: u64 = p.head - p.tail;
    const at: u64 = p.headAt;
    if (at + footprint <= p.size) return used + footprint <= p.size;
    const pad: u64 = p.size - at;
    if (used + pad + footprint > p.size) return false;
    // The destination [0, footprint) is free and below the open entry, so the copy cannot overlap.
    if (p.open) copyBytes(p.mem, byteOffset(p.mem, at), LOGPIPE_HEADER + p.openLength);
    p.openRoom = 0; // the open entry moved: its room is worked out again on its next reserve
    storeWord(p.mem, at + 8, logpipeHeaderWord(LOGPIPE_KIND_PAD, 0));
    p.head += pad;
    p.headAt = 0;
    return true;
}

/**
 * Notes how long the open entry at head may grow without another reserve: its room in the ring
 * now (before the end of the region, and in the space not in use), and below the line cap, so
 * that a write that fits needs no cut.
 * @inline
 */
function noteOpenRoom(p: LogPipe): void {
    const used: u64 = p.head - p.tail;
    const far: u64 = p.headAt > used ? p.headAt : used;
    const ringRoom: u64 = p.size - far - LOGPIPE_HEADER; // sizes and offsets are multiples of 16
    p.openRoom = ringRoom < p.lineCap - 1 ? ringRoom as u32 : p.lineCap - 1;
}

/** Where the open entry's next byte goes, as an offset in the region. */
function openEnd(p: LogPipe): u64 {
    return p.headAt + LOGPIPE_HEADER + p.openLength;
}

/**
 * Closes the open entry at `length` bytes (at most its length) as an entry of `kind` (a line ended
 * by a newline, or a cut one) and moves head past it.
 */
function sealOpen(p: LogPipe, length: u32, kind: u64): void {
    storeWord(p.mem, p.headAt + 8, logpipeHeaderWord(kind, length));
    advance(p, logpipeFootprint(length));
    p.open = false;
    p.openLength = 0;
    p.totalBytes += length;
}

/** Starts an open entry stamped `stamp` with room for `first` bytes; false when the ring is full. */
function startOpen(p: LogPipe, stamp: timestamp, first: u32): boolean {
    if (!reserve(p, logpipeFootprint(first))) return false;
    noteOpenRoom(p);
    storeWord(p.mem, p.headAt, stamp);
    p.open = true;
    p.openLength = 0;
    p.openStamp = stamp;
    p.openSeen = false;
    p.openHasLines = false;
    return true;
}

/** @inline */
function lossPending(p: LogPipe): boolean {
    return p.lostLines !== 0 || p.lostBytes !== 0;
}

/**
 * Appends the entry that reports pending loss, stamped `stamp`, if there is any and room for it
 * (the ring has freed space). Only between lines: the report must not land inside the open entry.
 */
export function logpipeReportLoss(p: LogPipe, stamp: timestamp): void {
    if (p.open || !lossPending(p)) return;
    if (!reserve(p, logpipeFootprint(LOGPIPE_LOSS_TEXT_MAX))) return;
    const at: u64 = p.headAt;
    const length: u32 = logpipeFormatLoss(p.mem, at + LOGPIPE_HEADER, p.lostLines, p.lostBytes);
    storeWord(p.mem, at, stamp);
    storeWord(p.mem, at + 8, logpipeHeaderWord(LOGPIPE_KIND_LOSS, length));
    advance(p, logpipeFootprint(length));
    p.lostLines = 0;
    p.lostBytes = 0;
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
    const start: u64 = p.headAt + LOGPIPE_HEADER;
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
    sealOpen(p, cut, LOGPIPE_KIND_CUT);
    if (carry === 0) return;
    if (!startOpen(p, stamp, carry)) {
        lose(p, carry);
        p.discarding = false;
        return;
    }
    const at: u64 = p.headAt + LOGPIPE_HEADER;
    p.mem[at] = b0;
    if (carry > 1) p.mem[at + 1] = b1;
    if (carry > 2) p.mem[at + 2] = b2;
    p.openLength = carry;
    p.openSeen = true;
}

// Moves n bytes within the region; the two spans may overlap. A rare path (at most a line cap).
function moveBytes(mem: BytePtr, to: u64, from: u64, n: u64): void {
    if (to > from) {
        for (let i: u64 = n; i > 0; i--) mem[to + i - 1] = mem[from + i - 1];
    } else {
        for (let i: u64 = 0; i < n; i++) mem[to + i] = mem[from + i];
    }
}

/**
 * Splits an open entry that may hold whole lines (openHasLines): they are sealed as an entry of
 * their own, and the open line's bytes move into a new open entry after it, with its stamp. True
 * when the open entry is now one open line (split, or no newline in it after all); false, with
 * nothing changed, when the ring has no room for the move (the entry then ships whole at its cut).
 */
export function logpipeSplitOpenLines(p: LogPipe): boolean {
    const start: u64 = p.headAt + LOGPIPE_HEADER;
    const length: u64 = p.openLength;
    const after: u64 = logpipeAfterLastNewline(p.mem, start, start + length);
    if (after === start) {
        p.openHasLines = false;
        return true;
    }
    const sealed: u32 = (after - 1 - start) as u32;
    const rest: u64 = start + length - after;
    const linesFootprint: u64 = logpipeFootprint(sealed);
    const restFootprint: u64 = logpipeFootprint(rest as u32);
    if (p.headAt + linesFootprint + restFootprint > p.size ||
        p.head - p.tail + linesFootprint + restFootprint > p.size) {
        return false;
    }
    // The open line's bytes first: the new entry's stamp word may lie where they are now.
    moveBytes(p.mem, p.headAt + linesFootprint + LOGPIPE_HEADER, after, rest);
    const stamp: timestamp = p.openStamp;
    const seen: boolean = p.openSeen;
    sealOpen(p, sealed, LOGPIPE_KIND_LINE);
    storeWord(p.mem, p.headAt, stamp);
    p.open = true;
    p.openLength = rest as u32;
    p.openStamp = stamp;
    p.openSeen = seen;
    p.openHasLines = false;
    noteOpenRoom(p);
    return true;
}

/**
 * The open entry reached the line cap: an open line that long is cut (logpipeCutOpen); an entry
 * holding whole lines before it is split first, and its open line goes on if it is shorter.
 */
function cutAtCap(p: LogPipe): void {
    if (p.openHasLines && logpipeSplitOpenLines(p) && p.openLength < p.lineCap) return;
    logpipeCutOpen(p, true);
}

// ---- One line at a time (the slow way's steps) ----

/**
 * Closes the open entry at its newline (a CR before it stays in the entry: the flush path leaves
 * it out of the event; an empty line is an empty entry).
 * @inline
 */
function endLine(p: LogPipe): void {
    sealOpen(p, p.openLength, LOGPIPE_KIND_LINE);
}

/**
 * Stores text[from .. end) (no newline in it) into the open entry, starting one stamped `stamp` if
 * none is open. A line longer than the cap goes on in new entries with the line's own stamp.
 */
function storeLineBytes(p: LogPipe, text: BytePtr, from: bytes, end: bytes, stamp: timestamp): void {
    const lineStamp: timestamp = p.open ? p.openStamp : stamp;
    let i: bytes = from;
    while (i < end) {
        const room: u32 = p.lineCap - p.openLength;
        const n: u32 = end - i < room ? (end - i) as u32 : room;
        if (!p.open) {
            // Pending loss is reported before the next line, or that line is lost too: the
            // report must stand where the loss happened.
            if (lossPending(p)) logpipeReportLoss(p, lineStamp);
            if (lossPending(p) || !startOpen(p, lineStamp, n)) {
                lose(p, end - i);
                return;
            }
        }
        if (!reserve(p, logpipeFootprint(p.openLength + n))) {
            // The ring is full: what the line has so far goes (cut on a UTF-8 boundary), the rest
            // of it is lost.
            const kept: u32 = logpipeUtf8Cut(p.mem, openEnd(p) - p.openLength, p.openLength);
            const cutOff: u32 = p.openLength - kept;
            if (kept > 0) sealOpen(p, kept, LOGPIPE_KIND_LINE);
            p.open = false;
            p.openLength = 0;
            lose(p, end - i + cutOff);
            return;
        }
        copyIn(p.mem, openEnd(p), text, i, n);
        p.openLength += n;
        i += n;
        if (p.openLength === p.lineCap) cutAtCap(p);
    }
}

/**
 * An empty line on the slow way: an empty open entry, which its newline seals (after the pending
 * loss report, if any), or a line lost when there is no room.
 */
function openEmptyLine(p: LogPipe, stamp: timestamp): void {
    if (lossPending(p)) logpipeReportLoss(p, stamp);
    if (lossPending(p) || !startOpen(p, stamp, 0)) lose(p, 0);
}

// ---- The short ways ----

/**
 * Stores the whole lines text[from .. end) (text[end - 1] is a newline; at most lineCap bytes
 * before it) as one entry stamped `stamp`: the bytes as written but for that last newline (an
 * empty line is an empty entry). False, with nothing stored, when the ring has no room for them
 * all: the caller then goes line by line, to store what fits and count the rest.
 * @inline
 */
function storeLines(p: LogPipe, text: BytePtr, from: bytes, end: bytes, stamp: timestamp): boolean {
    const length: u32 = (end - 1 - from) as u32;
    const footprint: u64 = logpipeFootprint(length);
    if (!reserve(p, footprint)) return false;
    const at: u64 = p.headAt;
    storeWord(p.mem, at, stamp);
    storeWord(p.mem, at + 8, logpipeHeaderWord(LOGPIPE_KIND_LINE, length));
    copyIn(p.mem, at + LOGPIPE_HEADER, text, from, length);
    advance(p, footprint);
    p.totalBytes += length;
    return true;
}

/**
 * Starts the open line with text[from .. count) (no newline in it, shorter than the line cap),
 * stamped `stamp`; false, with nothing stored, when the ring has no room.
 * @inline
 */
function openWith(p: LogPipe, text: BytePtr, from: bytes, count: bytes, stamp: timestamp): boolean {
    const n: u32 = (count - from) as u32;
    if (!reserve(p, logpipeFootprint(n))) return false;
    noteOpenRoom(p);
    storeWord(p.mem, p.headAt, stamp);
    copyIn(p.mem, p.headAt + LOGPIPE_HEADER, text, from, n);
    p.open = true;
    p.openLength = n;
    p.openStamp = stamp;
    p.openSeen = false;
    p.openHasLines = false;
    return true;
}

/**
 * The usual write from a line boundary (no line open, nothing lost to report): its whole lines
 * as one entry, the rest (after the last newline) as the open line. Returns how far it got:
 * count, or where the slow way (writeLines) must go on (no room, lines longer than the cap).
 * @inline
 */
function writeFromBoundary(p: LogPipe, text: BytePtr, from: bytes, count: bytes, stamp: timestamp): bytes {
    const linesEnd: bytes = text[count - 1] === NEWLINE ? count : logpipeAfterLastNewline(text, from, count);
    return writeSplit(p, text, from, linesEnd, count, stamp);
}

/** writeFromBoundary with the write's last newline known: text[linesEnd - 1], or none before from. @inline */
function writeSplit(p: LogPipe, text: BytePtr, from: bytes, linesEnd: bytes, count: bytes, stamp: timestamp): bytes {
    if (linesEnd > from && (linesEnd - from > p.lineCap + 1 || !storeLines(p, text, from, linesEnd, stamp))) {
        return from;
    }
    if (linesEnd === count) return count;
    if (count - linesEnd >= p.lineCap || !openWith(p, text, linesEnd, count, stamp)) return linesEnd;
    return count;
}

/**
 * The rest of a write that ended a continued line, text[from .. count) (it does not end with a
 * newline; whole lines may come before its last, open line), stored as written as the open entry,
 * stamped `stamp`: one copy, no look for its newlines (openHasLines: the flush tick or the line cap
 * splits them off, the open line's newline seals them). The write is shorter than the cap (it
 * fitted p.openRoom). False, with nothing stored, when the entry would cross the end of the region
 * or not fit: the caller then goes writeFromBoundary's way, which pads, stores what fits and counts
 * the rest.
 * @inline
 */
function openWithLines(p: LogPipe, text: BytePtr, from: bytes, count: bytes, stamp: timestamp): boolean {
    const n: u32 = (count - from) as u32;
    const footprint: u64 = logpipeFootprint(n);
    const at: u64 = p.headAt;
    if (at + footprint > p.size || p.head - p.tail + footprint > p.size) return false;
    storeWord(p.mem, at, stamp);
    copyPiece(p.mem, at + LOGPIPE_HEADER, text, from, n);
    p.open = true;
    p.openLength = n;
    p.openStamp = stamp;
    p.openSeen = false;
    p.openHasLines = true;
    noteOpenRoom(p);
    return true;
}

/**
 * Continues the open line with text[from ..) up to its newline, the line cap or the write's end,
 * copying while looking for the newline; returns where that stopped (at the newline, which is
 * left to the caller), or `from` when the ring has no room for all of it (the caller then goes the
 * slow way, storing what fits).
 * @inline
 */
function continueOpen(p: LogPipe, text: BytePtr, from: bytes, count: bytes): bytes {
    const room: u32 = p.lineCap - p.openLength;
    const n: u32 = count - from < room ? (count - from) as u32 : room;
    if (!reserve(p, logpipeFootprint(p.openLength + n))) return from;
    noteOpenRoom(p);
    const k: bytes = copyToNewline(p.mem, openEnd(p), text, from, n);
    p.openLength += k as u32;
    return from + k;
}

/**
 * After continueOpen stopped at `stop`: a line that reached the cap is cut and goes on in a new
 * entry with its own stamp; a newline at text[stop] ends the line. Returns where the write goes on.
 * @inline
 */
function endContinued(p: LogPipe, text: BytePtr, stop: bytes, count: bytes): bytes {
    if (p.openLength === p.lineCap) {
        // Whole lines before the open one are split off; the open line goes on if it is shorter.
        if (p.openHasLines && logpipeSplitOpenLines(p) && p.openLength < p.lineCap) return stop;
        const stamp: timestamp = p.openStamp;
        logpipeCutOpen(p, true);
        // Without room for it the rest of the line is counted lost where it is written.
        if (!p.open && stop < count && text[stop] !== NEWLINE) startOpen(p, stamp, 1);
        return stop;
    }
    if (stop === count) return count;
    endLine(p); // text[stop] is its newline
    return stop + 1;
}

// ---- The writes ----

/**
 * Frames text[from .. count) line by line, or whole lines at a time where it can. `firstStamp` is
 * the write's REALTIME stamp if `stamped`, else it is taken when a line first starts.
 */
function writeLines(p: LogPipe, text: BytePtr, from: bytes, count: bytes, firstStamp: timestamp,
                    stamped: boolean): void {
    let stamp: timestamp = firstStamp;
    let haveStamp: boolean = stamped;
    // text[linesEnd .. count) holds no newline: the write's last line, if it is not whole. Looked
    // for (from the end) only when the write is at a line boundary somewhere.
    let linesEnd: bytes = count;
    let linesEndKnown = false;
    let i: bytes = from;
    while (i < count) {
        if (p.discarding) {
            // The rest of a line the ring had no room for.
            const end: bytes = logpipeScanNewline(text, i, count);
            p.lostBytes += end - i;
            p.totalLostBytes += end - i;
            if (end === count) break;
            p.discarding = false;
            i = end + 1;
            continue;
        }
        if (p.open) {
            // The line an earlier write (or the line cap) left open.
            const stop: bytes = continueOpen(p, text, i, count);
            if (stop > i || text[i] === NEWLINE) {
                i = endContinued(p, text, stop, count);
                continue;
            }
            // No room for it all: below, what fits.
        } else {
            if (!haveStamp) {
                stamp = stampNow(p);
                haveStamp = true;
            }
            if (!linesEndKnown) {
                linesEnd = text[count - 1] === NEWLINE ? count : logpipeAfterLastNewline(text, i, count);
                linesEndKnown = true;
            }
            if (i < linesEnd && !lossPending(p)) {
                // At a line boundary: the whole lines that follow go into one entry, a line cap of
                // them at a time (so that no line in it needs a cut).
                let wholeEnd: bytes = linesEnd;
                if (wholeEnd - i > p.lineCap + 1) wholeEnd = logpipeAfterLastNewline(text, i, i + p.lineCap + 1);
                if (wholeEnd > i && storeLines(p, text, i, wholeEnd, stamp)) {
                    i = wholeEnd;
                    continue;
                }
            }
        }
        // One line: a line longer than the cap, the last line when it is not whole, or each line
        // while the ring is short of room.
        const end: bytes = linesEndKnown && i >= linesEnd ? count : logpipeScanNewline(text, i, count);
        if (end === i && !p.open) openEmptyLine(p, stamp);
        else storeLineBytes(p, text, i, end, stamp);
        if (end === count) break;
        if (p.discarding) p.discarding = false;
        else if (p.open) endLine(p);
        i = end + 1;
    }
}

/**
 * A write at a line boundary that does not end with its newline: its whole lines as one entry,
 * the rest as the open line. Out of line (as is afterContinue), so that the usual write's code
 * keeps its registers.
 * @noinline
 */
function writeWithRest(p: LogPipe, text: BytePtr, count: bytes): void {
    const stamp: timestamp = stampNow(p);
    const done: bytes = writeFromBoundary(p, text, 0, count, stamp);
    if (done < count) writeLines(p, text, done, count, stamp, true);
}

/**
 * After continueOpen stopped at `stop`: the open line reached the cap, or its newline is at
 * text[stop], or the ring had no room for it all. The rest of the write.
 * @noinline
 */
function afterContinue(p: LogPipe, text: BytePtr, stop: bytes, count: bytes): void {
    if (stop === 0 && text[0] !== NEWLINE) {
        writeLines(p, text, 0, count, 0, false); // no room for it all: the slow way stores what fits
        return;
    }
    const next: bytes = endContinued(p, text, stop, count);
    if (next === count) return;
    if (p.open) {
        writeLines(p, text, next, count, 0, false); // a long line goes on after its cut
        return;
    }
    const stamp: timestamp = stampNow(p);
    const done: bytes = writeFromBoundary(p, text, next, count, stamp);
    if (done < count) writeLines(p, text, done, count, stamp, true);
}

/**
 * The short way's open line met its newline at text[stop] (below the cap): the line is sealed and
 * the rest of the write goes on from a line boundary, with its own stamp. Its usual shape, whole
 * lines and then a partial one, becomes the open entry as written (openWithLines). The write is
 * shorter than the cap (it fitted p.openRoom).
 * @inline
 */
function endOpenAt(p: LogPipe, text: BytePtr, stop: bytes, count: bytes): void {
    endLine(p);
    const next: bytes = stop + 1;
    if (next === count) return;
    const stamp: timestamp = stampNow(p);
    if (text[count - 1] !== NEWLINE && openWithLines(p, text, next, count, stamp)) return;
    const done: bytes = writeFromBoundary(p, text, next, count, stamp);
    if (done < count) writeLines(p, text, done, count, stamp, true);
}

/**
 * The open line goes on, when its known room may not hold the whole write: reserved again (a
 * release may have made room), and cut at the line cap.
 * @noinline
 */
function continueWrite(p: LogPipe, text: BytePtr, count: bytes): void {
    const stop: bytes = continueOpen(p, text, 0, count);
    if (stop < count || p.openLength === p.lineCap) afterContinue(p, text, stop, count);
}

/**
 * The console driver's write: frames s[0 .. count) into lines. Each line is stamped with REALTIME
 * when its first byte arrives (one write is one instant: one stamp serves all its lines); a line
 * without its newline stays open for the next write, a flush tick or the line cap. When the ring is
 * full the rest of the line is dropped and counted, and a loss entry reports it once there is room
 * again.
 */
export function logpipeWrite(p: LogPipe, s: CString, count: bytes): void {
    if (count === 0) return;
    const flags = spinLockIrq(p.lock);
    const text: BytePtr = cstringBytes(s);
    if (p.discarding || lossPending(p)) {
        writeLines(p, text, 0, count, 0, false);
    } else if (p.open) {
        // The write after one without its newline: the open line goes on.
        if (p.openLength + count <= p.openRoom) {
            // Known room for all of it, below the cap: copied up to its newline, if any.
            const stop: bytes = copyToNewline(p.mem, openEnd(p), text, 0, count);
            p.openLength += stop as u32;
            if (stop < count) endOpenAt(p, text, stop, count);
        } else {
            continueWrite(p, text, count);
        }
    } else if (text[count - 1] === NEWLINE && count <= p.lineCap + 1) {
        // The usual write: whole lines at a line boundary. One entry.
        const stamp: timestamp = stampNow(p);
        if (!storeLines(p, text, 0, count, stamp)) writeLines(p, text, 0, count, stamp, true);
    } else {
        writeWithRest(p, text, count);
    }
    spinUnlockIrq(p.lock, flags);
}
