/* The cipher suites the tls klib offers, in the order of this CPU's strengths (klib_accel.h): the
 * same six suites as MBEDTLS_SSL_CIPHERSUITES in klib_config.h, AES-GCM first where AES-NI and
 * PCLMULQDQ make it the fastest, ChaCha20-Poly1305 first where AES runs in software (several
 * times slower than ChaCha20 there, and with table lookups that depend on the key).
 */
#include "klib_accel.h"
#include "mbedtls/ssl_ciphersuites.h"

static const int aes_first[] = {
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    0
};

static const int chacha_first[] = {
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    0
};

const int *mbedtls_klib_ciphersuites(void)
{
    return (mbedtls_klib_accel_features() & KLIB_ACCEL_AES_GCM) ? aes_first : chacha_first;
}
