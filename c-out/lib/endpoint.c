/* generated from klib-src/lib/endpoint.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../tls/tls.h"
#include "config_values.h"
#include "failures.h"
#include "http_client.h"
#include "http_response.h"
#include "endpoint.h"

/* An API endpoint: a host name (and port), reached over plain TCP or TLS with a trust of the
 * klib's own or the tls klib's default, through one kept-alive HTTP client (http_client.ts). This
 * is the one way klibs reach a server over HTTP: TLS goes through the tls klib's
 * tls_connect_trusting / tls_connect_host (SNI, the certificate checked for the name).
 *
 * DNS. The name is looked up before each new connection (connections are kept alive, so that is
 * rare), from lwIP's callback continued on a zero-delay timer (the callback runs in lwIP's context
 * with its DNS lock held: nothing but noting the answer may happen there). A lookup that fails
 * while an address has worked before falls back to that address, with one console line (the
 * failure rule, failures.ts), and the name is not asked again for RESOLVE_HOLD: at the pinned
 * kernel, lwIP's DNS table copies a name without its terminating NUL, so a lookup landing in a
 * slot last used by a longer name sends a malformed query and fails every time (seen in a VM with
 * logs.us-east-1.amazonaws.com after monitoring.us-east-1.amazonaws.com); shipping must not stop
 * for it. A failed lookup with no address to fall back on fails the connection: the request fails
 * and is retried by its owner. An address literal, or a fixed address given at creation (the
 * metadata servers'), is never looked up. */

struct netif;
struct tls_trust;

/* After a failed lookup with an address to fall back on, that address is used this long before
 * asking again. */
#define RESOLVE_HOLD_SECONDS 60

static void connection_wanted(endpoint e);
static void forget_waiting(endpoint e);
static void on_dns_answer(sstring name, const ip_addr_t *addr, void *arg);
static void resolved(endpoint e);
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
    connection_wanted(bound(e));
}

/* An endpoint for `host` (`name` or `name:port`; the port otherwise `port`), over TLS when `tls`
 * (trusting `trust`, or the tls klib's default when null), reached at `address` when that is not
 * empty (an address literal; the name is then only the Host header and the certificate's), or at
 * what the name resolves to. `headCap` and `bodyCap` bound an answer. Lines about it start with
 * `klib`. Null when out of memory. */
endpoint endpoint_new(heap h, sstring klib, buffer host, u16 port, sstring address, boolean tls,
                      struct tls_trust *trust, bytes head_cap, bytes body_cap)
{
    endpoint e = allocate(h, sizeof(struct endpoint));
    if (e == INVALID_ADDRESS)
        return 0;
    e->h = h;
    e->tls = tls;
    e->trust = trust;
    e->port = port;
    e->known = false;
    e->holding = false;
    e->failed_at = 0;
    e->looking_up = false;
    e->answered = false;
    e->waiting = 0;
    e->unresolved = false;
    init_timer(&e->answer_timer);
    e->name = allocate_buffer(h, 64);
    e->reason = allocate_buffer(h, 96);
    if (e->name == INVALID_ADDRESS || e->reason == INVALID_ADDRESS)
        return 0;
    bytes n = buffer_length(host);
    bytes colon = n;
    for (bytes i = 0; i < n; i++)
        if (((u8 *)buffer_ref(host, 0))[i] == ':')
            colon = i;
    buffer_write(e->name, ((u8 *)buffer_ref(host, 0)) + 0, colon);
    if (colon < n)
        e->port = (u16)parse_decimal(host, colon + 1, n);
    boolean fixed = (address).len > 0;
    http_client c = http_client_new(h, fixed ? address : ss("0.0.0.0"), e->port,
                                    buffer_to_sstring(e->name), head_cap, body_cap);
    failure_run dns = failure_run_of(h, klib, ss("DNS lookup of"), e->name);
    if (c == 0 || dns == 0)
        return 0;
    e->client = c;
    e->dns = dns;
    /* A name that is an address literal needs no lookup either. */
    e->fixed = fixed || ipaddr_aton(buffer_to_sstring(e->name), http_client_address(c)) != 0;
    e->known = e->fixed;
    e->on_answer_timer = closure(h, endpoint_new_on_answer_timer, e);
    thunk connector = closure(h, endpoint_new_connector, e);
    if (e->on_answer_timer == INVALID_ADDRESS || connector == INVALID_ADDRESS) {
        http_client_free(c);
        failure_run_free(h, dns);
        return 0;
    }
    http_client_set_connector(c, connector);
    return e;
}

/* The Host header's value: the name, and the port unless it is the scheme's default. */
buffer endpoint_host(endpoint e)
{
    return e->client->host;
}

/* Whether the VM's network has an address (DHCP has answered): before it, failing to reach a
 * server says nothing about the server, and is not worth a console line. */
boolean endpoint_network_up(void)
{
    struct netif *n = netif_get_default();
    if (n == 0)
        return false;
    boolean up = !ip_addr_isany((const ip_addr_t *)((u8 *)(n) + sizeof(void *)));
    netif_unref(n);
    return up;
}

/* Notes a failure in `run` by the failure rule, but only counts it while the network is not up
 * yet. */
