/* Raw crypto throughput of our mbedtls build (hosted, same configuration as
 * the klib): AES-128-GCM encryption and SHA-256, in MB/s (10^6 bytes per
 * second of CPU time), on 16 KiB buffers, the size of a full TLS record.
 * Prints one line per algorithm; the TLS write benchmark prints its figure
 * next to these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <mbedtls/gcm.h>
#include <mbedtls/sha256.h>

#define RECORD 16384
#define MIN_SECONDS 1.0

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned char input[RECORD], output[RECORD];

static int gcm_record(void *ctx)
{
    static const unsigned char iv[12];
    unsigned char tag[16];
    return mbedtls_gcm_crypt_and_tag(ctx, MBEDTLS_GCM_ENCRYPT, RECORD, iv,
                                     sizeof(iv), 0, 0, input, output,
                                     sizeof(tag), tag);
}

static int sha256_record(void *ctx)
{
    (void)ctx;
    return mbedtls_sha256_ret(input, RECORD, output, 0);
}

/* Runs one record at a time until MIN_SECONDS of CPU time have passed;
   prints and returns nonzero if the operation fails. */
static int measure(const char *name, int (*record)(void *), void *ctx)
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
    printf("%-12s %8.1f MB/s\n", name, bytes / elapsed / 1e6);
    return 0;
}

int main(void)
{
    static const unsigned char key[16] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    mbedtls_gcm_context gcm;
    int failed;

    for (int i = 0; i < RECORD; i++)
        input[i] = (unsigned char)i;
    mbedtls_gcm_init(&gcm);
    failed = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 128) != 0;
    if (!failed) {
        printf("mbedtls raw crypto (16 KiB records, software AES, one core)\n");
        failed |= measure("AES-128-GCM", gcm_record, &gcm);
        failed |= measure("SHA-256", sha256_record, 0);
    }
    mbedtls_gcm_free(&gcm);
    return failed;
}
