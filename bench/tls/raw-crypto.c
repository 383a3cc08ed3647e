/* Raw crypto throughput of our mbedtls build (same configuration as the klib): AES-128-GCM
 * encryption and SHA-256, in MB/s (10^6 bytes per second of CPU time), on 16 KiB buffers, the size
 * of a full TLS record, on one core. The first two lines are what the klibs run on this CPU (the
 * accelerated paths where it has them, mbedtls-config/klib_accel.h); the lines after them are each
 * path forced: the software fallbacks, and ChaCha20-Poly1305, which the klib offers first where
 * the CPU has no AES-NI. The TLS write and cloud benchmarks print their figures next to these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <mbedtls/chachapoly.h>
#include <mbedtls/gcm.h>
#include <mbedtls/sha256.h>
#include "klib_accel.h"

#define RECORD 16384
#define MIN_SECONDS 1.0

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned char input[RECORD], output[RECORD];
static const unsigned char key[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static int gcm_record(void *ctx)
{
    static const unsigned char iv[12];
    unsigned char tag[16];
    return mbedtls_gcm_crypt_and_tag(ctx, MBEDTLS_GCM_ENCRYPT, RECORD, iv,
                                     sizeof(iv), 0, 0, input, output,
                                     sizeof(tag), tag);
}

static int chachapoly_record(void *ctx)
{
    static const unsigned char nonce[12];
    unsigned char tag[16];
    return mbedtls_chachapoly_encrypt_and_tag(ctx, RECORD, nonce, 0, 0, input, output, tag);
}

static int sha256_record(void *ctx)
{
    (void)ctx;
    return mbedtls_sha256_ret(input, RECORD, output, 0);
}

/* Runs one record at a time until MIN_SECONDS of CPU time have passed;
   prints and returns nonzero if the operation fails. */
static int measure(const char *name, const char *how, int (*record)(void *), void *ctx)
{
    double start = cpu_seconds(), elapsed;
    unsigned long long bytes = 0;
    do {
        for (int i = 0; i < 64; i++) {
            if (record(ctx) != 0) {
                printf("%s: failed\n", name);
                return 1;
            }
            bytes += RECORD;
        }
        elapsed = cpu_seconds() - start;
    } while (elapsed < MIN_SECONDS);
    printf("%-26s %8.1f MB/s   %s\n", name, bytes / elapsed / 1e6, how);
    return 0;
}

/* AES-128-GCM under the features allowed now (the engine is chosen when the key is set). */
static int measure_gcm(const char *name, const char *how)
{
    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    int failed = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 128) != 0;
    if (!failed)
        failed = measure(name, how, gcm_record, &gcm);
    mbedtls_gcm_free(&gcm);
    return failed;
}

int main(void)
{
    unsigned detected = mbedtls_klib_accel_detected();
    int failed = 0;

    for (int i = 0; i < RECORD; i++)
        input[i] = (unsigned char)i;
    printf("mbedtls raw crypto (16 KiB records, one core): %s\n", mbedtls_klib_accel_describe());
    failed |= measure_gcm("AES-128-GCM", (detected & KLIB_ACCEL_AES_GCM) ? "AES-NI, PCLMULQDQ" : "software");
    failed |= measure("SHA-256", (detected & KLIB_ACCEL_SHA_NI) ? "SHA-NI" : "scalar", sha256_record, 0);

    mbedtls_klib_accel_allow(0);
    failed |= measure_gcm("AES-128-GCM software", "mbedtls's own, the fallback");
    failed |= measure("SHA-256 scalar", "ours, the fallback", sha256_record, 0);
    mbedtls_chachapoly_context chachapoly;
    mbedtls_chachapoly_init(&chachapoly);
    failed |= mbedtls_chachapoly_setkey(&chachapoly, key) != 0;
    if (!failed)
        failed |= measure("ChaCha20-Poly1305", "mbedtls's, offered first without AES-NI", chachapoly_record, &chachapoly);
    mbedtls_chachapoly_free(&chachapoly);
    mbedtls_klib_accel_allow(~0u);
    return failed;
}
