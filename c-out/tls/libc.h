/* generated from klib-src/tls/libc.ts by klibc - do not edit */
#pragma once

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *p, s32 c, size_t n);
s32 memcmp(const void *a, const void *b, size_t n);
void *memmove(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
s32 strcmp(const char *a, const char *b);
char *strchr(const char *s, s32 c);
char *strstr(const char *haystack, const char *needle);
