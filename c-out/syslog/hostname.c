/* generated from klib-src/syslog/hostname.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "hostname.h"

struct netif;

#define ADDRESS_WAIT_SECONDS 5

static struct syslog_hostname {
    buffer host;
    buffer nil;
    boolean ready;
    timestamp since;
} syslog_hostname;

#line 21 "klib-src/syslog/hostname.ts"
boolean hostname_init(heap h, buffer configured)
{
#line 22 "klib-src/syslog/hostname.ts"
    buffer b = allocate_buffer(h, 64);
    buffer dash = allocate_buffer(h, 2);
    if (b == INVALID_ADDRESS || dash == INVALID_ADDRESS)
#line 24 "klib-src/syslog/hostname.ts"
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

#line 37 "klib-src/syslog/hostname.ts"
buffer hostname(void)
{
#line 38 "klib-src/syslog/hostname.ts"
    if (syslog_hostname.ready || syslog_hostname.host == 0)
#line 38 "klib-src/syslog/hostname.ts"
        return syslog_hostname.host;
    struct netif *n = netif_get_default();
    if (n != 0) {
        const ip_addr_t *a = ((const ip_addr_t *)((u8 *)(n) + sizeof(void *)));
        if (!ip_addr_isany(a)) {
            ({ char __t[IPADDR_STRLEN_MAX + 1]; int __n = ipaddr_ntoa_r(a, __t, sizeof(__t)); buffer_write(syslog_hostname.host, __t, __n > 0 ? __n : 0); });
            syslog_hostname.ready = buffer_length(syslog_hostname.host) > 0;
        }
        netif_unref(n);
    }
    if (!syslog_hostname.ready && kern_now(CLOCK_ID_MONOTONIC) - syslog_hostname.since >= seconds(ADDRESS_WAIT_SECONDS)) {
        buffer_write_byte(syslog_hostname.host, 45);
        syslog_hostname.ready = true;
    }
    return syslog_hostname.ready ? syslog_hostname.host : 0;
}

#line 56 "klib-src/syslog/hostname.ts"
buffer hostname_or_nil(void)
{
#line 57 "klib-src/syslog/hostname.ts"
    buffer b = hostname();
    return b != 0 ? b : syslog_hostname.nil;
}