void endpoint_failure(failure_run run, u64 kind, buffer reason)
{
    if (endpoint_network_up())
        failure_noted(run, kind, reason);
    else
        failure_counted(run);
}

/* Appends why a request got no answer: the HTTP client's error text ("http: request timed out"),
 * without its prefix. Takes `st` (an error status) and frees it. */
void endpoint_write_reason(buffer b, status st)
{
    buffer text = get_string(st, sym(result));
    if (text == 0) {
        bprintf(b, "no answer");
    } else {
        u8 *p = (u8 *)buffer_ref(text, 0);
        bytes n = buffer_length(text);
        bytes skip = n > 6 && p[0] == 'h' && p[4] == ':' ? 6 : 0;
        buffer_write(b, p + skip, n - skip);
    }
    timm_dealloc(st);
}

/* Whether the last connection failed for want of an address (the endpoint has said so on the
 * console). */
boolean endpoint_unresolved(endpoint e)
{
    return e->unresolved;
}

/* The client wants a new connection (its `conn` is the one to start). */
static void connection_wanted(endpoint e)
{
    http_connection conn = e->client->conn;
    e->unresolved = false;
    if (e->fixed ||
        (e->holding &&
         kern_now(CLOCK_ID_MONOTONIC) - e->failed_at < seconds(RESOLVE_HOLD_SECONDS))) {
        connect(e);
        return;
    }
    forget_waiting(e);
    e->waiting = conn;
    /* A lookup under way (for a connection given up since) answers for this one. */
    if (e->looking_up)
        return;
    e->looking_up = true;
    e->answered = false;
    s32 r = dns_gethostbyname(buffer_to_sstring(e->name), http_client_address(e->client),
                              on_dns_answer, e);
    if (r == ERR_OK) {
        /* Known already (lwIP's cache): connect now. */
        e->looking_up = false;
        e->waiting = 0;
        resolved(e);
        connect(e);
    } else if (r != ERR_INPROGRESS) {
        e->looking_up = false;
        answer_arrived(e);
    }
}

/* A connection the client gave up on before its lookup answered (the request timed out) is ours
 * to free: nothing else refers to it. */
static void forget_waiting(endpoint e)
{
    http_connection old = e->waiting;
    e->waiting = 0;
    if (old != 0 && old->client == 0)
        deallocate(e->h, old, sizeof(struct http_connection));
}

/* lwIP's callback (lwIP's context, its DNS lock held): only note the answer, and go on from a
 * timer. */
static void on_dns_answer(sstring name __attribute__((unused)), const ip_addr_t *addr, void *arg)
{
    endpoint e = (endpoint)arg;
    e->answered = addr != 0;
    if (addr != 0)
        (*(http_client_address(e->client)) = *(addr));
    register_timer(kernel_timers, &e->answer_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                   e->on_answer_timer);
}

static void resolved(endpoint e)
{
    e->known = true;
    e->holding = false;
    failure_recovered(e->dns);
}

static void answer_arrived(endpoint e)
{
    e->looking_up = false;
    http_connection conn = e->waiting;
    if (e->answered) {
        resolved(e);
    } else {
        buffer r = e->reason;
        buffer_clear(r);
        if (e->known) {
            e->holding = true;
            e->failed_at = kern_now(CLOCK_ID_MONOTONIC);
            bprintf(r, "no answer; using ");
            ({ char __t[IPADDR_STRLEN_MAX + 1];
            int __n = ipaddr_ntoa_r((const ip_addr_t *)(http_client_address(e->client)), __t,
            sizeof(__t)); buffer_write(r, __t, __n > 0 ? __n : 0); });
            bprintf(r, ", the last address that worked");
            endpoint_failure(e->dns, failure_kind(FAILURE_REASON_DNS_KEPT_ADDRESS), r);
        } else {
            bprintf(r, "no answer");
            endpoint_failure(e->dns, failure_kind(FAILURE_REASON_DNS), r);
        }
    }
    if (conn == 0 || conn->client == 0 || e->client->conn != conn) {
        /* Nobody waits for this connection any more. */
        forget_waiting(e);
        return;
    }
    e->waiting = 0;
    if (!e->known) {
        e->unresolved = true;
        http_connect_failed(e->client);
        return;
    }
    connect(e);
}

/* Starts the client's pending connection to its address. */
static void connect(endpoint e)
{
    http_client c = e->client;
    connection_handler ch = http_connection_handler(c);
    if (!e->tls) {
        status s = direct_connect(e->h, http_client_address(c), e->port, ch);
        if (!is_ok(s)) {
            /* The handler is never called: it is ours to free. */
            timm_dealloc(s);
            deallocate_closure(ch);
            http_connect_failed(c);
        }
        return;
    }
    struct tls_trust *trust = e->trust;
    s32 r = trust != 0
            ? tls_connect_trusting(trust, buffer_to_sstring(e->name), http_client_address(c),
                                   e->port, ch)
            : tls_connect_host(buffer_to_sstring(e->name), http_client_address(c), e->port, ch);
    if (r < 0) {
        deallocate_closure(ch);
        http_connect_failed(c);
    }
}
