/* generated from klib-src/syslog/network.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "config.h"
#include "hostname.h"
#include "resolve.h"
#include "stream.h"
#include "udp.h"
#include "network.h"

static struct syslog_network {
    struct spinlock guard;
} syslog_network;

#line 17 "klib-src/syslog/network.ts"
void network_flush(config c, buffer scratch)
{
#line 18 "klib-src/syslog/network.ts"
    if (c->server == 0 || !spin_try(&syslog_network.guard))
#line 18 "klib-src/syslog/network.ts"
        return;
    resolve_if_due();
    buffer host = hostname();
    if (host != 0 && server_known()) {
        if (c->protocol == PROTOCOL_UDP)
#line 22 "klib-src/syslog/network.ts"
            udp_flush(c, host, scratch);
        else
#line 23 "klib-src/syslog/network.ts"
            stream_flush(c, host, scratch);
    }
    spin_unlock(&syslog_network.guard);
}

#line 29 "klib-src/syslog/network.ts"
void network_shutdown(config c, buffer scratch, status_handler done)
{
#line 30 "klib-src/syslog/network.ts"
    if (c->server == 0) {
        apply(done, STATUS_OK);
        return;
    }
    spin_lock(&syslog_network.guard);
    resolve_if_due();
    buffer host = hostname();
    if (c->protocol == PROTOCOL_UDP) {
        if (host != 0 && server_known())
#line 38 "klib-src/syslog/network.ts"
            udp_flush(c, host, scratch);
        apply(done, STATUS_OK);
    } else {
        stream_shutdown(c, host, scratch, done);
    }
    spin_unlock(&syslog_network.guard);
}
