/* Drives the library's GCM and SHA-256 for test/crypto: one command per line on stdin, one answer
 * line on stdout, byte strings in hex ("-" when empty). Built twice: against the hosted library
 * with ASan/UBSan, and against the freestanding library exactly as the tls klib links it.
 *
 *   allow MASK                                     use only these klib_accel.h features -> ok
 *   features                                       -> detected D used U (decimal bit masks)
 *   gcm-enc KEY IV AAD PT TAGLEN INOFF OUTOFF CHUNK  -> CT TAG
 *   gcm-dec KEY IV AAD CT TAG INOFF OUTOFF         -> PT, or FAIL ERR
 *   sha BITS MSG OFF CHUNK                         -> digest (BITS 256 or 224)
 *
 * INOFF is where the input starts past a 64-byte aligned allocation, OUTOFF the same for the
 * output, or -1 to work in place; CHUNK 0 makes one call (mbedtls_gcm_crypt_and_tag,
 * mbedtls_sha256_ret), otherwise the data goes in CHUNK-byte updates (a multiple of 16 for GCM).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mbedtls/gcm.h>
#include <mbedtls/sha256.h>
#include "klib_accel.h"

static unsigned char *aligned_copy(const unsigned char *data, size_t len, size_t offset, void **block)
{
    unsigned char *b;
    if (posix_memalign(block, 64, len + offset + 1) != 0)
        abort();
    b = (unsigned char *)*block + offset;
    if (data != 0 && len > 0)
        memcpy(b, data, len);
    return b;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes a hex word into a new buffer; its length in *len. Exits on bad input. */
static unsigned char *unhex(const char *s, size_t *len)
{
    size_t n = strcmp(s, "-") == 0 ? 0 : strlen(s);
    if (n % 2) {
        fprintf(stderr, "odd hex length: %s\n", s);
        exit(2);
    }
    unsigned char *b = malloc(n / 2 + 1);
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            fprintf(stderr, "bad hex: %s\n", s);
            exit(2);
        }
        b[i] = (unsigned char)(hi * 16 + lo);
    }
    *len = n / 2;
    return b;
}

static void print_hex(const unsigned char *b, size_t n)
{
    if (n == 0)
        putchar('-');
    for (size_t i = 0; i < n; i++)
        printf("%02x", b[i]);
}

static char *word(char **rest)
{
    char *w = strsep(rest, " \t\n");
    while (w && *w == 0)
        w = strsep(rest, " \t\n");
    if (!w) {
        fprintf(stderr, "missing argument\n");
        exit(2);
    }
    return w;
}

