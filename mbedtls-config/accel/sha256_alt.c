/* mbedtls's SHA-256 interface (mbedtls/sha256.h) under MBEDTLS_SHA256_ALT, over the block
 * functions of sha256_blocks.h: whole blocks of the input go to the block function in one call,
 * straight from the caller's buffer; only a block split across calls is gathered in the context.
 * mbedtls_sha256_ret and the self test stay mbedtls's (library/sha256.c), on top of these.
 */
#include <stdint.h>
#include <string.h>
#include "mbedtls/sha256.h"
#include "mbedtls/platform_util.h"
#include "klib_accel.h"
#include "sha256_blocks.h"

static void compress(uint32_t state[8], const unsigned char *data, size_t blocks)
{
    if (mbedtls_klib_accel_features() & KLIB_ACCEL_SHA_NI)
        klib_sha256_shani_blocks(state, data, blocks);
    else
        klib_sha256_scalar_blocks(state, data, blocks);
}

static void store_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

void mbedtls_sha256_init(mbedtls_sha256_context *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
}

void mbedtls_sha256_free(mbedtls_sha256_context *ctx)
{
    if (ctx != NULL)
        mbedtls_platform_zeroize(ctx, sizeof(*ctx));
}

void mbedtls_sha256_clone(mbedtls_sha256_context *dst, const mbedtls_sha256_context *src)
{
    *dst = *src;
}

int mbedtls_sha256_starts_ret(mbedtls_sha256_context *ctx, int is224)
{
    /* Initial hash values (FIPS 180-4, 5.3.3 and 5.3.2). */
    static const uint32_t sha256_h0[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    static const uint32_t sha224_h0[8] = {
        0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4,
    };
    ctx->total[0] = 0;
    ctx->total[1] = 0;
    memcpy(ctx->state, is224 ? sha224_h0 : sha256_h0, sizeof(ctx->state));
    ctx->is224 = is224 ? 1 : 0;
    return 0;
}

int mbedtls_internal_sha256_process(mbedtls_sha256_context *ctx, const unsigned char data[64])
{
    compress(ctx->state, data, 1);
    return 0;
}

int mbedtls_sha256_update_ret(mbedtls_sha256_context *ctx, const unsigned char *input, size_t ilen)
{
    if (ilen == 0)
        return 0;
    size_t used = ctx->total[0] & 63;
    uint64_t total = (((uint64_t)ctx->total[1] << 32) | ctx->total[0]) + ilen;
    ctx->total[0] = (uint32_t)total;
    ctx->total[1] = (uint32_t)(total >> 32);
    if (used > 0) {
        size_t fill = 64 - used;
        if (ilen < fill) {
            memcpy(ctx->buffer + used, input, ilen);
            return 0;
        }
        memcpy(ctx->buffer + used, input, fill);
        compress(ctx->state, ctx->buffer, 1);
        input += fill;
        ilen -= fill;
    }
    if (ilen >= 64) {
        compress(ctx->state, input, ilen / 64);
        input += ilen & ~(size_t)63;
        ilen &= 63;
    }
    if (ilen > 0)
        memcpy(ctx->buffer, input, ilen);
    return 0;
}

int mbedtls_sha256_finish_ret(mbedtls_sha256_context *ctx, unsigned char output[32])
{
    /* Padding (FIPS 180-4, 5.1.1): 0x80, zeros, and the length in bits, big-endian. */
    size_t used = ctx->total[0] & 63;
    ctx->buffer[used++] = 0x80;
    if (used > 56) {
        memset(ctx->buffer + used, 0, 64 - used);
        compress(ctx->state, ctx->buffer, 1);
        used = 0;
    }
    memset(ctx->buffer + used, 0, 56 - used);
    store_be32(ctx->buffer + 56, (ctx->total[1] << 3) | (ctx->total[0] >> 29));
    store_be32(ctx->buffer + 60, ctx->total[0] << 3);
    compress(ctx->state, ctx->buffer, 1);
    for (int i = 0; i < (ctx->is224 ? 7 : 8); i++)
        store_be32(output + 4 * i, ctx->state[i]);
    return 0;
}

/* The deprecated names mbedtls/sha256.h still declares. */
void mbedtls_sha256_starts(mbedtls_sha256_context *ctx, int is224)
{
    mbedtls_sha256_starts_ret(ctx, is224);
}

void mbedtls_sha256_update(mbedtls_sha256_context *ctx, const unsigned char *input, size_t ilen)
{
    mbedtls_sha256_update_ret(ctx, input, ilen);
}

void mbedtls_sha256_finish(mbedtls_sha256_context *ctx, unsigned char output[32])
{
    mbedtls_sha256_finish_ret(ctx, output);
}

void mbedtls_sha256_process(mbedtls_sha256_context *ctx, const unsigned char data[64])
{
    mbedtls_internal_sha256_process(ctx, data);
}
