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

static struct syslog_hostname {
    buffer host;
    /* "-", for hostnameOrNil. */
    buffer nil;
    boolean ready;
    timestamp since;
} syslog_hostname;

/* Prepares the field; `configured` is the manifest's hostname (or null). False when memory is
 * short. */
boolean hostname_init(heap h, buffer configured)
{
    buffer b = allocate_buffer(h, 64);
    buffer dash = allocate_buffer(h, 2);
    if (b == INVALID_ADDRESS || dash == INVALID_ADDRESS)
        return false;
    buffer_write_byte(dash, 45);
    syslog_hostname.nil = dash;
    syslog_hostname.host = b;
    syslog_hostname.since = kern_now(CLOCK_ID_MONOTONIC);
    if (configured != 0) {
        push_buffer(b, configured);
        syslog_hostname.ready = true;
    }
    return true;
}

/* The HOSTNAME text, or null while the network has no address yet. */
buffer hostname(void)
{
    if (syslog_hostname.ready || syslog_hostname.host == 0)
        return syslog_hostname.host;
    struct netif *n = netif_get_default();
    if (n != 0) {
        const ip_addr_t *a = (const ip_addr_t *)((u8 *)(n) + sizeof(void *));
        if (!ip_addr_isany(a)) {
            ({ char __t[IPADDR_STRLEN_MAX + 1]; int __n = ipaddr_ntoa_r(a, __t, sizeof(__t));
            buffer_write(syslog_hostname.host, __t, __n > 0 ? __n : 0); });
            syslog_hostname.ready = buffer_length(syslog_hostname.host) > 0;
        }
        netif_unref(n);
    }
    if (!syslog_hostname.ready &&
        kern_now(CLOCK_ID_MONOTONIC) - syslog_hostname.since >= seconds(ADDRESS_WAIT_SECONDS)) {
        buffer_write_byte(syslog_hostname.host, '-');
        syslog_hostname.ready = true;
    }
    return syslog_hostname.ready ? syslog_hostname.host : 0;
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
buffer hostname_or_nil(void)
{
    buffer b = hostname();
    return b != 0 ? b : syslog_hostname.nil;
}
