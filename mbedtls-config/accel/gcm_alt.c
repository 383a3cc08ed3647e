/* mbedtls's GCM interface (mbedtls/gcm.h) under MBEDTLS_GCM_ALT: the AES-NI engine
 * (gcm_aesni.c) for AES keys where the CPU has AES-NI and PCLMULQDQ, mbedtls's own software
 * otherwise (gcm_software.c). A context keeps the engine it got when its key was set. The
 * arguments are checked as mbedtls checks them and the results are the same, errors included.
 */
#include <stdint.h>
#include <string.h>
#include "mbedtls/gcm.h"
#include "mbedtls/platform_util.h"
#include "klib_accel.h"
#include "gcm_aesni.h"
#include "gcm_software.h"

static struct klib_gcm_software_context *software(mbedtls_gcm_context *ctx)
{
    return (struct klib_gcm_software_context *)ctx->u.software;
}

void mbedtls_gcm_init(mbedtls_gcm_context *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
}

void mbedtls_gcm_free(mbedtls_gcm_context *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->engine == KLIB_GCM_ENGINE_SOFTWARE)
        klib_gcm_software_free(software(ctx));
    mbedtls_platform_zeroize(ctx, sizeof(*ctx));
}

int mbedtls_gcm_setkey(mbedtls_gcm_context *ctx, mbedtls_cipher_id_t cipher, const unsigned char *key,
                       unsigned int keybits)
{
    mbedtls_gcm_free(ctx);
    if (cipher == MBEDTLS_CIPHER_ID_AES && (keybits == 128 || keybits == 192 || keybits == 256) &&
        (mbedtls_klib_accel_features() & KLIB_ACCEL_AES_GCM)) {
        ctx->engine = KLIB_GCM_ENGINE_AESNI;
        return klib_gcm_aesni_setkey(&ctx->u.aesni, key, keybits);
    }
    ctx->engine = KLIB_GCM_ENGINE_SOFTWARE;
    klib_gcm_software_init(software(ctx));
    return klib_gcm_software_setkey(software(ctx), cipher, key, keybits);
}

int mbedtls_gcm_starts(mbedtls_gcm_context *ctx, int mode, const unsigned char *iv, size_t iv_len,
                       const unsigned char *add, size_t add_len)
{
    if (ctx->engine == KLIB_GCM_ENGINE_SOFTWARE)
        return klib_gcm_software_starts(software(ctx), mode, iv, iv_len, add, add_len);
    if (ctx->engine != KLIB_GCM_ENGINE_AESNI)
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    /* IV and additional data are at most 2^64 bits; an IV is not empty. */
    if (iv_len == 0 || ((uint64_t)iv_len) >> 61 != 0 || ((uint64_t)add_len) >> 61 != 0)
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    klib_gcm_aesni_start(&ctx->u.aesni, mode, iv, iv_len);
    if (add_len > 0)
        klib_gcm_aesni_aad(&ctx->u.aesni, add, add_len);
    return 0;
}

int mbedtls_gcm_update(mbedtls_gcm_context *ctx, size_t length, const unsigned char *input,
                       unsigned char *output)
{
    if (ctx->engine == KLIB_GCM_ENGINE_SOFTWARE)
        return klib_gcm_software_update(software(ctx), length, input, output);
    if (ctx->engine != KLIB_GCM_ENGINE_AESNI)
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    struct klib_gcm_aesni *g = &ctx->u.aesni;
    /* The output may be the input or start before it, not start inside it. */
    if (output > input && (size_t)(output - input) < length)
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    /* At most 2^39 - 256 bits of data per message. */
    if (g->length + length < g->length || g->length + length > 0xFFFFFFFE0ull)
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    if (length > 0)
        klib_gcm_aesni_crypt(g, length, input, output);
    return 0;
}

int mbedtls_gcm_finish(mbedtls_gcm_context *ctx, unsigned char *tag, size_t tag_len)
{
    if (ctx->engine == KLIB_GCM_ENGINE_SOFTWARE)
        return klib_gcm_software_finish(software(ctx), tag, tag_len);
    if (ctx->engine != KLIB_GCM_ENGINE_AESNI)
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    if (tag_len > 16 || tag_len < 4)
        return MBEDTLS_ERR_GCM_BAD_INPUT;
    unsigned char full[16];
    klib_gcm_aesni_tag(&ctx->u.aesni, full);
    memcpy(tag, full, tag_len);
    mbedtls_platform_zeroize(full, sizeof(full));
    return 0;
}

int mbedtls_gcm_crypt_and_tag(mbedtls_gcm_context *ctx, int mode, size_t length, const unsigned char *iv,
                              size_t iv_len, const unsigned char *add, size_t add_len,
                              const unsigned char *input, unsigned char *output, size_t tag_len,
                              unsigned char *tag)
{
    if (ctx->engine == KLIB_GCM_ENGINE_SOFTWARE)
        return klib_gcm_software_crypt_and_tag(software(ctx), mode, length, iv, iv_len, add, add_len,
                                               input, output, tag_len, tag);
    int ret = mbedtls_gcm_starts(ctx, mode, iv, iv_len, add, add_len);
    if (ret == 0)
        ret = mbedtls_gcm_update(ctx, length, input, output);
    if (ret == 0)
        ret = mbedtls_gcm_finish(ctx, tag, tag_len);
    return ret;
}

int mbedtls_gcm_auth_decrypt(mbedtls_gcm_context *ctx, size_t length, const unsigned char *iv, size_t iv_len,
                             const unsigned char *add, size_t add_len, const unsigned char *tag,
                             size_t tag_len, const unsigned char *input, unsigned char *output)
{
    if (ctx->engine == KLIB_GCM_ENGINE_SOFTWARE)
        return klib_gcm_software_auth_decrypt(software(ctx), length, iv, iv_len, add, add_len, tag, tag_len,
                                              input, output);
    unsigned char check[16];
    int ret = mbedtls_gcm_crypt_and_tag(ctx, MBEDTLS_GCM_DECRYPT, length, iv, iv_len, add, add_len, input,
                                        output, tag_len, check);
    if (ret != 0)
        return ret;
    /* Every byte compared whatever the first difference (no early exit on the tag). */
    int diff = 0;
    for (size_t i = 0; i < tag_len; i++)
        diff |= tag[i] ^ check[i];
    mbedtls_platform_zeroize(check, sizeof(check));
    if (diff != 0) {
        mbedtls_platform_zeroize(output, length);
        return MBEDTLS_ERR_GCM_AUTH_FAILED;
    }
    return 0;
}
