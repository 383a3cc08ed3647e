/* The platform hooks our mbedtls build calls and does not define.
 *
 * In a Nanos image the tls klib defines them on top of kernel services; in a
 * hosted test program the test code defines them on top of libc. Anything
 * that links libmbedtls.a must provide every one of these (and the few libc
 * functions listed in mbedtls-config/README.md).
 */
#ifndef KLIB_MBEDTLS_PLATFORM_H
#define KLIB_MBEDTLS_PLATFORM_H

#include <stddef.h>

/* Zeroed allocation of n * size bytes; 0 on failure or on overflow.
   mbedtls never passes the size back, so the heap must remember it. */
void *mbedtls_klib_calloc(size_t n, size_t size);

/* Release what mbedtls_klib_calloc returned; free(0) does nothing. */
void mbedtls_klib_free(void *p);

/* Seconds since the Unix epoch (wall clock), also stored in *t when t is not
   0. Certificate validity and session timestamps depend on it. The type is
   mbedtls_time_t (MBEDTLS_PLATFORM_TIME_TYPE_MACRO in klib_config.h). */
long long mbedtls_klib_time(long long *t);

/* Fill output with len bytes from the kernel's random source, store how
   many in *olen, return 0 (nonzero means the source failed). data is 0. */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len,
                          size_t *olen);

/* Defined by our glue in freestanding/, built into the library (so not
   hooks): a bounded formatter with only the conversions mbedtls uses,
   always NUL-terminated, returning the length the full output would have,
   like C99 snprintf; and mbedtls_platform_gmtime_r (freestanding/gmtime.c,
   declared by mbedtls/platform_util.h). */
int mbedtls_klib_snprintf(char *s, size_t n, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* KLIB_MBEDTLS_PLATFORM_H */
