// File output through the kernel's page cache: the console's bytes appended at the end of the file
// (across boots too), one write in flight at a time. They are read from the log pipe by its
// follower (logpipe/follower.ts), which reads whole entries as the console wrote them, each with
// the newline that followed it (none after a cut line: the next entry continues it), beside the
// network's batches. Before a batch would take the file past file_max_size the file is rotated
// (path -> path.1 -> ... -> path.N), so every file ends at an entry's end and no line is split or
// lost at rotation; with file_rotate 0 it is truncated instead.
import { bytes, embedded, u32, u64 } from '../dialect';
import {
    allocate, allocateBuffer, allocateSgList, Buffer, bufferAt, bufferLength, bufferToSString, bufferWriteByte,
    bufferWriteFrom,
    deallocateBuffer, deallocateSgList, FsFile, fsfileGetCachenode, fsfileGetLength, fsfileOpenOrCreate,
    fsfileRelease, fsfileTruncate, fsRename, Heap, INVALID_ADDRESS, isOk, pagecacheNodeGetWriter,
    pagecacheSyncNode, pushBuffer, rprintf, sgAddFragment, SgList, sgWrite, STATUS_OK, StatusHandler,
    timmDealloc, bufferClear, SString, Spinlock, spinLock, spinUnlock,
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

// Set at init, then only read.
let heap: Heap;
let config: Config | null = null;
let pipe: LogPipe | null = null;
/** The follower's entry record (used by the claim's holder). */
let entry: LogEntry | null = null;
let fromName: Buffer | null = null;
let toName: Buffer | null = null;
// Used only by the holder of the claim (`writing`, see claim()).
let file: FsFile | null = null;
let offset: u64 = 0;
let batch: Buffer | null = null;
let batchSg: SgList | null = null;
let batchEnd: u64 = 0;
/**
 * Bytes of the entry at the follower's position already in the file (its first lines went before
 * a rotation), and the same for the batch in flight's end.
 */
let entryDone: bytes = 0;
let batchEndDone: bytes = 0;
let rotateDue: boolean = false;
let reportedError: boolean = false;

let guard: Spinlock;
let writing: boolean = false;
/** The shutdown completion: applied once everything is written and synced. */
let finishing: StatusHandler | null = null;

/** Opens (or creates) the file for appending; false (after saying so) when it cannot. */
export function fileOutputOpen(h: Heap, c: Config): boolean {
    heap = h;
    config = c;
    if (c.file === null) return false;
    const from = allocateBuffer(h, bufferLength(c.file) + 4);
    const to = allocateBuffer(h, bufferLength(c.file) + 4);
    const e: LogEntry = allocate<LogEntry>(h);
    if (from === INVALID_ADDRESS || to === INVALID_ADDRESS || e === INVALID_ADDRESS) return false;
    fromName = from;
    toName = to;
    entry = e;
    file = fsfileOpenOrCreate(bufferToSString(c.file), false);
    if (file === null) {
        rprintf(`syslog: cannot open or create the file '${c.file}': file output disabled\n`);
        return false;
    }
    offset = fsfileGetLength(file);
    return true;
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
export function fileFollow(p: LogPipe, network: boolean): void {
    pipe = p;
    logpipeFollowStart(p, network);
}

// File output ends (the console keeps going to the network, if any).
function stop(what: SString): void {
    file = null;
    if (pipe !== null) logpipeFollowStop(pipe);
    rprintf(`syslog: ${what} the output file: file output stopped\n`);
}

function rotate(c: Config, path: Buffer, from: Buffer, to: Buffer): void {
    rotateDue = false;
    if (file === null) return;
    if (c.fileRotate === 0) {
        if (fsfileTruncate(file, 0) === 0) offset = 0;
        else stop('cannot truncate');
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
        stop('cannot rotate');
        return;
    }
    fsfileRelease(file);
    file = fsfileOpenOrCreate(bufferToSString(path), true);
    offset = 0;
    if (file === null) stop('cannot create a new');
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
function fillBatch(c: Config, p: LogPipe, e: LogEntry, b: Buffer): u64 {
    const end = logpipeSealedEnd(p);
    let pos = logpipeFollowPos(p);
    let done: bytes = entryDone;
    while (bufferLength(b) < BATCH_BYTES) {
        const next = logpipeFollowRead(p, pos, end, e);
        if (next === 0) break;
        const used: u64 = offset + bufferLength(b);
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
        rotateDue = true;
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
    batchEndDone = done;
    return pos;
}

const onWritten: StatusHandler = embedded((s) => {
    if (!isOk(s)) {
        if (!reportedError) rprintf('syslog: writing the output file failed\n');
        reportedError = true;
        timmDealloc(s);
    }
    if (batch !== null) {
        offset += bufferLength(batch);
        deallocateBuffer(batch);
        batch = null;
    }
    if (batchSg !== null) {
        deallocateSgList(batchSg);
        batchSg = null;
    }
    if (pipe !== null) logpipeFollowRelease(pipe, batchEnd);
    entryDone = batchEndDone;
    if (release()) fileFlush();
});

// One flush or write at a time: the flush timer, the shutdown completion and a write's completion
// can run on different CPUs. `writing` is the claim, taken and given back under the guard; the
// variables listed above the guard are used only by its holder (fileOutputOpen runs before any).
// `finishing` is set and taken under the guard too, so a shutdown that comes while another context
// holds the claim is never missed: either the shutdown claims and finishes itself, or the holder
// sees it when it gives the claim back (release) and flushes once more.
function claim(): boolean {
    spinLock(guard);
    const free = !writing;
    if (free) writing = true;
    spinUnlock(guard);
    return free;
}

/** Gives the claim back; true when a shutdown is waiting for the file to be finished. */
function release(): boolean {
    spinLock(guard);
    writing = false;
    const due = finishing !== null;
    spinUnlock(guard);
    return due;
}

/** Writes the next batch of entries, unless a write is in flight; at shutdown, until all are written. */
export function fileFlush(): void {
    const c = config;
    const p = pipe;
    const e = entry;
    if (c === null || c.file === null || fromName === null || toName === null || p === null || e === null) return;
    if (!claim()) return;
    if (rotateDue) rotate(c, c.file, fromName, toName);
    const f = file;
    if (f === null) {
        finish();
        if (release()) fileFlush();
        return;
    }
    // Out of memory: the next flush (the timer's, also during shutdown) tries again.
    const b = allocateBuffer(heap, BATCH_BYTES + c.maxMessage + 1);
    if (b === INVALID_ADDRESS) {
        release();
        return;
    }
    const end = fillBatch(c, p, e, b);
    if (bufferLength(b) === 0) {
        deallocateBuffer(b);
        logpipeFollowRelease(p, end);
        entryDone = batchEndDone;
        const rotateNext = rotateDue;
        if (!rotateNext) finish();
        if (release() || rotateNext) fileFlush();
        return;
    }
    const sg = allocateSgList();
    if (sg === null || !sgAddFragment(sg, bufferAt(b, 0), bufferLength(b) as u32)) {
        if (sg !== null) deallocateSgList(sg);
        deallocateBuffer(b);
        release();
        return;
    }
    batch = b;
    batchSg = sg;
    batchEnd = end;
    // The claim is given back by onWritten.
    sgWrite(pagecacheNodeGetWriter(fsfileGetCachenode(f)), sg, offset, bufferLength(b), onWritten);
}

// At shutdown, once nothing is left to write: sync the file, then complete. Called with the claim
// held (so `file` stays as it is); the completion is taken under the guard, so it is applied once.
function finish(): void {
    spinLock(guard);
    const done = finishing;
    finishing = null;
    spinUnlock(guard);
    if (done === null) return;
    if (file === null) done(STATUS_OK);
    else pagecacheSyncNode(fsfileGetCachenode(file), done);
}

/** At shutdown: writes everything the pipe holds, syncs, then applies `done`. */
export function fileShutdown(done: StatusHandler): void {
    spinLock(guard);
    finishing = done;
    spinUnlock(guard);
    fileFlush();
}
