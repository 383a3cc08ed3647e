/* generated from klib-src/lib/http_tls.ts by klibc - do not edit */
#pragma once
#include "http_client.h"

struct tls_trust;

/* A trust of the caller's own (from tlsTrustCreate) for TLS clients; the trust must outlive them
 * (the record need not: it is read once). A record rather than the bare reference: the C prototype
 * of a function taking the reference would come before any declaration of its struct tag. */
typedef struct http_tls_trust {
    struct tls_trust *trust;
} *http_tls_trust;

boolean http_client_use_tls(http_client c);
boolean http_client_use_tls_trusting(http_client c, http_tls_trust trusted);
