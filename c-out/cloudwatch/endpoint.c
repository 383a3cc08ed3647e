/* generated from klib-src/cloudwatch/endpoint.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/sha256.h>
#include "../lib/config_values.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../tls/tls.h"
#include "endpoint.h"

/* An HTTPS (or HTTP) endpoint of an AWS API: a name looked up by DNS before every new connection
 * (so a changed address is followed), a kept-alive HTTP client, and TLS with SNI and certificate
 * checks through the tls klib, against the configured CA or the tls klib's default trust. */

struct tls_trust;

/* Room for a response's header block and body (API answers are small). */
#define HEAD_CAP 8192

#define BODY_CAP 65536

static void look_up(endpoint e);
static void on_dns_answer(sstring name, const ip_addr_t *addr, void *arg);
static void answer_arrived(endpoint e);
static void connect(endpoint e);

closure_function(1, 2, void, endpoint_new_on_answer_timer,
                 endpoint, e,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    answer_arrived(bound(e));
}

closure_function(1, 0, void, endpoint_new_connector,
                 endpoint, e)
{
    look_up(bound(e));
}

/* An endpoint for `override` (host[:port], from the configuration) or else `defaultName` on
 * `defaultPort`. Null when out of memory. */
endpoint endpoint_new(heap h, buffer override, buffer default_name, u16 default_port, boolean tls,
                      struct tls_trust *trust)
{
    endpoint e = allocate(h, sizeof(struct endpoint));
    if (e == INVALID_ADDRESS)
        return 0;
    e->h = h;
    e->tls = tls;
    e->trust = trust;
    e->answered = false;
    init_timer(&e->answer_timer);
    e->name = allocate_buffer(h, 64);
    if (e->name == INVALID_ADDRESS) {
        deallocate(h, e, sizeof(struct endpoint));
        return 0;
    }
    e->port = default_port;
    if (override == 0) {
        buffer_write(e->name, ((u8 *)buffer_ref(default_name, 0)) + 0, buffer_length(default_name));
    } else {
        bytes n = buffer_length(override);
        bytes colon = n;
        for (bytes i = 0; i < n; i++)
            if (((u8 *)buffer_ref(override, 0))[i] == 58)
                colon = i;
        buffer_write(e->name, ((u8 *)buffer_ref(override, 0)) + 0, colon);
        if (colon < n)
            e->port = (u16)parse_decimal(override, colon + 1, n);
    }
    http_client c = http_client_new(h, ss("0.0.0.0"), e->port, buffer_to_sstring(e->name), HEAD_CAP,
                                    BODY_CAP);
    if (c == 0) {
        deallocate(h, e, sizeof(struct endpoint));
        return 0;
    }
    e->client = c;
    e->on_answer_timer = closure(h, endpoint_new_on_answer_timer, e);
    e->connector = closure(h, endpoint_new_connector, e);
    http_client_set_connector(c, e->connector);
    return e;
}

/* The host name as the Host header carries it (with :port when not the scheme's default). */
buffer endpoint_host(endpoint e)
{
    return e->client->host;
}

/* The connector: the HTTP client wants a new connection. */
static void look_up(endpoint e)
{
    e->answered = false;
    s32 r = dns_gethostbyname(buffer_to_sstring(e->name), http_client_address(e->client),
                              on_dns_answer, e);
    if (r == ERR_OK) {
        connect(e);
    } else if (r != ERR_INPROGRESS) {
        http_connect_failed(e->client);
    }
}

/* lwIP's callback (lwIP context, DNS lock held): only record the answer and defer the connect. */
static void on_dns_answer(sstring name __attribute__((unused)), const ip_addr_t *addr, void *arg)
{
    endpoint e = (endpoint)arg;
    e->answered = addr != 0;
    if (addr != 0)
        (*(http_client_address(e->client)) = *(addr));
    register_timer(kernel_timers, &e->answer_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                   e->on_answer_timer);
}

static void answer_arrived(endpoint e)
{
    if (e->answered)
        connect(e);
    else
        http_connect_failed(e->client);
}

static void connect(endpoint e)
{
    http_client c = e->client;
    u16 port = http_client_port(c);
    if (!e->tls) {
        status s = direct_connect(e->h, http_client_address(c), port, http_connection_handler(c));
        if (!is_ok(s)) {
            timm_dealloc(s);
            http_connect_failed(c);
        }
        return;
    }
    struct tls_trust *trust = e->trust;
    s32 r = trust != 0
            ? tls_connect_trusting(trust, buffer_to_sstring(e->name), http_client_address(c), port,
                                   http_connection_handler(c))
            : tls_connect_host(buffer_to_sstring(e->name), http_client_address(c), port,
                               http_connection_handler(c));
    if (r < 0)
        http_connect_failed(c);
}
