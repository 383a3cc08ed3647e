/* The string functions mbedtls calls, for the freestanding klib build.
   The tls klib provides them (on top of the kernel's runtime_* functions);
   gcc may also emit calls to memcpy/memset/memmove/memcmp on its own. */
#ifndef KLIB_MBEDTLS_STRING_H
#define KLIB_MBEDTLS_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *p, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

#endif
