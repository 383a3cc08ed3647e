/* generated from klib-src/tls/trust_store.ts by klibc - do not edit */
#include <kernel.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <tls_ca_bundle.h>
#include "trust_store.h"

static struct tls_trust_store {
    struct mbedtls_entropy_context entropy;
    struct mbedtls_ctr_drbg_context drbg;
    boolean verify;
} tls_trust_store = {
    .verify = true,
};

#line 25 "klib-src/tls/trust_store.ts"
boolean tls_setup_random(void)
{
#line 26 "klib-src/tls/trust_store.ts"
    mbedtls_entropy_init(&tls_trust_store.entropy);
    mbedtls_ctr_drbg_init(&tls_trust_store.drbg);
    return mbedtls_ctr_drbg_seed(&tls_trust_store.drbg, mbedtls_entropy_func, &tls_trust_store.entropy, 0, 0) == 0;
}

#line 32 "klib-src/tls/trust_store.ts"
void tls_disable_verification(void)
{
#line 33 "klib-src/tls/trust_store.ts"
    tls_trust_store.verify = false;
}

#line 36 "klib-src/tls/trust_store.ts"
boolean tls_verification_enabled(void)
{
#line 37 "klib-src/tls/trust_store.ts"
    return tls_trust_store.verify;
}

#line 41 "klib-src/tls/trust_store.ts"
tls_trust tls_empty_trust(heap h)
{
#line 42 "klib-src/tls/trust_store.ts"
    tls_trust t = allocate(h, sizeof(struct tls_trust));
    if (t == INVALID_ADDRESS)
#line 43 "klib-src/tls/trust_store.ts"
        return 0;
    mbedtls_x509_crt_init(&t->chain);
    mbedtls_ssl_config_init(&t->conf);
    if (mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT) != 0) {
        tls_destroy_trust(h, t);
        return 0;
    }
    mbedtls_ssl_conf_authmode(&t->conf,
                              tls_trust_store.verify ? MBEDTLS_SSL_VERIFY_REQUIRED : MBEDTLS_SSL_VERIFY_NONE);
#line 51 "klib-src/tls/trust_store.ts"
    mbedtls_ssl_conf_ca_chain(&t->conf, &t->chain, 0);
    mbedtls_ssl_conf_rng(&t->conf, mbedtls_ctr_drbg_random, &tls_trust_store.drbg);
    return t;
}

#line 56 "klib-src/tls/trust_store.ts"
void tls_destroy_trust(heap h, tls_trust t)
{
#line 57 "klib-src/tls/trust_store.ts"
    mbedtls_ssl_config_free(&t->conf);
    mbedtls_x509_crt_free(&t->chain);
    deallocate(h, t, sizeof(struct tls_trust));
}

#line 67 "klib-src/tls/trust_store.ts"
s32 tls_add_certificates(tls_trust t, void *pem, u64 len)
{
#line 68 "klib-src/tls/trust_store.ts"
    return mbedtls_x509_crt_parse(&t->chain, (const u8 *)pem, (size_t)len);
}

#line 72 "klib-src/tls/trust_store.ts"
boolean tls_add_embedded_bundle(tls_trust t)
{
#line 73 "klib-src/tls/trust_store.ts"
    s32 r = mbedtls_x509_crt_parse(&t->chain, tls_ca_bundle, (size_t)tls_ca_bundle_size);
    if (r < 0) {
        rprintf("tls: the embedded CA bundle could not be parsed (mbedtls error %d)\n", r);
        return false;
    }
#line 79 "klib-src/tls/trust_store.ts"
    if (r > 0)
#line 79 "klib-src/tls/trust_store.ts"
        rprintf("tls: %d certificates of the embedded CA bundle were skipped\n", r);
    return true;
}
