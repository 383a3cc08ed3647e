/* SHA-256 compression over whole 64-byte blocks (FIPS 180-4, 6.2.2), one function per engine;
 * accel/sha256.c picks one per call. `state` is A..H.
 */
#ifndef KLIB_SHA256_BLOCKS_H
#define KLIB_SHA256_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/* The 64 round constants (FIPS 180-4, 4.2.2). */
extern const uint32_t klib_sha256_k[64];

/* With the SHA extensions (sha256_shani.c). */
void klib_sha256_shani_blocks(uint32_t state[8], const unsigned char *data, size_t blocks);

/* General-purpose registers only (sha256_scalar.c). */
void klib_sha256_scalar_blocks(uint32_t state[8], const unsigned char *data, size_t blocks);

#endif /* KLIB_SHA256_BLOCKS_H */
