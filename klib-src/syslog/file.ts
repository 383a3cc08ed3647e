// File output through the kernel's page cache: the console's bytes appended at the end of the file
// (across boots too), one write in flight at a time. They are read from the log pipe by its
// follower (logpipe/follower.ts), which reads whole entries as the console wrote them, each with
// the newline that followed it (none after a cut line: the next entry continues it), beside the
// network's batches. Before a batch would take the file past file_max_size the file is rotated
// (path -> path.1 -> ... -> path.N), so every file ends at an entry's end and no line is split or
// lost at rotation; with file_rotate 0 it is truncated instead.
import { bytes, closure, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, allocateSgList, deallocate, Buffer, bufferAt, bufferLength, bufferToSString,
    bufferWriteByte,
    bufferWriteFrom,
    deallocateBuffer, deallocateSgList, FsFile, fsfileGetCachenode, fsfileGetLength, fsfileOpenOrCreate,
    fsfileRelease, fsfileTruncate, fsRename, Heap, INVALID_ADDRESS, isOk, pagecacheNodeGetWriter,
    pagecacheSyncNode, pushBuffer, rprintf, sgAddFragment, SgList, sgWrite, STATUS_OK, StatusHandler,
    timmDealloc, bufferClear, SString, Spinlock, spinLock, spinLockInit, spinUnlock, Status,
} from '../nanos';
import {
    LogEntry, logpipeFollowPos, logpipeFollowRead, logpipeFollowRelease, logpipeFollowStart, logpipeFollowStop,
    logpipeSealedEnd,
} from '../logpipe/follower';
import { LogPipe } from '../logpipe/ring';
import { logpipeAfterLastNewline, logpipeScanNewline } from '../logpipe/words';
import { Config } from './config';
import { writeLineText } from './message';
import { writeDecimal } from './text';

const BATCH_BYTES: bytes = 64 * 1024;

/** The file writer: allocated at init, passed to each of its paths. */
export interface FileWriter {
    // Set at init, then only read.
    h: Heap;
    config: Config;
    /** The configured path. */
    path: Buffer;
    /** Null until fileFollow. */
    pipe: LogPipe | null;
    /** The follower's entry record (used by the claim's holder). */
    entry: LogEntry;
    fromName: Buffer;
    toName: Buffer;
    // Used only by the holder of the claim (`writing`, see claim()).
    file: FsFile | null;
    offset: u64;
    batch: Buffer | null;
    batchSg: SgList | null;
    batchEnd: u64;
    /**
     * Bytes of the entry at the follower's position already in the file (its first lines went before
     * a rotation), and the same for the batch in flight's end.
     */
    entryDone: bytes;
    batchEndDone: bytes;
    rotateDue: boolean;
    reportedError: boolean;
    onWritten: StatusHandler;

    guard: Spinlock;
    writing: boolean;
    /** The shutdown completion: applied once everything is written and synced. */
    finishing: StatusHandler | null;
}

/**
 * Opens (or creates) the file `c.file` for appending: the writer, or null (after saying so) when
 * it cannot.
 */
export function fileWriterNew(h: Heap, c: Config): FileWriter | null {
    const path = c.file;
    if (path === null) return null;
    const w: FileWriter = allocate<FileWriter>(h);
    const from = allocateBuffer(h, bufferLength(path) + 4);
    const to = allocateBuffer(h, bufferLength(path) + 4);
    const e: LogEntry = allocate<LogEntry>(h);
    if (w === INVALID_ADDRESS || from === INVALID_ADDRESS || to === INVALID_ADDRESS || e === INVALID_ADDRESS) {
        return null;
    }
    w.h = h;
    w.config = c;
    w.path = path;
    w.pipe = null;
    w.entry = e;
    w.fromName = from;
    w.toName = to;
    w.offset = 0;
    w.batch = null;
    w.batchSg = null;
    w.batchEnd = 0;
    w.entryDone = 0;
    w.batchEndDone = 0;
    w.rotateDue = false;
    w.reportedError = false;
    spinLockInit(w.guard);
    w.writing = false;
    w.finishing = null;
    w.file = fsfileOpenOrCreate(bufferToSString(path), false);
    if (w.file === null) {
        rprintf(`syslog: cannot open or create the file '${path}': file output disabled\n`);
        deallocateBuffer(from);
        deallocateBuffer(to);
        deallocate(h, e);
        deallocate(h, w);
        return null;
    }
    w.offset = fsfileGetLength(w.file);
    w.onWritten = closure(h, (s: Status) => {
        written(w, s);
    });
    return w.onWritten !== INVALID_ADDRESS ? w : null;
}

