// File output through the kernel's page cache: whole records appended at the end of the file
// (across boots too), one write in flight at a time. Before a batch would take the file past
// file_max_size the file is rotated (path -> path.1 -> ... -> path.N), so every file ends at a line
// boundary and no line is split or lost at rotation; with file_rotate 0 it is truncated instead.
import { bytes, embedded, u32, u64 } from '../dialect';
import {
    allocateBuffer, allocateSgList, Buffer, bufferAt, bufferLength, bufferToSString, bufferWriteByte,
    deallocateBuffer, deallocateSgList, FsFile, fsfileGetCachenode, fsfileGetLength, fsfileOpenOrCreate,
    fsfileRelease, fsfileTruncate, fsRename, Heap, INVALID_ADDRESS, isOk, pagecacheNodeGetWriter,
    pagecacheSyncNode, pushBuffer, rprintf, sgAddFragment, SgList, sgWrite, STATUS_OK, StatusHandler,
    timmDealloc, bufferClear, SString, Spinlock, spinLock, spinUnlock,
} from '../nanos';
import { Config } from './config';
import {
    READER_FILE, RECORD_NEWLINE, recordCopy, recordFlags, recordLength, recordNext, ringHead, ringRelease,
    ringStopReader, ringTail,
} from './ring';
import { writeDecimal } from './text';

const BATCH_BYTES: bytes = 64 * 1024;

// Set at init, then only read.
let heap: Heap;
let config: Config | null = null;
let fromName: Buffer | null = null;
let toName: Buffer | null = null;
// Used only by the holder of the claim (`writing`, see claim()).
let file: FsFile | null = null;
let offset: u64 = 0;
let batch: Buffer | null = null;
let batchSg: SgList | null = null;
let batchEnd: u64 = 0;
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
    if (from === INVALID_ADDRESS || to === INVALID_ADDRESS) return false;
    fromName = from;
    toName = to;
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

// File output ends (the console keeps going to the network, if any).
function stop(what: SString): void {
    file = null;
    ringStopReader(READER_FILE);
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

// Appends the next records to a batch, stopping where the file would pass its size limit.
function fillBatch(c: Config, b: Buffer): u64 {
    const end = ringHead();
    let pos = ringTail(READER_FILE);
    while (pos < end && bufferLength(b) < BATCH_BYTES) {
        const newline: u64 = (recordFlags(pos) & RECORD_NEWLINE) !== 0 ? 1 : 0;
        const size = recordLength(pos) + newline;
        if (offset + bufferLength(b) + size > c.fileMaxSize && offset + bufferLength(b) > 0) {
            rotateDue = true;
            break;
        }
        recordCopy(pos, b, recordLength(pos));
        if (newline !== 0) bufferWriteByte(b, '\n'.charCodeAt(0));
        pos = recordNext(pos);
    }
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
    ringRelease(READER_FILE, batchEnd);
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

/** Writes the next batch of records, unless a write is in flight; at shutdown, until all are written. */
export function fileFlush(): void {
    const c = config;
    if (c === null || c.file === null || fromName === null || toName === null) return;
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
    const end = fillBatch(c, b);
    if (bufferLength(b) === 0) {
        deallocateBuffer(b);
        ringRelease(READER_FILE, end);
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

/** At shutdown: writes everything the ring holds, syncs, then applies `done`. */
export function fileShutdown(done: StatusHandler): void {
    spinLock(guard);
    finishing = done;
    spinUnlock(guard);
    fileFlush();
}
