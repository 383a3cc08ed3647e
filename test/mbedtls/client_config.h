/* Test-program helper: the TLS client configuration the tls klib will use,
 * built the same way: entropy from mbedtls_hardware_poll, CTR-DRBG, a CA
 * bundle from PEM, TLS 1.2 client defaults with verification required.
 */
#ifndef TEST_MBEDTLS_CLIENT_CONFIG_H
#define TEST_MBEDTLS_CLIENT_CONFIG_H

#include <stdio.h>
#include <stdlib.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include "read_file.h"

struct client_config {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca;
    mbedtls_ssl_config conf;
};

static inline void report_error(const char *what, int ret)
{
    char why[128];
    mbedtls_strerror(ret, why, sizeof(why));
    fprintf(stderr, "%s: -0x%04x %s\n", what, (unsigned)-ret, why);
}

/* Returns 0, or nonzero after a message on stderr; call
   client_config_free() either way. */
static inline int client_config_init(struct client_config *c, const char *ca_path)
{
    static const unsigned char personalization[] = "mbedtls test client";
    size_t ca_len;
    unsigned char *ca_pem;
    int ret;

    mbedtls_entropy_init(&c->entropy);
    mbedtls_ctr_drbg_init(&c->drbg);
    mbedtls_x509_crt_init(&c->ca);
    mbedtls_ssl_config_init(&c->conf);

    ret = mbedtls_ctr_drbg_seed(&c->drbg, mbedtls_entropy_func, &c->entropy,
                                personalization, sizeof(personalization) - 1);
    if (ret != 0) {
        report_error("ctr_drbg_seed", ret);
        return ret;
    }
    if (!(ca_pem = read_file(ca_path, &ca_len)))
        return -1;
    ret = mbedtls_x509_crt_parse(&c->ca, ca_pem, ca_len);
    free(ca_pem);
    if (ret != 0) {
        report_error(ca_path, ret);
        return ret;
    }
    ret = mbedtls_ssl_config_defaults(&c->conf, MBEDTLS_SSL_IS_CLIENT,
                                      MBEDTLS_SSL_TRANSPORT_STREAM,
                                      MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        report_error("ssl_config_defaults", ret);
        return ret;
    }
    mbedtls_ssl_conf_authmode(&c->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&c->conf, &c->ca, 0);
    mbedtls_ssl_conf_rng(&c->conf, mbedtls_ctr_drbg_random, &c->drbg);
    return 0;
}

static inline void client_config_free(struct client_config *c)
{
    mbedtls_ssl_config_free(&c->conf);
    mbedtls_x509_crt_free(&c->ca);
    mbedtls_ctr_drbg_free(&c->drbg);
    mbedtls_entropy_free(&c->entropy);
}

#endif
