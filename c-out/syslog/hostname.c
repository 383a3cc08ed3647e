/* generated from klib-src/syslog/hostname.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "hostname.h"

/* The HOSTNAME field: the configured `hostname`, else the IPv4 address of the default interface,
 * taken once the network has one (never 0.0.0.0: until then network output waits). If no address
 * comes within ADDRESS_WAIT, the field is RFC 5424's NILVALUE "-" (an interface without IPv4,
 * or a runtime without interfaces) rather than holding the logs back for good. At shutdown nothing
 * waits for it: what is sent before an address comes says "-" (hostnameOrNil). */

struct netif;

#define ADDRESS_WAIT_SECONDS 5

/* Prepares the field; `configured` is the manifest's hostname (or null). Null when memory is
 * short. */
hostname_field hostname_new(heap h, buffer configured)
{
    hostname_field n = allocate(h, sizeof(struct hostname_field));
    buffer b = allocate_buffer(h, 64);
    buffer dash = allocate_buffer(h, 2);
    if (n == INVALID_ADDRESS || b == INVALID_ADDRESS || dash == INVALID_ADDRESS)
        return 0;
    buffer_write_byte(dash, 45);
    n->nil = dash;
    n->host = b;
    n->ready = false;
    n->since = kern_now(CLOCK_ID_MONOTONIC);
    if (configured != 0) {
        push_buffer(b, configured);
        n->ready = true;
    }
    return n;
}

/* The HOSTNAME text, or null while the network has no address yet. */
buffer hostname(hostname_field f)
{
    if (f->ready)
        return f->host;
    struct netif *n = netif_get_default();
    if (n != 0) {
        const ip_addr_t *a = (const ip_addr_t *)((u8 *)(n) + sizeof(void *));
        if (!ip_addr_isany(a)) {
            ({ char __t[IPADDR_STRLEN_MAX + 1]; int __n = ipaddr_ntoa_r(a, __t, sizeof(__t));
            buffer_write(f->host, __t, __n > 0 ? __n : 0); });
            f->ready = buffer_length(f->host) > 0;
        }
        netif_unref(n);
    }
    if (!f->ready && kern_now(CLOCK_ID_MONOTONIC) - f->since >= seconds(ADDRESS_WAIT_SECONDS)) {
        buffer_write_byte(f->host, '-');
        f->ready = true;
    }
    return f->ready ? f->host : 0;
}

/* True once the default interface has an IPv4 address. Before that nothing can reach a server or
 * a DNS server (DHCP has not answered yet): a failure then says nothing worth a console line. */
boolean network_has_address(void)
{
    struct netif *n = netif_get_default();
    if (n == 0)
        return false;
    boolean up = !ip_addr_isany((const ip_addr_t *)((u8 *)(n) + sizeof(void *)));
    netif_unref(n);
    return up;
}

/* The HOSTNAME text now: "-" while the network has no address yet (at shutdown, when nothing
 * waits). */
buffer hostname_or_nil(hostname_field f)
{
    buffer b = hostname(f);
    return b != 0 ? b : f->nil;
}
