/* x509_check CA.pem CHAIN.pem HOSTNAME
 *
 * Verifies a certificate chain against a CA bundle and a host name, the way
 * the tls klib will: PEM parsing, the default certificate profile, validity
 * dates through the time hooks, RSA/ECDSA signatures. Prints "verified" or
 * mbedtls's reasons (formatted by our snprintf glue).
 * Exit status: 0 verified, 1 refused, 2 unreadable input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <mbedtls/error.h>
#include <mbedtls/x509_crt.h>
#include "read_file.h"

static int parse(mbedtls_x509_crt *crt, const char *path)
{
    size_t len;
    unsigned char *pem = read_file(path, &len);
    if (!pem)
        return -1;
    int ret = mbedtls_x509_crt_parse(crt, pem, len);
    free(pem);
    if (ret != 0) {
        char why[128];
        mbedtls_strerror(ret, why, sizeof(why));
        fprintf(stderr, "%s: %s\n", path, why);
    }
    return ret;
}

int main(int argc, char **argv)
{
    mbedtls_x509_crt ca, chain;
    uint32_t flags = 0;
    int status = 2;

    if (argc != 4) {
        fprintf(stderr, "usage: %s CA.pem CHAIN.pem HOSTNAME\n", argv[0]);
        return 2;
    }
    mbedtls_x509_crt_init(&ca);
    mbedtls_x509_crt_init(&chain);
    if (parse(&ca, argv[1]) == 0 && parse(&chain, argv[2]) == 0) {
        if (mbedtls_x509_crt_verify(&chain, &ca, 0, argv[3], &flags, 0, 0) == 0) {
            printf("verified\n");
            status = 0;
        } else {
            char info[512];
            mbedtls_x509_crt_verify_info(info, sizeof(info), "refused: ", flags);
            printf("%s", info);
            status = 1;
        }
    }
    mbedtls_x509_crt_free(&chain);
    mbedtls_x509_crt_free(&ca);
    return status;
}