// path, or path.n for n > 0
function nameOf(b: Buffer, path: Buffer, n: u32): void {
    bufferClear(b);
    pushBuffer(b, path);
    if (n === 0) return;
    bufferWriteByte(b, '.'.charCodeAt(0));
    writeDecimal(b, n, 1, '0'.charCodeAt(0));
}

/**
 * Starts reading the pipe `p` (before anything is written to it); `network`: its batches are read
 * too (the file's reading then holds space only while it is behind them).
 */
export function fileFollow(w: FileWriter, p: LogPipe, network: boolean): void {
    w.pipe = p;
    logpipeFollowStart(p, network);
}

// File output ends (the console keeps going to the network, if any).
function stop(w: FileWriter, what: SString): void {
    w.file = null;
    if (w.pipe !== null) logpipeFollowStop(w.pipe);
    rprintf(`syslog: ${what} the output file: file output stopped\n`);
}

function rotate(w: FileWriter, c: Config, path: Buffer, from: Buffer, to: Buffer): void {
    w.rotateDue = false;
    const f = w.file;
    if (f === null) return;
    if (c.fileRotate === 0) {
        if (fsfileTruncate(f, 0) === 0) w.offset = 0;
        else stop(w, 'cannot truncate');
        return;
    }
    for (let n: u32 = c.fileRotate; n >= 2; n--) {
        nameOf(from, path, n - 1);
        nameOf(to, path, n);
        fsRename(bufferToSString(from), bufferToSString(to));   // a missing older file is fine
    }
    nameOf(from, path, 0);
    nameOf(to, path, 1);
    if (fsRename(bufferToSString(from), bufferToSString(to)) !== 0) {
        stop(w, 'cannot rotate');
        return;
    }
    fsfileRelease(f);
    w.file = fsfileOpenOrCreate(bufferToSString(path), true);
    w.offset = 0;
    if (w.file === null) stop(w, 'cannot create a new');
}

// The bytes an entry puts in the file: its own (a loss report in the klib's words: "syslog: " for
// logpipe's "logpipe: ", one byte less, message.ts) and its newline.
function entrySize(e: LogEntry): u64 {
    const shorter: u64 = e.loss ? 1 : 0;
    return e.length - shorter + (e.newline ? 1 : 0);
}

// Appends the next entries to a batch, stopping where the file would pass its size limit: an
// entry of several lines (one console write) may go in part, its whole lines that fit, and the
// rest after the rotation. Returns the position of the first entry not all in the batch; how much
// of it is goes to batchEndDone.
function fillBatch(w: FileWriter, c: Config, p: LogPipe, e: LogEntry, b: Buffer): u64 {
    const end = logpipeSealedEnd(p);
    let pos = logpipeFollowPos(p);
    let done: bytes = w.entryDone;
    while (bufferLength(b) < BATCH_BYTES) {
        const next = logpipeFollowRead(p, pos, end, e);
        if (next === 0) break;
        const used: u64 = w.offset + bufferLength(b);
        const room: u64 = c.fileMaxSize > used ? c.fileMaxSize - used : 0;
        const rest: u64 = e.loss ? entrySize(e) : e.length - done + (e.newline ? 1 : 0);
        if (rest <= room || (used === 0 && e.loss)) {
            if (e.loss) writeLineText(b, e.data, e.length, true);
            else bufferWriteFrom(b, e.data, done, e.length - done);
            if (e.newline) bufferWriteByte(b, '\n'.charCodeAt(0));
            pos = next;
            done = 0;
            continue;
        }
        w.rotateDue = true;
        if (e.loss) break;
        // Its whole lines that fit (a file ends at a line's end); in an empty file, a line longer
        // than the limit, which makes a file of its own.
        let take: bytes = logpipeAfterLastNewline(e.data, done, done + room) - done;
        if (take === 0 && used === 0) take = logpipeScanNewline(e.data, done, e.length) + 1 - done;
        if (done + take > e.length) {
            // That line is the entry's last: all of it, and its newline if it has one.
            bufferWriteFrom(b, e.data, done, e.length - done);
            if (e.newline) bufferWriteByte(b, '\n'.charCodeAt(0));
            pos = next;
            done = 0;
            break;
        }
        bufferWriteFrom(b, e.data, done, take);
        done += take;
        break;
    }
    w.batchEndDone = done;
    return pos;
}

