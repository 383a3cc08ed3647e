/* The GCM context under MBEDTLS_GCM_ALT (included by mbedtls/gcm.h): one of two engines, chosen
 * when the key is set (klib_accel.h). Plain C types only: klibs that include mbedtls headers are
 * built without SSE. Nothing here needs more than 8-byte alignment (the vector code loads and
 * stores unaligned), as mbedtls's calloc hook promises no more.
 */
#ifndef KLIB_GCM_ALT_H
#define KLIB_GCM_ALT_H

#include <stdint.h>
#include "klib_accel.h"

/* The AES-NI engine's state (accel/gcm_aesni.c). Blocks are 16 bytes as the vector code keeps
   them: GHASH values bit-reflected (byte-reversed), the counter byte-reversed so that its 32-bit
   part is the low lane. */
struct klib_gcm_aesni {
    uint8_t round_keys[15][16];   /* the AES key schedule, rounds + 1 keys */
    uint8_t h_powers[8][16];      /* H^1..H^8 times x^-1, for multiplication with reduction by x^128 */
    uint8_t h_karatsuba[8][16];   /* the two halves of each power XORed (both lanes) */
    uint8_t tag_mask[16];         /* E(K, J0) */
    uint8_t counter[16];          /* the next counter block */
    uint8_t ghash[16];            /* the GHASH accumulator */
    uint64_t length;              /* data bytes so far */
    uint64_t aad_length;          /* additional data bytes */
    uint32_t rounds;              /* 10, 12 or 14 */
    int mode;                     /* MBEDTLS_GCM_ENCRYPT or MBEDTLS_GCM_DECRYPT */
};

/* No engine yet (after init, or after free). */
#define KLIB_GCM_ENGINE_NONE     0
#define KLIB_GCM_ENGINE_AESNI    1
#define KLIB_GCM_ENGINE_SOFTWARE 2

typedef struct mbedtls_gcm_context {
    int engine;
    union {
        struct klib_gcm_aesni aesni;
        /* mbedtls's own context (accel/gcm_software.c) */
        uint64_t software[KLIB_GCM_SOFTWARE_BYTES / 8];
    } u;
} mbedtls_gcm_context;

#endif /* KLIB_GCM_ALT_H */
