/* generated from klib-src/lib/endpoint.ts by klibc - do not edit */
#pragma once
#include "failures.h"
#include "http_client.h"

struct tls_trust;

typedef struct endpoint {
    heap h;
    /* The host name (no port): DNS, SNI, the certificate check and the Host header. */
    buffer name;
    u16 port;
    boolean tls;
    /* The klib's own trust for TLS; null: the tls klib's default trust. */
    struct tls_trust *trust;
    struct http_client *client;
    /* The address is given (an address literal, or a fixed one): never looked up. */
    boolean fixed;
    /* An address has worked: the client's address is the last good one. */
    boolean known;
    /* A lookup failed while an address was known, at `failedAt`: that address is used until
     * RESOLVE_HOLD has passed. */
    boolean holding;
    timestamp failed_at;
    boolean looking_up;
    boolean answered;
    /* The connection the lookup under way is for (the client may give it up meanwhile). */
    struct http_connection *waiting;
    /* The last connection failed because the name could not be resolved (that line is the
     * endpoint's). */
    boolean unresolved;
    struct timer answer_timer;
    timer_handler on_answer_timer;
    struct failure_run *dns;
    buffer reason;
} *endpoint;

endpoint endpoint_new(heap h, sstring klib, buffer host, u16 port, sstring address, boolean tls,
                      struct tls_trust *trust, bytes head_cap, bytes body_cap);
buffer endpoint_host(endpoint e);
boolean endpoint_network_up(void);
void endpoint_failure(failure_run run, u64 kind, buffer reason);
void endpoint_write_reason(buffer b, status st);
boolean endpoint_unresolved(endpoint e);
