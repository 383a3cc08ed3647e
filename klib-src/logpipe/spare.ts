// The ring's spare room: a reader that reads what it made from a batch twice (cloudwatch hashes a
// request's body for its signature, then sends it) keeps its parts in the ring's free space and
// copies them back, instead of making them again. The console path is not told: it writes over
// kept parts as over any free space, so keeping costs a burst no room and no line. A part is only
// read back after a check, under the lock, that the console path has not reached it; one it has
// reached reads as gone, and the reader makes it again.
//
// How far the console path can have written: sealed entries end at head, and the open entry
// after it is at most a line cap, so nothing at or past head + a full entry's footprint has been
// written yet (head never goes back). A kept part lies past that reach when it is kept and
// before tail + size, so it never overlaps an entry a reader holds, and it is intact for as long
// as the reach stays at or below its position.
//
// A part is a length word and its bytes, 16-aligned like entries, never crossing the end of the
// region: a part that would is preceded by a skip word and starts at the region's start.
import { bytes, u64 } from '../dialect';
import { byteOffset, BytePtr, copyBytes, spinLockIrq, spinUnlockIrq } from '../nanos';
import { loadWord, storeWord } from './bindings';
import { LOGPIPE_HEADER, logpipeFootprint, logpipeOffset, LogPipe } from './ring';

/** logpipeSpareLength's answer for a part the console path has written over. */
export const LOGPIPE_SPARE_GONE: u64 = 0xffffffffffffffffn;
/** The word before a part that starts at the region's start instead. */
const SKIP: u64 = 0xfffffffffffffffen;
/** A part's length word. */
const WORD: u64 = 8;

/** The first position the console path may not have written yet. With the lock held. @inline */
function writerReach(p: LogPipe): u64 {
    return p.head + logpipeFootprint(p.lineCap) + LOGPIPE_HEADER;
}

/** @inline */
function align16(pos: u64): u64 {
    return (pos + 15) & 0xfffffffffffffff0n;
}

/**
 * Where to start keeping about `want` bytes: as far from the console path as the free space
 * allows (it reaches the first parts last), but never within its reach.
 */
export function logpipeSpareStart(p: LogPipe, want: u64): u64 {
    const flags = spinLockIrq(p.lock);
    const reach: u64 = writerReach(p);
    const limit: u64 = p.tail + p.size;
    spinUnlockIrq(p.lock, flags);
    const far: u64 = limit > want ? limit - want : 0;
    return align16(far > reach ? far : reach);
}

/**
 * Where the part of `n` bytes kept at `pos` really starts: after a skip word when it would cross
 * the end of the region. @inline
 */
function partStart(p: LogPipe, pos: u64, n: u64): u64 {
    const at: u64 = logpipeOffset(p, pos);
    return at + WORD + n > p.size ? pos + (p.size - at) : pos;
}

/**
 * Keeps `data[0 .. n)` at `pos` (a logpipeSpareStart, or the last keep's answer); returns where
 * the next part goes, 0 when there is no room for this one: the console path's reach is past
 * `pos`, or the part would reach the oldest entry a reader holds. The copy is made under the lock
 * (one part, at most a few tens of KiB), so the console path cannot write there meanwhile.
 */
export function logpipeSpareKeep(p: LogPipe, pos: u64, data: BytePtr, n: bytes): u64 {
    if (pos === 0 || WORD + n > p.size) return 0;
    const start: u64 = partStart(p, pos, n);
    const end: u64 = start + WORD + n;
    const flags = spinLockIrq(p.lock);
    if (pos < writerReach(p) || end > p.tail + p.size) {
        spinUnlockIrq(p.lock, flags);
        return 0;
    }
    if (start !== pos) storeWord(p.mem, logpipeOffset(p, pos), SKIP);
    const at: u64 = logpipeOffset(p, start);
    storeWord(p.mem, at, n);
    copyBytes(byteOffset(p.mem, at + WORD), data, n);
    spinUnlockIrq(p.lock, flags);
    return align16(end);
}

/** Where the part kept at `pos` starts, its skip word read. With the lock held. */
function keptAt(p: LogPipe, pos: u64): u64 {
    const at: u64 = logpipeOffset(p, pos);
    return loadWord(p.mem, at) === SKIP ? pos + (p.size - at) : pos;
}

/** The length of the part kept at `pos`; LOGPIPE_SPARE_GONE when the console path has reached it. */
export function logpipeSpareLength(p: LogPipe, pos: u64): u64 {
    const flags = spinLockIrq(p.lock);
    let n: u64 = LOGPIPE_SPARE_GONE;
    if (pos >= writerReach(p)) n = loadWord(p.mem, logpipeOffset(p, keptAt(p, pos)));
    spinUnlockIrq(p.lock, flags);
    return n;
}

/**
 * Copies the part kept at `pos` (`n` bytes, as logpipeSpareLength said) to `to`; returns where
 * the next part is, 0 when the console path has reached this one, or `n` is not its length (`to`
 * may then hold anything).
 */
export function logpipeSpareCopy(p: LogPipe, pos: u64, to: BytePtr, n: bytes): u64 {
    const flags = spinLockIrq(p.lock);
    const start: u64 = pos >= writerReach(p) ? keptAt(p, pos) : 0;
    if (start === 0 || loadWord(p.mem, logpipeOffset(p, start)) !== n) {
        spinUnlockIrq(p.lock, flags);
        return 0;
    }
    copyBytes(to, byteOffset(p.mem, logpipeOffset(p, start) + WORD), n);
    spinUnlockIrq(p.lock, flags);
    return align16(start + WORD + n);
}
