/* generated from klib-src/gcp/endpoint.ts by klibc - do not edit */
#pragma once
#include "../lib/http_client.h"

struct tls_trust;

typedef struct endpoint {
    buffer name;
    struct http_client *client;
    struct tls_trust *trust;
    boolean known;
    boolean looking_up;
    /* What to run once a lookup has answered (either way): the owner checks `known`. */
    thunk then;
    struct timer answered;
} *endpoint;

endpoint endpoint_new(heap h, buffer name, struct tls_trust *trust);
void endpoint_resolve(endpoint e, thunk then);
void endpoint_stale(endpoint e);
