// The follower: a second reader of the ring, independent of the batches, that reads whole entries
// as the console wrote them (syslog's file output, beside its network output). Each reader has its
// own position; the ring's space comes back behind the slower of the two (ring.ts,
// logpipeUpdateTail), so the console path is unchanged: it looks at `tail` as before.
//
// An entry and what follows it are the console's bytes: a line entry (LOGPIPE_KIND_LINE) was
// ended by a newline the entry does not hold, a cut one (LOGPIPE_KIND_CUT) goes on in the next
// entry, a loss report is a line of its own. Pads are skipped.
//
// Call these from one context at a time (the follower's own: it need not be the batches'). Entries
// before head are sealed and are not written again until both readers are past them, so they are
// read without the lock; positions are moved under it.
import { timestamp, u32, u64 } from '../dialect';
import { byteOffset, BytePtr, spinLockIrq, spinUnlockIrq } from '../nanos';
import {
    LOGPIPE_HEADER, LOGPIPE_KIND_CUT, LOGPIPE_KIND_LOSS, LOGPIPE_KIND_PAD, logpipeEntryStamp, logpipeEntryWord,
    logpipeFootprint, logpipeOffset, logpipeUpdateTail, LogPipe,
} from './ring';

/** One entry, as the follower reads it. */
export interface LogEntry {
    /** The entry's bytes (inside the ring; valid until the follower moves past it). */
    data: BytePtr;
    length: u32;
    /** A newline followed these bytes on the console (false: the next entry continues the line). */
    newline: boolean;
    /** A report of lost output (logpipe's text), not console bytes. */
    loss: boolean;
    stamp: timestamp;
}

/**
 * Starts the follower at the ring's head, before anything is written; with `batches` false only
 * the follower reads the ring (no batch will ever be taken: its space must not wait for them).
 */
export function logpipeFollowStart(p: LogPipe, batches: boolean): void {
    const flags = spinLockIrq(p.lock);
    p.following = true;
    p.followPos = p.head;
    p.batchReader = batches;
    logpipeUpdateTail(p);
    spinUnlockIrq(p.lock, flags);
}

/** The follower stops for good: its entries no longer hold space. */
export function logpipeFollowStop(p: LogPipe): void {
    const flags = spinLockIrq(p.lock);
    p.following = false;
    logpipeUpdateTail(p);
    spinUnlockIrq(p.lock, flags);
}

/** Where the follower is: the first entry it has not given back. */
export function logpipeFollowPos(p: LogPipe): u64 {
    return p.followPos;
}

/** The end of the sealed entries: the follower may read up to here. */
export function logpipeSealedEnd(p: LogPipe): u64 {
    const flags = spinLockIrq(p.lock);
    const end: u64 = p.head;
    spinUnlockIrq(p.lock, flags);
    return end;
}

/**
 * Reads the entry at `pos` into `e` (a pad there is skipped) if it starts before `end`, and returns
 * the position after it; 0, with `e` untouched, when there is none.
 */
export function logpipeFollowRead(p: LogPipe, pos: u64, end: u64, e: LogEntry): u64 {
    let at: u64 = pos;
    while (at < end) {
        const word: u64 = logpipeEntryWord(p, at);
        const kind: u64 = word >> 32;
        if (kind === LOGPIPE_KIND_PAD) {
            at += p.size - logpipeOffset(p, at);
            continue;
        }
        const length: u32 = (word & 0xffffffff) as u32;
        e.data = byteOffset(p.mem, logpipeOffset(p, at) + LOGPIPE_HEADER);
        e.length = length;
        e.newline = kind !== LOGPIPE_KIND_CUT;
        e.loss = kind === LOGPIPE_KIND_LOSS;
        e.stamp = logpipeEntryStamp(p, at);
        return at + logpipeFootprint(length);
    }
    return 0;
}

/** The follower is done with the entries before `pos`: their space returns once the batches are too. */
export function logpipeFollowRelease(p: LogPipe, pos: u64): void {
    const flags = spinLockIrq(p.lock);
    p.followPos = pos;
    logpipeUpdateTail(p);
    spinUnlockIrq(p.lock, flags);
}
