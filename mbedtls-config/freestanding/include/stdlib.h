/* mbedtls includes <stdlib.h> out of habit; in the klib build there is no
   allocator behind it (see klib_platform.h), only size_t and NULL. */
#ifndef KLIB_MBEDTLS_STDLIB_H
#define KLIB_MBEDTLS_STDLIB_H

#include <stddef.h>

#endif
