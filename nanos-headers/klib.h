/* Values a klib's init() returns to the kernel's loader. */
#ifndef NANOS_HEADERS_KLIB_H
#define NANOS_HEADERS_KLIB_H

enum {
    KLIB_INIT_OK = 0,           /* done; the loader reports success */
    KLIB_LOAD_FAILED,
    KLIB_MISSING_DEP,
    KLIB_INIT_IN_PROGRESS,      /* the klib applies `complete` itself later */
    KLIB_INIT_FAILED            /* the kernel halts */
};

#endif
