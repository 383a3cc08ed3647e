/*
 * Bindings: files on the root filesystem and their page-cache writer (unix/filesystem.h, fs/fs.h,
 * kernel/pagecache.h, runtime/sg.h). A module using these includes <unix_internal.h> first.
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
