/* generated from klib-src/gcp/endpoint.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "endpoint.h"

struct tls_trust;

#define HEAD_CAP (16 * 1024)
#define BODY_CAP (256 * 1024)

static struct gcp_endpoint {
    struct endpoint *first;
    struct endpoint *second;
    closure_struct(timer_handler, on_answered);
} gcp_endpoint;

static void continue_after_lookup(endpoint e);

#line 46 "klib-src/gcp/endpoint.ts"
closure_func_basic(timer_handler, void, on_answered,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 47 "klib-src/gcp/endpoint.ts"
    if (overruns == timer_disabled)
#line 47 "klib-src/gcp/endpoint.ts"
        return;
    continue_after_lookup(gcp_endpoint.first);
    continue_after_lookup(gcp_endpoint.second);
}

#line 34 "klib-src/gcp/endpoint.ts"
static void continue_after_lookup(endpoint e)
{
#line 35 "klib-src/gcp/endpoint.ts"
    if (e == 0 || e->looking_up || e->then == 0)
#line 35 "klib-src/gcp/endpoint.ts"
        return;
    thunk then = e->then;
    e->then = 0;
    apply(then);
}

#line 42 "klib-src/gcp/endpoint.ts"
static void schedule(endpoint e)
{
#line 43 "klib-src/gcp/endpoint.ts"
    if (!timer_is_active(&e->answered))
#line 43 "klib-src/gcp/endpoint.ts"
        register_timer(kernel_timers, &e->answered, CLOCK_ID_MONOTONIC, 0, false, 0,
                       init_closure_func(&gcp_endpoint.on_answered, timer_handler, on_answered));
}

#line 52 "klib-src/gcp/endpoint.ts"
static void record_answer(endpoint e, sstring name, const ip_addr_t *a)
{
#line 53 "klib-src/gcp/endpoint.ts"
    if (e == 0 || !e->looking_up || buffer_compare_with_sstring(e->name, name) != 0)
#line 53 "klib-src/gcp/endpoint.ts"
        return;
    e->looking_up = false;
    if (a != 0) {
        (*(http_client_address(e->client)) = *(a));
        e->known = true;
    }
    schedule(e);
}

#line 63 "klib-src/gcp/endpoint.ts"
static void on_found(sstring name, const ip_addr_t *a, void *arg)
{
    (void)arg;
#line 64 "klib-src/gcp/endpoint.ts"
    record_answer(gcp_endpoint.first, name, a);
    record_answer(gcp_endpoint.second, name, a);
}

#line 82 "klib-src/gcp/endpoint.ts"
closure_function(2, 0, void, endpoint_new_connect,
                 http_client, c, endpoint, e)
{
#line 83 "klib-src/gcp/endpoint.ts"
    connection_handler ch = http_connection_handler(bound(c));
    struct tls_trust *t = bound(e)->trust;
    s32 started = t != 0 ? ({ extern int tls_connect_trusting(struct tls_trust *, sstring, ip_addr_t *, u16, connection_handler); tls_connect_trusting(t, buffer_to_sstring(bound(e)->name), http_client_address(bound(c)), 443, ch); }) : ({ extern int tls_connect_host(sstring, ip_addr_t *, u16, connection_handler); tls_connect_host(buffer_to_sstring(bound(e)->name), http_client_address(bound(c)), 443, ch); });
#line 88 "klib-src/gcp/endpoint.ts"
    if (started < 0)
#line 88 "klib-src/gcp/endpoint.ts"
        http_connect_failed(bound(c));
}

#line 69 "klib-src/gcp/endpoint.ts"
endpoint endpoint_new(heap h, buffer name, struct tls_trust *trust)
{
#line 70 "klib-src/gcp/endpoint.ts"
    if (gcp_endpoint.second != 0)
#line 70 "klib-src/gcp/endpoint.ts"
        return 0;
    endpoint e = allocate(h, sizeof(struct endpoint));
    if (e == INVALID_ADDRESS)
#line 72 "klib-src/gcp/endpoint.ts"
        return 0;
    http_client c = http_client_new(h, ss("0.0.0.0"), 443, buffer_to_sstring(name), HEAD_CAP,
                                    BODY_CAP);
#line 74 "klib-src/gcp/endpoint.ts"
    if (c == 0)
#line 74 "klib-src/gcp/endpoint.ts"
        return 0;
    e->name = name;
    e->client = c;
    e->trust = trust;
    e->known = false;
    e->looking_up = false;
    e->then = 0;
    init_timer(&e->answered);
    http_client_set_connector(c, closure(h, endpoint_new_connect, c, e));
#line 90 "klib-src/gcp/endpoint.ts"
    if (gcp_endpoint.first == 0)
#line 90 "klib-src/gcp/endpoint.ts"
        gcp_endpoint.first = e;
    else
#line 91 "klib-src/gcp/endpoint.ts"
        gcp_endpoint.second = e;
    return e;
}

#line 99 "klib-src/gcp/endpoint.ts"
void endpoint_resolve(endpoint e, thunk then)
{
#line 100 "klib-src/gcp/endpoint.ts"
    if (e->known) {
        apply(then);
        return;
    }
    e->then = then;
    if (e->looking_up)
#line 105 "klib-src/gcp/endpoint.ts"
        return;
    s32 r = dns_gethostbyname(buffer_to_sstring(e->name), http_client_address(e->client), on_found,
                              0);
#line 107 "klib-src/gcp/endpoint.ts"
    if (r == ERR_OK) {
        e->known = true;
        e->then = 0;
        apply(then);
    } else if (r == ERR_INPROGRESS) {
        e->looking_up = true;
    } else {
        schedule(e);
    }
}

#line 119 "klib-src/gcp/endpoint.ts"
void endpoint_stale(endpoint e)
{
#line 120 "klib-src/gcp/endpoint.ts"
    e->known = false;
}
