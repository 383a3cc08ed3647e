/* generated from klib-src/tls/libc.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/ssl.h>
#include "libc.h"

#line 12 "klib-src/tls/libc.ts"
void *memcpy(void *dst, const void *src, size_t n)
{
#line 13 "klib-src/tls/libc.ts"
    runtime_memcpy(dst, src, n);
    return dst;
}

#line 18 "klib-src/tls/libc.ts"
void *memset(void *p, s32 c, size_t n)
{
#line 19 "klib-src/tls/libc.ts"
    runtime_memset((u8 *)p, (u8)c, n);
    return p;
}

#line 24 "klib-src/tls/libc.ts"
s32 memcmp(const void *a, const void *b, size_t n)
{
#line 25 "klib-src/tls/libc.ts"
    return runtime_memcmp(a, b, n);
}

#line 30 "klib-src/tls/libc.ts"
void *memmove(void *dst, const void *src, size_t n)
{
#line 31 "klib-src/tls/libc.ts"
    u8 *to = (u8 *)dst;
    const u8 *from = (const u8 *)src;
    if (((u64)dst) <= ((u64)src)) {
        for (size_t i = 0; i < n; i++)
#line 34 "klib-src/tls/libc.ts"
            to[i] = from[i];
    } else {
        for (size_t i = n; i > 0; i--)
#line 36 "klib-src/tls/libc.ts"
            to[i - 1] = from[i - 1];
    }
    return dst;
}

#line 42 "klib-src/tls/libc.ts"
size_t strlen(const char *s)
{
#line 43 "klib-src/tls/libc.ts"
    size_t n = 0;
    while (s[n] != 0)
#line 44 "klib-src/tls/libc.ts"
        n++;
    return n;
}

#line 50 "klib-src/tls/libc.ts"
s32 strcmp(const char *a, const char *b)
{
#line 51 "klib-src/tls/libc.ts"
    size_t i = 0;
    while (a[i] != 0 && a[i] == b[i])
#line 52 "klib-src/tls/libc.ts"
        i++;
    return ((u8)a[i]) - ((u8)b[i]);
}

#line 57 "klib-src/tls/libc.ts"
char *strchr(const char *s, s32 c)
{
#line 58 "klib-src/tls/libc.ts"
    u8 wanted = (u8)c;
    for (size_t i = 0; ; i++) {
        if (((u8)s[i]) == wanted)
#line 60 "klib-src/tls/libc.ts"
            return (char *)((u8 *)s + i);
        if (s[i] == 0)
#line 61 "klib-src/tls/libc.ts"
            return 0;
    }
}

#line 67 "klib-src/tls/libc.ts"
char *strstr(const char *haystack, const char *needle)
{
#line 68 "klib-src/tls/libc.ts"
    for (size_t at = 0; ; at++) {
        size_t i = 0;
        while (needle[i] != 0 && haystack[at + i] == needle[i])
#line 70 "klib-src/tls/libc.ts"
            i++;
        if (needle[i] == 0)
#line 71 "klib-src/tls/libc.ts"
            return (char *)((u8 *)haystack + at);
        if (haystack[at] == 0)
#line 72 "klib-src/tls/libc.ts"
            return 0;
    }
}
