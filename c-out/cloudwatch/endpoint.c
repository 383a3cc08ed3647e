/* generated from klib-src/cloudwatch/endpoint.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/config_values.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "endpoint.h"

struct tls_trust;

#define HEAD_CAP 8192
#define BODY_CAP 65536

static void look_up(endpoint e);
static void on_dns_answer(sstring name, const ip_addr_t *addr, void *arg);
static void answer_arrived(endpoint e);
static void connect(endpoint e);

#line 71 "klib-src/cloudwatch/endpoint.ts"
closure_function(1, 2, void, endpoint_new_on_answer_timer,
                 endpoint, e,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
#line 72 "klib-src/cloudwatch/endpoint.ts"
    if (overruns == timer_disabled)
#line 72 "klib-src/cloudwatch/endpoint.ts"
        return;
    answer_arrived(bound(e));
}

#line 75 "klib-src/cloudwatch/endpoint.ts"
closure_function(1, 0, void, endpoint_new_connector,
                 endpoint, e)
{
#line 76 "klib-src/cloudwatch/endpoint.ts"
    look_up(bound(e));
}

#line 41 "klib-src/cloudwatch/endpoint.ts"
endpoint endpoint_new(heap h, buffer override, buffer default_name, u16 default_port, boolean tls,
                      struct tls_trust *trust)
{
#line 43 "klib-src/cloudwatch/endpoint.ts"
    endpoint e = allocate(h, sizeof(struct endpoint));
    if (e == INVALID_ADDRESS)
#line 44 "klib-src/cloudwatch/endpoint.ts"
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
#line 61 "klib-src/cloudwatch/endpoint.ts"
            if (((u8 *)buffer_ref(override, 0))[i] == 58)
#line 61 "klib-src/cloudwatch/endpoint.ts"
                colon = i;
        buffer_write(e->name, ((u8 *)buffer_ref(override, 0)) + 0, colon);
        if (colon < n)
#line 63 "klib-src/cloudwatch/endpoint.ts"
            e->port = (u16)parse_decimal(override, colon + 1, n);
    }
    http_client c = http_client_new(h, ss("0.0.0.0"), e->port, buffer_to_sstring(e->name), HEAD_CAP,
                                    BODY_CAP);
#line 66 "klib-src/cloudwatch/endpoint.ts"
    if (c == 0) {
        deallocate(h, e, sizeof(struct endpoint));
        return 0;
    }
    e->client = c;
    e->on_answer_timer = closure(h, endpoint_new_on_answer_timer, e);
#line 75 "klib-src/cloudwatch/endpoint.ts"
    e->connector = closure(h, endpoint_new_connector, e);
#line 78 "klib-src/cloudwatch/endpoint.ts"
    http_client_set_connector(c, e->connector);
    return e;
}

#line 83 "klib-src/cloudwatch/endpoint.ts"
buffer endpoint_host(endpoint e)
{
#line 84 "klib-src/cloudwatch/endpoint.ts"
    return e->client->host;
}

#line 88 "klib-src/cloudwatch/endpoint.ts"
static void look_up(endpoint e)
{
#line 89 "klib-src/cloudwatch/endpoint.ts"
    e->answered = false;
    s32 r = dns_gethostbyname(buffer_to_sstring(e->name), http_client_address(e->client),
                              on_dns_answer, e);
#line 91 "klib-src/cloudwatch/endpoint.ts"
    if (r == ERR_OK) {
        connect(e);
    } else if (r != ERR_INPROGRESS) {
        http_connect_failed(e->client);
    }
}

#line 99 "klib-src/cloudwatch/endpoint.ts"
static void on_dns_answer(sstring name, const ip_addr_t *addr, void *arg)
{
    (void)name;
#line 100 "klib-src/cloudwatch/endpoint.ts"
    endpoint e = (endpoint)arg;
    e->answered = addr != 0;
    if (addr != 0)
#line 102 "klib-src/cloudwatch/endpoint.ts"
        (*(http_client_address(e->client)) = *(addr));
    register_timer(kernel_timers, &e->answer_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                   e->on_answer_timer);
}

#line 106 "klib-src/cloudwatch/endpoint.ts"
static void answer_arrived(endpoint e)
{
#line 107 "klib-src/cloudwatch/endpoint.ts"
    if (e->answered)
#line 107 "klib-src/cloudwatch/endpoint.ts"
        connect(e);
    else
#line 108 "klib-src/cloudwatch/endpoint.ts"
        http_connect_failed(e->client);
}

#line 111 "klib-src/cloudwatch/endpoint.ts"
static void connect(endpoint e)
{
#line 112 "klib-src/cloudwatch/endpoint.ts"
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
    s32 r = trust != 0 ? ({ extern int tls_connect_trusting(struct tls_trust *, sstring, ip_addr_t *, u16, connection_handler); tls_connect_trusting(trust, buffer_to_sstring(e->name), http_client_address(c), port, http_connection_handler(c)); }) : ({ extern int tls_connect_host(sstring, ip_addr_t *, u16, connection_handler); tls_connect_host(buffer_to_sstring(e->name), http_client_address(c), port, http_connection_handler(c)); });
#line 126 "klib-src/cloudwatch/endpoint.ts"
    if (r < 0)
#line 126 "klib-src/cloudwatch/endpoint.ts"
        http_connect_failed(c);
}
