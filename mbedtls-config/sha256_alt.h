/* The SHA-256 context under MBEDTLS_SHA256_ALT (included by mbedtls/sha256.h): the same fields,
 * in the same order and of the same size (108 bytes) as mbedtls 2.28's own, so code that sizes
 * or copies a context as mbedtls's (the cloudwatch klib keeps 128 bytes for one) is unaffected.
 * The block function is chosen per call (accel/sha256.c).
 */
#ifndef KLIB_SHA256_ALT_H
#define KLIB_SHA256_ALT_H

#include <stdint.h>

typedef struct mbedtls_sha256_context {
    uint32_t total[2];          /* bytes hashed: low and high 32 bits */
    uint32_t state[8];          /* A..H */
    unsigned char buffer[64];   /* a block not complete yet */
    int is224;                  /* 1: SHA-224 */
} mbedtls_sha256_context;

#endif /* KLIB_SHA256_ALT_H */
