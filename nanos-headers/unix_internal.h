/* The unix layer's internal header, which kernel-side code such as the
   syslog klib includes instead of <kernel.h>. In the Nanos tree it brings
   in kernel.h, pagecache.h and fs.h (through tfs.h) itself, so those must
   not be included again. */
#ifdef NANOS_HEADERS_UNIX_INTERNAL_H
#error "<unix_internal.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifdef NANOS_HEADERS_KERNEL_H
#error "<unix_internal.h> includes <kernel.h> itself: include it instead of <kernel.h>"
#endif
#define NANOS_HEADERS_UNIX_INTERNAL_H

#include <kernel.h>
#include <pagecache.h>
#include <fs.h>

typedef s64 sysreturn;

