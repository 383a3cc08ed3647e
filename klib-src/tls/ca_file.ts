// Reading the file named by the manifest's tls.ca_file, during init. The kernel exports no
// "read this file" call to klibs, but what it does export is enough (klib-src/nanos/files.d.ts):
// storage_iterate gives the root filesystem, filesystem_get_node the file, and the file's own
// reader its contents, into buffers we hand it, completing later from the disk's interrupt.
// Every way this can fail is one console line naming the key and the path.
import { bytes, oneShot, s32, stackClosure, u64 } from '../dialect';
import {
    allocate, allocateBuffer, Buffer, BytePtr, bufferLength, deallocate, deallocateBuffer, Heap, INVALID_ADDRESS, isOk,
    rprintf, SString, Status, StatusHandler, timmDealloc,
} from '../nanos';
import {
    allocateSgList, deallocateSgList, Filesystem, FsFile, fsBlocksize, fsfileGetLength, fsfileRead, fsfileRelease,
    fsOpenFile, fsPathKind, sgAddFragment, SgList, storageIterate,
} from '../nanos/files';
import { BufferHandler } from '../nanos/net';
import { bufferData, bufferProduce, statusResultText } from '../nanos/buffers';
import { bufferToSString } from '../nanos/values';
import { byteOffset } from '../nanos/memory';

/** The largest tls.ca_file read: 1 MiB, about five times Debian's whole CA bundle. */
export const CA_FILE_MAX_BYTES: u64 = 1048576;
// The buffer is handed to the disk one page per fragment, as the page cache does: each fragment is
// then physically contiguous and a multiple of the disk's sector.
const PAGE_BYTES: bytes = 4096;
// filesystem_get_node's errors (Linux's ENOENT and ENOTDIR, which Nanos uses)
const NO_SUCH_ENTRY: s32 = -2;
const NOT_A_DIRECTORY: s32 = -20;

interface CaFileRead {
    h: Heap;
    path: Buffer;
    file: FsFile;
    sg: SgList;
    contents: Buffer;
    length: u64;
    done: BufferHandler;
}

let rootFs: Filesystem | null = null;

/**
 * Reads the file at path (tls.ca_file) from the image's root filesystem and calls done with its
 * contents followed by a NUL (counted in the buffer's length, as mbedtls's PEM parser wants; the
 * buffer is then done's), or with 0 after a console line saying why it could not. done may be
 * called before this returns (an error found at once, or a read served without the disk).
 */
export function readCaFile(h: Heap, path: Buffer, done: BufferHandler): void {
    if (bufferLength(path) === 0) {
        rprintf('tls: tls.ca_file is empty: give the path of a PEM file in the image\n');
        done(null);
        return;
    }
    // The root filesystem is the first one storage_iterate reports.
    storageIterate(stackClosure((uuid: BytePtr, label: SString, fs: Filesystem, mountDir: u64) => {
        if (rootFs === null) rootFs = fs;
    }));
    if (rootFs === null) {
        rprintf(`tls: tls.ca_file ${path}: there is no root filesystem to read it from\n`);
        done(null);
        return;
    }
    const name = bufferToSString(path);
    const file = fsOpenFile(rootFs!, name);
    if (file === null) {
        sayNotOpened(path, fsPathKind(rootFs!, name));
        done(null);
        return;
    }
    const length = fsfileGetLength(file);
    if (length === 0 || length > CA_FILE_MAX_BYTES) {
        if (length === 0) rprintf(`tls: tls.ca_file ${path}: the file is empty\n`);
        else rprintf(`tls: tls.ca_file ${path}: the file is too large (${length} bytes; at most ${CA_FILE_MAX_BYTES})\n`);
        fsfileRelease(file);
        done(null);
        return;
    }
    const r = allocate<CaFileRead>(h);
    if (r === INVALID_ADDRESS) {
        fsfileRelease(file);
        outOfMemory(path, done);
        return;
    }
    r.h = h;
    r.path = path;
    r.file = file;
    r.length = length;
    r.done = done;
    // Whole blocks are read: room for the last one, and for the NUL after the contents.
    const block = fsBlocksize(rootFs!) > PAGE_BYTES ? fsBlocksize(rootFs!) : PAGE_BYTES;
    const size: bytes = Math.trunc((length + block) / block) * block;
    r.contents = allocateBuffer(h, size);
    const sg = allocateSgList();
    if (r.contents === INVALID_ADDRESS || sg === null || sg === INVALID_ADDRESS) {
        if (sg !== null && sg !== INVALID_ADDRESS) deallocateSgList(sg);
        abandon(r);
        return;
    }
    r.sg = sg!;
    for (let at: bytes = 0; at < size; at += PAGE_BYTES) {
        if (!sgAddFragment(r.sg, byteOffset(bufferData(r.contents), at), PAGE_BYTES)) {
            deallocateSgList(r.sg);
            abandon(r);
            return;
        }
    }
    const finished: StatusHandler = oneShot(h, (s: Status) => readDone(r, s));
    if (finished === INVALID_ADDRESS) {
        deallocateSgList(r.sg);
        abandon(r);
        return;
    }
    fsfileRead(r.file, r.sg, 0, length, finished);
}

function sayNotOpened(path: Buffer, kind: s32): void {
    if (kind === NO_SUCH_ENTRY || kind === NOT_A_DIRECTORY) {
        rprintf(`tls: tls.ca_file ${path}: no such file in the image\n`);
    } else if (kind === 1) {
        rprintf(`tls: tls.ca_file ${path}: not a regular file (a directory?)\n`);
    } else {
        rprintf(`tls: tls.ca_file ${path}: the file could not be opened (error ${kind})\n`);
    }
}

function outOfMemory(path: Buffer, done: BufferHandler): void {
    rprintf(`tls: tls.ca_file ${path}: out of memory to read it\n`);
    done(null);
}

// Undoes a read that could not start (out of memory).
function abandon(r: CaFileRead): void {
    const path = r.path;
    const done = r.done;
    if (r.contents !== INVALID_ADDRESS) deallocateBuffer(r.contents);
    fsfileRelease(r.file);
    deallocate<CaFileRead>(r.h, r);
    outOfMemory(path, done);
}

function readDone(r: CaFileRead, s: Status): void {
    deallocateSgList(r.sg);
    fsfileRelease(r.file);
    const path = r.path;
    const done = r.done;
    let contents: Buffer | null = r.contents;
    if (isOk(s)) {
        bufferData(contents!)[r.length] = 0;
        bufferProduce(contents!, r.length + 1);
    } else {
        const why = statusResultText(s);
        if (why !== null) rprintf(`tls: tls.ca_file ${path}: the file could not be read: ${why}\n`);
        else rprintf(`tls: tls.ca_file ${path}: the file could not be read\n`);
        timmDealloc(s);
        deallocateBuffer(contents!);
        contents = null;
    }
    deallocate<CaFileRead>(r.h, r);
    done(contents);
}
