/* Runs mbedtls's own self tests for every module klib_config.h enables
 * (known-answer vectors), against the hosted build of the library; gcm and
 * sha256 test our accelerated code (mbedtls-config/accel/) through mbedtls's
 * interface, gcm_software the software GCM it falls back to.
 * Exit status 0 only when all pass; one line per module on stdout.
 */
#include <stdio.h>
#include <mbedtls/aes.h>
#include <mbedtls/base64.h>
#include <mbedtls/bignum.h>
#include <mbedtls/chacha20.h>
#include <mbedtls/chachapoly.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/gcm.h>
#include <mbedtls/poly1305.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include "accel/gcm_software.h"

static const struct {
    const char *name;
    int (*run)(int verbose);
} self_tests[] = {
    { "aes", mbedtls_aes_self_test },
    { "gcm", mbedtls_gcm_self_test },
    /* mbedtls's own GCM, the fallback of ours (mbedtls-config/accel/gcm_software.c) */
    { "gcm_software", klib_gcm_software_self_test },
    { "chacha20", mbedtls_chacha20_self_test },
    { "poly1305", mbedtls_poly1305_self_test },
    { "chachapoly", mbedtls_chachapoly_self_test },
    { "sha256", mbedtls_sha256_self_test },
    { "sha512", mbedtls_sha512_self_test },
    { "base64", mbedtls_base64_self_test },
    { "mpi", mbedtls_mpi_self_test },
    { "rsa", mbedtls_rsa_self_test },
    { "ecp", mbedtls_ecp_self_test },
    { "entropy", mbedtls_entropy_self_test },
    { "ctr_drbg", mbedtls_ctr_drbg_self_test },
};

int main(int argc, char **argv)
{
    int verbose = argc > 1;
    int failed = 0;
    (void)argv;
    for (size_t i = 0; i < sizeof(self_tests) / sizeof(self_tests[0]); i++) {
        int ret = self_tests[i].run(verbose);
        printf("%s: %s\n", self_tests[i].name, ret == 0 ? "passed" : "FAILED");
        if (ret != 0)
            failed++;
    }
    return failed ? 1 : 0;
}
