/* Path-based file operations on the root filesystem. */
#ifdef NANOS_HEADERS_FILESYSTEM_H
#error "<filesystem.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_UNIX_INTERNAL_H
#error "include <unix_internal.h> before <filesystem.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_FILESYSTEM_H



/* creates missing parent directories; 0 on failure */
fsfile fsfile_open_or_create(sstring file_path, boolean truncate);
/* 0 on success */
int fsfile_truncate(fsfile f, u64 len);
/* 0 on success, else a negative errno */
sysreturn fs_rename(sstring oldpath, sstring newpath);