static void gcm(char *rest, int encrypt)
{
    size_t key_len, iv_len, aad_len, in_len, tag_len = 16;
    unsigned char *key = unhex(word(&rest), &key_len);
    unsigned char *iv = unhex(word(&rest), &iv_len);
    unsigned char *aad = unhex(word(&rest), &aad_len);
    unsigned char *data = unhex(word(&rest), &in_len);
    unsigned char *given_tag = 0;
    if (encrypt)
        tag_len = (size_t)atoi(word(&rest));
    else
        given_tag = unhex(word(&rest), &tag_len);
    size_t in_off = (size_t)atoi(word(&rest));
    int out_off = atoi(word(&rest));
    size_t chunk = encrypt ? (size_t)atoi(word(&rest)) : 0;

    void *in_block, *out_block = 0;
    unsigned char *in = aligned_copy(data, in_len, in_off, &in_block);
    unsigned char *out = out_off < 0 ? in : aligned_copy(0, in_len, (size_t)out_off, &out_block);
    unsigned char tag[16];
    mbedtls_gcm_context ctx;
    mbedtls_gcm_init(&ctx);
    int ret = mbedtls_gcm_setkey(&ctx, MBEDTLS_CIPHER_ID_AES, key, (unsigned)key_len * 8);
    if (ret == 0 && encrypt && chunk == 0) {
        ret = mbedtls_gcm_crypt_and_tag(&ctx, MBEDTLS_GCM_ENCRYPT, in_len, iv, iv_len, aad, aad_len, in, out,
                                        tag_len, tag);
    } else if (ret == 0 && encrypt) {
        ret = mbedtls_gcm_starts(&ctx, MBEDTLS_GCM_ENCRYPT, iv, iv_len, aad, aad_len);
        for (size_t done = 0; ret == 0 && done < in_len; done += chunk) {
            size_t n = in_len - done < chunk ? in_len - done : chunk;
            ret = mbedtls_gcm_update(&ctx, n, in + done, out + done);
        }
        if (ret == 0)
            ret = mbedtls_gcm_finish(&ctx, tag, tag_len);
    } else if (ret == 0) {
        ret = mbedtls_gcm_auth_decrypt(&ctx, in_len, iv, iv_len, aad, aad_len, given_tag, tag_len, in, out);
    }
    mbedtls_gcm_free(&ctx);
    if (ret != 0) {
        printf("FAIL %d\n", ret);
    } else {
        print_hex(out, in_len);
        if (encrypt) {
            putchar(' ');
            print_hex(tag, tag_len);
        }
        putchar('\n');
    }
    free(in_block);
    free(out_block);
    free(key);
    free(iv);
    free(aad);
    free(data);
    free(given_tag);
}

static void sha(char *rest)
{
    int bits = atoi(word(&rest));
    size_t len;
    unsigned char *msg = unhex(word(&rest), &len);
    size_t off = (size_t)atoi(word(&rest));
    size_t chunk = (size_t)atoi(word(&rest));
    void *block;
    unsigned char *in = aligned_copy(msg, len, off, &block);
    unsigned char digest[32];
    int is224 = bits == 224;
    int ret = 0;
    if (chunk == 0) {
        ret = mbedtls_sha256_ret(in, len, digest, is224);
    } else {
        mbedtls_sha256_context ctx;
        mbedtls_sha256_init(&ctx);
        ret = mbedtls_sha256_starts_ret(&ctx, is224);
        for (size_t done = 0; ret == 0 && done < len; done += chunk)
            ret = mbedtls_sha256_update_ret(&ctx, in + done, len - done < chunk ? len - done : chunk);
        if (ret == 0)
            ret = mbedtls_sha256_finish_ret(&ctx, digest);
        mbedtls_sha256_free(&ctx);
    }
    if (ret != 0) {
        printf("FAIL %d\n", ret);
    } else {
        print_hex(digest, is224 ? 28 : 32);
        putchar('\n');
    }
    free(block);
    free(msg);
}

int main(void)
{
    char *line = 0;
    size_t cap = 0;
    while (getline(&line, &cap, stdin) > 0) {
        char *rest = line;
        char *command = strsep(&rest, " \t\n");
        if (strcmp(command, "allow") == 0) {
            mbedtls_klib_accel_allow((unsigned)strtoul(word(&rest), 0, 0));
            printf("ok\n");
        } else if (strcmp(command, "features") == 0) {
            printf("detected %u used %u\n", mbedtls_klib_accel_detected(), mbedtls_klib_accel_features());
        } else if (strcmp(command, "gcm-enc") == 0) {
            gcm(rest, 1);
        } else if (strcmp(command, "gcm-dec") == 0) {
            gcm(rest, 0);
        } else if (strcmp(command, "sha") == 0) {
            sha(rest);
        } else if (*command) {
            fprintf(stderr, "unknown command: %s\n", command);
            return 2;
        }
    }
    free(line);
    return 0;
}

#if defined(CRYPTO_CHECK_KLIB_LIBRARY)
/* The freestanding library is built with the kernel's stack protector, which reads this global
   (the kernel exports it; glibc keeps its guard in thread-local storage). */
unsigned long __stack_chk_guard = 0x7a3c5e1f9b2d4c68ul;
#endif
