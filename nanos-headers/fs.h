/* Filesystem handles and queries. */
#ifdef NANOS_HEADERS_FS_H
#error "<fs.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_KERNEL_H
#error "include <kernel.h> (or <unix_internal.h>) before <fs.h>, as the Nanos tree requires"
#endif
#ifndef NANOS_HEADERS_PAGECACHE_H
#error "include <pagecache.h> before <fs.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_FS_H


typedef struct filesystem *filesystem;
typedef u64 inode;
typedef struct fsfile *fsfile;

u64 fsfile_get_length(fsfile f);
pagecache_node fsfile_get_cachenode(fsfile f);
void fsfile_release(fsfile f);

boolean filesystem_is_readonly(filesystem fs);
u64 fs_blocksize(filesystem fs);
u64 fs_totalblocks(filesystem fs);
u64 fs_freeblocks(filesystem fs);
