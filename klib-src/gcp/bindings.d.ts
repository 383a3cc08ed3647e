/*
 * Bindings the gcp klib needs beyond klib-src/nanos: the memory and disk figures its metrics
 * report (kernel_heaps.h, heap/heap.h, pagecache.h, storage.h, fs.h).
 */
import type { u64 } from '../dialect';
import type { BytePtr, SString } from '../nanos';

/** Bytes of physical memory the kernel manages. @c heap_total(heap_physical(get_kernel_heaps())) @include kernel.h */
export declare function physicalTotal(): u64;
/** Bytes of physical memory allocated. @c heap_allocated(heap_physical(get_kernel_heaps())) @include kernel.h */
export declare function physicalAllocated(): u64;
/** Bytes held by the page cache. @c pagecache_get_occupancy() @include pagecache.h */
export declare function pagecacheOccupancy(): u64;

// ---- volumes, for the disk series (storage.h, fs.h) ----
/** A mounted filesystem. @c struct filesystem * @include kernel.h */
export interface Filesystem { readonly __kind: 'filesystem' }
/** One mounted volume: its UUID (16 bytes), label, filesystem. @closure volume_handler @include storage.h */
export type VolumeHandler = (uuid: BytePtr, label: SString, fs: Filesystem, mountDir: u64) => void;
/** Calls vh for the root filesystem (label "root"), then for each volume, synchronously. @c storage_iterate @include storage.h */
export declare function storageIterate(vh: VolumeHandler): void;
/** @c filesystem_is_readonly @include fs.h after pagecache.h */
export declare function filesystemIsReadonly(fs: Filesystem): boolean;
/** @c fs_blocksize @include fs.h after pagecache.h */
export declare function fsBlocksize(fs: Filesystem): u64;
/** @c fs_totalblocks @include fs.h after pagecache.h */
export declare function fsTotalblocks(fs: Filesystem): u64;
/** @c fs_freeblocks @include fs.h after pagecache.h */
export declare function fsFreeblocks(fs: Filesystem): u64;
