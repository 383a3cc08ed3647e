/* generated from klib-src/tls/libc.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/ssl.h>
#include "libc.h"

/* The C library functions mbedtls calls (and gcc emits calls to for structure copies), which a klib
 * must define itself: the kernel exports runtime_memcpy/memset/memcmp, and nothing for memmove or
 * the C-string functions (its runtime_str* take sstrings). mk/tls.mk builds this klib with
 * -fno-tree-loop-distribute-patterns so that gcc does not turn these loops back into calls to
 * themselves. */

void *memcpy(void *dst, const void *src, size_t n)
{
    runtime_memcpy(dst, src, n);
    return dst;
}

void *memset(void *p, s32 c, size_t n)
{
    runtime_memset((u8 *)p, (u8)c, n);
    return p;
}

s32 memcmp(const void *a, const void *b, size_t n)
{
    return runtime_memcmp(a, b, n);
}

/* Overlapping regions are allowed: copy from the end when the destination lies after the source. */
void *memmove(void *dst, const void *src, size_t n)
{
    u8 *to = (u8 *)dst;
    const u8 *from = (const u8 *)src;
    if ((u64)dst <= (u64)src) {
        for (size_t i = 0; i < n; i++)
            to[i] = from[i];
    } else {
        for (size_t i = n; i > 0; i--)
            to[i - 1] = from[i - 1];
    }
    return dst;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

/* Bytes compare as unsigned char, as C requires. */
s32 strcmp(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] != 0 && a[i] == b[i])
        i++;
    return (u8)a[i] - (u8)b[i];
}

char *strchr(const char *s, s32 c)
{
    u8 wanted = (u8)c;
    for (size_t i = 0;; i++) {
        if ((u8)s[i] == wanted)
            return (char *)((u8 *)s + i);
        if (s[i] == 0)
            return 0;
    }
}

/* Plain search: mbedtls only looks for PEM markers, which are found near where it starts. */
char *strstr(const char *haystack, const char *needle)
{
    for (size_t at = 0;; at++) {
        size_t i = 0;
        while (needle[i] != 0 && haystack[at + i] == needle[i])
            i++;
        if (needle[i] == 0)
            return (char *)((u8 *)haystack + at);
        if (haystack[at] == 0)
            return 0;
    }
}
