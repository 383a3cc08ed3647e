/* generated from klib-src/tls/trust_store.ts by klibc - do not edit */
#pragma once
#include "pem_cas.h"

typedef struct tls_trust {
    struct mbedtls_x509_crt chain;
    struct mbedtls_ssl_config conf;
    struct pem_cas *pem_cas;
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
