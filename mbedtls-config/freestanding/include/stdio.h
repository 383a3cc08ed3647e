/* No stdio in the kernel: formatting goes through mbedtls_klib_snprintf
   (klib_platform.h). mbedtls includes <stdio.h> for size_t and NULL. */
#ifndef KLIB_MBEDTLS_STDIO_H
#define KLIB_MBEDTLS_STDIO_H

#include <stddef.h>

#endif
