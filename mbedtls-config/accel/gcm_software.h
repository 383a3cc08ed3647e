/* mbedtls's own GCM (library/gcm.c of the pinned source), compiled by gcm_software.c under these
 * names: the fallback of accel/gcm.c where the CPU has no AES-NI, or for other block ciphers.
 * Its context lives in the `software` room of our mbedtls_gcm_context (gcm_alt.h).
 */
#ifndef KLIB_GCM_SOFTWARE_H
#define KLIB_GCM_SOFTWARE_H

#include <stddef.h>
#include "mbedtls/cipher.h"

struct klib_gcm_software_context;

void klib_gcm_software_init(struct klib_gcm_software_context *ctx);
int klib_gcm_software_setkey(struct klib_gcm_software_context *ctx, mbedtls_cipher_id_t cipher,
                             const unsigned char *key, unsigned int keybits);
int klib_gcm_software_starts(struct klib_gcm_software_context *ctx, int mode, const unsigned char *iv,
                             size_t iv_len, const unsigned char *add, size_t add_len);
int klib_gcm_software_update(struct klib_gcm_software_context *ctx, size_t length, const unsigned char *input,
                             unsigned char *output);
int klib_gcm_software_finish(struct klib_gcm_software_context *ctx, unsigned char *tag, size_t tag_len);
int klib_gcm_software_crypt_and_tag(struct klib_gcm_software_context *ctx, int mode, size_t length,
                                    const unsigned char *iv, size_t iv_len, const unsigned char *add,
                                    size_t add_len, const unsigned char *input, unsigned char *output,
                                    size_t tag_len, unsigned char *tag);
int klib_gcm_software_auth_decrypt(struct klib_gcm_software_context *ctx, size_t length,
                                   const unsigned char *iv, size_t iv_len, const unsigned char *add,
                                   size_t add_len, const unsigned char *tag, size_t tag_len,
                                   const unsigned char *input, unsigned char *output);
void klib_gcm_software_free(struct klib_gcm_software_context *ctx);
/* mbedtls's GCM self test, run on this copy (hosted builds only). */
int klib_gcm_software_self_test(int verbose);

#endif /* KLIB_GCM_SOFTWARE_H */
