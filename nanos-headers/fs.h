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

typedef void (*fs_io)(fsfile f, sg_list sg, range r, status_handler completion);

/* The leading fields of the kernel's struct filesystem, through get_inode:
   the only one a klib reads (the root inode a path is resolved from, as the
   kernel's fsfile_open does). The kernel's struct goes on; a klib never
   allocates one. Offsets pinned in layout-b9c3671d.txt. */
struct filesystem {
    u64 size;
    heap h;
    int blocksize_order;
    boolean ro;
    tuple (*lookup)(filesystem fs, tuple parent, string name);
    int (*create)(filesystem fs, tuple parent, string name, tuple md, fsfile *f);
    int (*link)(filesystem fs, tuple parent, string name, tuple md);
    int (*unlink)(filesystem fs, tuple parent, string name, tuple md, boolean *destruct_md);
    int (*rename)(filesystem fs, tuple old_parent, string old_name, tuple old_md,
                  tuple new_parent, string new_name, tuple new_md, boolean exchange,
                  boolean *destruct_md);
    int (*write_attr)(filesystem fs, tuple md, sstring name, buffer value);
    int (*truncate)(filesystem fs, fsfile f, u64 len);
    int (*get_fsfile)(filesystem fs, tuple md, fsfile *f);
    fs_io file_read;
    fs_io file_write;
    inode (*get_inode)(filesystem fs, tuple md);
};

/* The leading fields of the kernel's struct fsfile, through read: the
   filesystem's reader, which fills the fragments already in an sg list with
   whole blocks of [start, end) (clamped to the file length, holes zeroed)
   and completes later, from the disk's interrupt. fsfile_get_reader is not
   exported, so klibs read the field. Offsets pinned in layout-b9c3671d.txt. */
struct fsfile {
    filesystem fs;
    pagecache_node cache_node;
    u64 length;
    tuple md;
    sg_io read;
};

u64 fsfile_get_length(fsfile f);
pagecache_node fsfile_get_cachenode(fsfile f);
void fsfile_release(fsfile f);

/* filesystem_get_node flags */
#define FS_NODE_FOLLOW  (1 << 0)    /* follow a symbolic link at the end of the path */

/* Resolves path from the directory inode cwd (an absolute path from the
   root). 0 on success, with *n the node and, when f is not 0, *f the file
   (reserved: fsfile_release it; 0 when the node is not a regular file); the
   filesystem (*fs, which may change to a mounted one) is then locked until
   filesystem_put_node(*fs, *n). A negative errno otherwise, with nothing
   held. */
int filesystem_get_node(filesystem *fs, inode cwd, sstring path, u8 flags, tuple *n,
                        tuple *parent, fsfile *f);
void filesystem_put_node(filesystem fs, tuple n);
/* The filesystem's root directory node (its inode: fs->get_inode(fs, root)). */
tuple filesystem_getroot(filesystem fs);

boolean filesystem_is_readonly(filesystem fs);
u64 fs_blocksize(filesystem fs);
u64 fs_totalblocks(filesystem fs);
u64 fs_freeblocks(filesystem fs);
