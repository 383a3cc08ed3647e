/* generated from klib-src/tls/platform.ts by klibc - do not edit */
#pragma once

void *mbedtls_klib_calloc(size_t n, size_t size);
void mbedtls_klib_free(void *p);
s64 mbedtls_klib_time(s64 *t);
s32 mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);