// A batch's write has completed (the writer's onWritten): the claim is given back.
function written(w: FileWriter, s: Status): void {
    if (!isOk(s)) {
        if (!w.reportedError) rprintf('syslog: writing the output file failed\n');
        w.reportedError = true;
        timmDealloc(s);
    }
    const b = w.batch;
    if (b !== null) {
        w.offset += bufferLength(b);
        deallocateBuffer(b);
        w.batch = null;
    }
    const sg = w.batchSg;
    if (sg !== null) {
        deallocateSgList(sg);
        w.batchSg = null;
    }
    if (w.pipe !== null) logpipeFollowRelease(w.pipe, w.batchEnd);
    w.entryDone = w.batchEndDone;
    if (release(w)) fileFlush(w);
}

// One flush or write at a time: the flush timer, the shutdown completion and a write's completion
// can run on different CPUs. `writing` is the claim, taken and given back under the guard; the
// fields listed above the guard are used only by its holder (fileWriterNew runs before any).
// `finishing` is set and taken under the guard too, so a shutdown that comes while another context
// holds the claim is never missed: either the shutdown claims and finishes itself, or the holder
// sees it when it gives the claim back (release) and flushes once more.
function claim(w: FileWriter): boolean {
    spinLock(w.guard);
    const free = !w.writing;
    if (free) w.writing = true;
    spinUnlock(w.guard);
    return free;
}

/** Gives the claim back; true when a shutdown is waiting for the file to be finished. */
function release(w: FileWriter): boolean {
    spinLock(w.guard);
    w.writing = false;
    const due = w.finishing !== null;
    spinUnlock(w.guard);
    return due;
}

/** Writes the next batch of entries, unless a write is in flight; at shutdown, until all are written. */
export function fileFlush(w: FileWriter): void {
    const c = w.config;
    const p = w.pipe;
    const e = w.entry;
    if (p === null) return;
    if (!claim(w)) return;
    if (w.rotateDue) rotate(w, c, w.path, w.fromName, w.toName);
    const f = w.file;
    if (f === null) {
        finish(w);
        if (release(w)) fileFlush(w);
        return;
    }
    // Out of memory: the next flush (the timer's, also during shutdown) tries again.
    const b = allocateBuffer(w.h, BATCH_BYTES + c.maxMessage + 1);
    if (b === INVALID_ADDRESS) {
        release(w);
        return;
    }
    const end = fillBatch(w, c, p, e, b);
    if (bufferLength(b) === 0) {
        deallocateBuffer(b);
        logpipeFollowRelease(p, end);
        w.entryDone = w.batchEndDone;
        const rotateNext = w.rotateDue;
        if (!rotateNext) finish(w);
        if (release(w) || rotateNext) fileFlush(w);
        return;
    }
    const sg = allocateSgList();
    if (sg === null || !sgAddFragment(sg, bufferAt(b, 0), bufferLength(b) as u32)) {
        if (sg !== null) deallocateSgList(sg);
        deallocateBuffer(b);
        release(w);
        return;
    }
    w.batch = b;
    w.batchSg = sg;
    w.batchEnd = end;
    // The claim is given back by onWritten.
    sgWrite(pagecacheNodeGetWriter(fsfileGetCachenode(f)), sg, w.offset, bufferLength(b), w.onWritten);
}

// At shutdown, once nothing is left to write: sync the file, then complete. Called with the claim
// held (so `file` stays as it is); the completion is taken under the guard, so it is applied once.
function finish(w: FileWriter): void {
    spinLock(w.guard);
    const done = w.finishing;
    w.finishing = null;
    spinUnlock(w.guard);
    if (done === null) return;
    const f = w.file;
    if (f === null) done(STATUS_OK);
    else pagecacheSyncNode(fsfileGetCachenode(f), done);
}

/** At shutdown: writes everything the pipe holds, syncs, then applies `done`. */
export function fileShutdown(w: FileWriter, done: StatusHandler): void {
    spinLock(w.guard);
    w.finishing = done;
    spinUnlock(w.guard);
    fileFlush(w);
}
