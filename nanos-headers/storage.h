/* Mounted volumes. */
#ifdef NANOS_HEADERS_STORAGE_H
#error "<storage.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_KERNEL_H
#error "include <kernel.h> (or <unix_internal.h>) before <storage.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_STORAGE_H


struct filesystem;
closure_type(volume_handler, void, u8 *uuid, sstring label, struct filesystem *fs, u64 mount_dir);

/* the root filesystem first (uuid 0, label "root"), then each volume */
void storage_iterate(volume_handler vh);
