/* ssl_config_smoke CA.pem HOSTNAME
 *
 * Sets up a TLS client configuration with verification required and a
 * session on it, and checks what the configuration allows: TLS 1.2 only, and
 * only ECDHE key exchange with AEAD ciphers. Prints the offered cipher
 * suites. Exit status 0 when all holds.
 */
#include <stdio.h>
#include <mbedtls/ssl_ciphersuites.h>
#include "client_config.h"

/* Each offered suite must be ECDHE (forward secrecy) with GCM or
   ChaCha20-Poly1305; prints it, returns 0 when it is. */
static int check_suite(int id)
{
    const mbedtls_ssl_ciphersuite_t *suite = mbedtls_ssl_ciphersuite_from_id(id);
    if (!suite) {
        fprintf(stderr, "unknown suite 0x%04x\n", id);
        return 1;
    }
    const mbedtls_cipher_info_t *cipher = mbedtls_cipher_info_from_type(suite->cipher);
    int ecdhe = suite->key_exchange == MBEDTLS_KEY_EXCHANGE_ECDHE_RSA ||
                suite->key_exchange == MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA;
    int aead = cipher && (cipher->mode == MBEDTLS_MODE_GCM ||
                          cipher->mode == MBEDTLS_MODE_CHACHAPOLY);
    printf("suite %s\n", suite->name);
    if (!ecdhe || !aead || suite->min_minor_ver > MBEDTLS_SSL_MINOR_VERSION_3) {
        fprintf(stderr, "suite %s is not ECDHE with AEAD for TLS 1.2\n", suite->name);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct client_config c;
    mbedtls_ssl_context ssl;
    int failed = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: %s CA.pem HOSTNAME\n", argv[0]);
        return 2;
    }
    mbedtls_ssl_init(&ssl);
    if (client_config_init(&c, argv[1]) != 0) {
        failed = 1;
        goto out;
    }
    if (c.conf.authmode != MBEDTLS_SSL_VERIFY_REQUIRED) {
        fprintf(stderr, "verification is not required\n");
        failed = 1;
    }
    if (c.conf.min_major_ver != MBEDTLS_SSL_MAJOR_VERSION_3 ||
        c.conf.min_minor_ver != MBEDTLS_SSL_MINOR_VERSION_3 ||
        c.conf.max_minor_ver != MBEDTLS_SSL_MINOR_VERSION_3) {
        fprintf(stderr, "versions other than TLS 1.2 are allowed\n");
        failed = 1;
    }
    const int *suites = c.conf.ciphersuite_list[MBEDTLS_SSL_MINOR_VERSION_3];
    if (!suites || !suites[0]) {
        fprintf(stderr, "no cipher suite offered\n");
        failed = 1;
    }
    for (; suites && *suites; suites++)
        failed |= check_suite(*suites);

    int ret = mbedtls_ssl_setup(&ssl, &c.conf);
    if (ret == 0)
        ret = mbedtls_ssl_set_hostname(&ssl, argv[2]);
    if (ret != 0) {
        report_error("ssl_setup", ret);
        failed = 1;
    }
out:
    mbedtls_ssl_free(&ssl);
    client_config_free(&c);
    if (!failed)
        printf("client config ok\n");
    return failed;
}
