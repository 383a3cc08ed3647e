/* generated from klib-src/cloudwatch/endpoint.ts by klibc - do not edit */
#pragma once
#include "../lib/http_client.h"

struct tls_trust;

typedef struct endpoint {
    heap h;
    /* The host name (no port), for DNS, SNI and the certificate check. */
    buffer name;
    u16 port;
    boolean tls;
    struct tls_trust *trust;
    struct http_client *client;
    /* The DNS answer arrived: connect from a timer, outside lwIP's callback. */
    boolean answered;
    struct timer answer_timer;
    timer_handler on_answer_timer;
    thunk connector;
} *endpoint;

endpoint endpoint_new(heap h, buffer override, buffer default_name, u16 default_port, boolean tls,
                      struct tls_trust *trust);
buffer endpoint_host(endpoint e);
