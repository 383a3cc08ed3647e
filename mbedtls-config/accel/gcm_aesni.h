/* The AES-NI engine of GCM (gcm_aesni.c), driven by accel/gcm.c, which checks the arguments and
 * keeps mbedtls's semantics. State: struct klib_gcm_aesni (gcm_alt.h).
 */
#ifndef KLIB_GCM_AESNI_H
#define KLIB_GCM_AESNI_H

#include <stddef.h>
#include <stdint.h>
#include "gcm_alt.h"

/* Key schedule and powers of the hash key for a 128, 192 or 256-bit AES key; 0 on success. */
int klib_gcm_aesni_setkey(struct klib_gcm_aesni *g, const unsigned char *key, unsigned keybits);

/* A new message: mode, IV (any length but 0); no additional data yet. */
void klib_gcm_aesni_start(struct klib_gcm_aesni *g, int mode, const unsigned char *iv, size_t iv_len);

/* Hashes the additional data (once per message, after start); a partial last block is padded. */
void klib_gcm_aesni_aad(struct klib_gcm_aesni *g, const unsigned char *aad, size_t len);

/* Encrypts or decrypts `len` bytes (output may be the input, or before it); a partial last block
   ends the data of the message as in mbedtls (later calls would not continue it). */
void klib_gcm_aesni_crypt(struct klib_gcm_aesni *g, size_t len, const unsigned char *in, unsigned char *out);

/* The full 16-byte tag of what was hashed so far. */
void klib_gcm_aesni_tag(struct klib_gcm_aesni *g, unsigned char tag[16]);

#endif /* KLIB_GCM_AESNI_H */
