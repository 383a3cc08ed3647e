/* generated from klib-src/tls/trust_store.ts by klibc - do not edit */
#pragma once
#include "pem_cas.h"

typedef struct tls_trust {
    /* CAs parsed: tls_set_cacert's additions, or all of a tls_trust_create trust's. */
    struct mbedtls_x509_crt chain;
    struct mbedtls_ssl_config conf;
    /* CAs kept as PEM text (the embedded bundle or tls.ca_file), or null. When set, mbedtls gets
     * the trusted CAs from offerIssuers instead of from chain. */
    struct pem_cas *pem_cas;
    /* The buffer holding that text when it is ours (tls.ca_file), or null (the embedded bundle). */
    buffer pem_text;
} *tls_trust;

boolean tls_setup_random(void);
void tls_disable_verification(void);
boolean tls_verification_enabled(void);
tls_trust tls_empty_trust(heap h);
void tls_destroy_trust(heap h, tls_trust t);
s32 tls_add_certificates(tls_trust t, void *pem, u64 len);
boolean tls_add_ca_file(heap h, tls_trust t, buffer path, buffer contents);
boolean tls_add_embedded_bundle(heap h, tls_trust t);
