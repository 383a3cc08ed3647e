/*
 * Bindings: files on the root filesystem and their page-cache writer (unix/filesystem.h, fs/fs.h,
 * kernel/pagecache.h, runtime/sg.h), and reading a file of the image (storage.h, fs/fs.h). A module
 * using these includes <unix_internal.h> first.
 */
import type { bytes, s32, s64, u32, u64 } from '../dialect';
import type { BytePtr, SString, StatusHandler } from './runtime';

/** An open file. @c fsfile @include unix_internal.h instead of kernel.h */
export interface FsFile { readonly __kind: 'fsfile' }
/** A file's page-cache node. @c pagecache_node @include unix_internal.h instead of kernel.h */
export interface PagecacheNode { readonly __kind: 'pagecache_node' }
/** A scatter-gather list. @c sg_list @include unix_internal.h instead of kernel.h */
export interface SgList { readonly __kind: 'sg_list' }
/** One fragment of a scatter-gather list. @c sg_buf @include unix_internal.h instead of kernel.h */
export interface SgBuf { readonly __kind: 'sg_buf' }
/** A page-cache writer. @closure sg_io @include unix_internal.h instead of kernel.h */
export type SgIo = (sg: SgList, r: SgRange, complete: StatusHandler) => void;
/** A byte range (passed by value). @c range @include unix_internal.h instead of kernel.h */
export interface SgRange { readonly __kind: 'range' }

/** Opens (or creates, with missing directories) a file of the root fs; 0 on failure. @c fsfile_open_or_create @include filesystem.h */
export declare function fsfileOpenOrCreate(path: SString, truncate: boolean): FsFile | null;
/** @c fsfile_get_length */ export declare function fsfileGetLength(f: FsFile): u64;
/** @c fsfile_get_cachenode */ export declare function fsfileGetCachenode(f: FsFile): PagecacheNode;
/** @c fsfile_release */ export declare function fsfileRelease(f: FsFile): void;
/** 0 on success. @c fsfile_truncate @include filesystem.h */ export declare function fsfileTruncate(f: FsFile, length: u64): s32;
/** 0 on success. @c fs_rename @include filesystem.h */ export declare function fsRename(from: SString, to: SString): s64;
/** @c pagecache_node_get_writer */ export declare function pagecacheNodeGetWriter(n: PagecacheNode): SgIo;
/** Writes the node's dirty pages, then calls `complete`. @c pagecache_sync_node */
export declare function pagecacheSyncNode(n: PagecacheNode, complete: StatusHandler): void;

/** @c allocate_sg_list */ export declare function allocateSgList(): SgList | null;
/** @c deallocate_sg_list */ export declare function deallocateSgList(sg: SgList): void;
/**
 * Adds one fragment of n bytes at p to the list (no copy: p must live until the write completes);
 * false when the list cannot grow.
 * @c ({ sg_buf __b = sg_list_tail_add($sg, $n); if (__b != INVALID_ADDRESS) { __b->buf = $p; __b->size = $n; __b->offset = 0; __b->refcount = 0; } __b != INVALID_ADDRESS; })
 */
export declare function sgAddFragment(sg: SgList, p: BytePtr, n: u32): boolean;
/** Hands the list to a writer for the bytes [offset, offset + length) of the file. @c apply($w, $sg, irangel($offset, $length), $complete) */
export declare function sgWrite(w: SgIo, sg: SgList, offset: u64, length: bytes, complete: StatusHandler): void;

// ---- reading a file of the image ----
// The kernel exports no "read this file" call to klibs (fsfile_open, fsfile_get_reader and
// filesystem_read_* are not in nanos-headers/kernel-exports.txt). What it does export is enough:
// storage_iterate gives the root filesystem, its get_inode field the root inode,
// filesystem_get_node resolves a path from there, and the fsfile's read field is the filesystem's
// reader. The two struct fields are pinned in nanos-headers/layout-b9c3671d.txt.

/** A mounted filesystem. @c filesystem @include unix_internal.h instead of kernel.h */
export interface Filesystem { readonly __kind: 'filesystem' }
/** One mounted volume: its UUID (16 bytes), label, filesystem, mount directory inode. @closure volume_handler @include storage.h */
export type VolumeHandler = (uuid: BytePtr, label: SString, fs: Filesystem, mountDir: u64) => void;
/** Calls vh for the root filesystem (uuid 0, label "root") first, then for each volume, synchronously. @c storage_iterate @include storage.h */
export declare function storageIterate(vh: VolumeHandler): void;
/** The filesystem's block size in bytes. @c fs_blocksize */ export declare function fsBlocksize(fs: Filesystem): u64;
/**
 * The regular file at path (from the root of fs; a symbolic link is followed), open and reserved
 * (fsfileRelease it), or 0 when there is none there: fsPathKind says why. As the kernel's own
 * fsfile_open does, the node lock filesystem_get_node takes is dropped at once.
 * @c ({ filesystem __fs = $fs; tuple __n; fsfile __f = 0; if (filesystem_get_node(&__fs, __fs->get_inode(__fs, filesystem_getroot(__fs)), $path, FS_NODE_FOLLOW, &__n, 0, &__f) == 0) filesystem_put_node(__fs, __n); else __f = 0; __f; })
 */
export declare function fsOpenFile(fs: Filesystem, path: SString): FsFile | null;
/**
 * What is at path (from the root of fs, a symbolic link followed): 0 a regular file, 1 something
 * else (a directory, ...), or a negative errno (-2 ENOENT: nothing there; -20 ENOTDIR: a part of
 * the path is not a directory).
 * @c ({ filesystem __fs = $fs; tuple __n; fsfile __f = 0; int __r = filesystem_get_node(&__fs, __fs->get_inode(__fs, filesystem_getroot(__fs)), $path, FS_NODE_FOLLOW, &__n, 0, &__f); if (__r == 0) { filesystem_put_node(__fs, __n); if (__f) fsfile_release(__f); else __r = 1; } __r; })
 */
export declare function fsPathKind(fs: Filesystem, path: SString): s32;
/**
 * Reads [offset, offset + length) of f with the filesystem's reader (struct fsfile.read): whole
 * blocks, clamped to the file's length, go into the fragments already in sg (which must hold the
 * length rounded up to fsBlocksize, each fragment a multiple of 512 bytes); `complete` is called
 * later (from the disk's interrupt), or inside the call when there is nothing to read from disk.
 * @c apply(($f)->read, $sg, irangel($offset, $length), $complete)
 */
export declare function fsfileRead(f: FsFile, sg: SgList, offset: u64, length: bytes, complete: StatusHandler): void;
