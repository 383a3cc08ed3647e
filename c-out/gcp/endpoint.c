/* generated from klib-src/gcp/endpoint.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../tls/tls.h"
#include "endpoint.h"

/* A Google API endpoint (logging.googleapis.com, monitoring.googleapis.com, or the configured
 * ones): its name looked up by DNS (again after a network failure, so a changed address is
 * followed), and one HTTP client over TLS to port 443, kept alive between requests, with SNI and
 * the certificate checked for the name against ca_cert or the tls klib's default trust. */

struct tls_trust;

#define HEAD_CAP (16 * 1024)
#define BODY_CAP (256 * 1024)

static struct gcp_endpoint {
    /* The klib has two endpoints at most (logging, monitoring); the DNS callback tells them apart
     * by name. */
    struct endpoint *first;
    struct endpoint *second;
    closure_struct(timer_handler, on_answered);
} gcp_endpoint;

static void continue_after_lookup(endpoint e);

closure_func_basic(timer_handler, void, on_answered,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    continue_after_lookup(gcp_endpoint.first);
    continue_after_lookup(gcp_endpoint.second);
}

static void continue_after_lookup(endpoint e)
{
    if (e == 0 || e->looking_up || e->then == 0)
        return;
    thunk then = e->then;
    e->then = 0;
    apply(then);
}

/* The owner's continuation runs from a timer, not from lwIP's DNS callback (which holds lwIP's
 * lock). */
static void schedule(endpoint e)
{
    if (!timer_is_active(&e->answered))
        register_timer(kernel_timers, &e->answered, CLOCK_ID_MONOTONIC, 0, false, 0,
                       init_closure_func(&gcp_endpoint.on_answered, timer_handler, on_answered));
}

static void record_answer(endpoint e, sstring name, const ip_addr_t *a)
{
    if (e == 0 || !e->looking_up || buffer_compare_with_sstring(e->name, name) != 0)
        return;
    e->looking_up = false;
    if (a != 0) {
        (*(http_client_address(e->client)) = *(a));
        e->known = true;
    }
    schedule(e);
}

/* lwIP's callback (both endpoints may have the same name). */
static void on_found(sstring name, const ip_addr_t *a, void *arg __attribute__((unused)))
{
    record_answer(gcp_endpoint.first, name, a);
    record_answer(gcp_endpoint.second, name, a);
}

closure_function(2, 0, void, endpoint_new_connect,
                 http_client, c, endpoint, e)
{
    connection_handler ch = http_connection_handler(bound(c));
    struct tls_trust *t = bound(e)->trust;
    s32 started = t != 0
                  ? tls_connect_trusting(t, buffer_to_sstring(bound(e)->name),
                                         http_client_address(bound(c)), 443, ch)
                  : tls_connect_host(buffer_to_sstring(bound(e)->name),
                                     http_client_address(bound(c)), 443, ch);
    if (started < 0)
        http_connect_failed(bound(c));
}

/* An endpoint for host `name` (a buffer that lives as long as the klib); null when out of
 * memory. */
endpoint endpoint_new(heap h, buffer name, struct tls_trust *trust)
{
    if (gcp_endpoint.second != 0)
        return 0;
    endpoint e = allocate(h, sizeof(struct endpoint));
    if (e == INVALID_ADDRESS)
        return 0;
    http_client c = http_client_new(h, ss("0.0.0.0"), 443, buffer_to_sstring(name), HEAD_CAP,
                                    BODY_CAP);
    if (c == 0)
        return 0;
    e->name = name;
    e->client = c;
    e->trust = trust;
    e->known = false;
    e->looking_up = false;
    e->then = 0;
    init_timer(&e->answered);
    http_client_set_connector(c, closure(h, endpoint_new_connect, c, e));
    if (gcp_endpoint.first == 0)
        gcp_endpoint.first = e;
    else
        gcp_endpoint.second = e;
    return e;
}

/* Runs `then` once the endpoint's address is known, or once a lookup failed (`e.known` says
 * which): at once when it is known, else after the lookup, from a timer. */
void endpoint_resolve(endpoint e, thunk then)
{
    if (e->known) {
        apply(then);
        return;
    }
    e->then = then;
    if (e->looking_up)
        return;
    s32 r = dns_gethostbyname(buffer_to_sstring(e->name), http_client_address(e->client), on_found,
                              0);
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

/* After a network failure: look the name up again before the next connection. */
void endpoint_stale(endpoint e)
{
    e->known = false;
}
