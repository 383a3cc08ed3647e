/* generated from klib-src/syslog/network.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "config.h"
#include "hostname.h"
#include "resolve.h"
#include "stream.h"
#include "udp.h"
#include "network.h"

/* Network output: waits for the server's address and for the HOSTNAME field, then hands the ring's
 * records to the configured transport. */

static struct syslog_network {
    /* The flush timer and the shutdown completion can run on different CPUs: one at a time.
     * Everything the transports keep for the network path alone (udp.ts's state, the ring's network
     * reader, the scratch buffer, hostname.ts) relies on this guard. What other contexts touch has
     * a lock of its own: stream.ts's connection state (connection callbacks), resolve.ts's answer
     * (DNS callbacks), the ring's positions (console writes). */
    struct spinlock guard;
} syslog_network;

void network_flush(config c, buffer scratch)
{
    if (c->server == 0 || !spin_try(&syslog_network.guard))
        return;
    resolve_if_due();
    buffer host = hostname();
    if (host != 0 && server_known()) {
        if (c->protocol == PROTOCOL_UDP)
            udp_flush(c, host, scratch);
        else
            stream_flush(c, host, scratch);
    }
    spin_unlock(&syslog_network.guard);
}

/* At shutdown: sends what can be sent; `done` once that is over. */
void network_shutdown(config c, buffer scratch, status_handler done)
{
    if (c->server == 0) {
        apply(done, STATUS_OK);
        return;
    }
    spin_lock(&syslog_network.guard);
    resolve_if_due(); /* answered at once for an address literal or a cached name */
    buffer host = hostname();
    if (c->protocol == PROTOCOL_UDP) {
        if (host != 0 && server_known())
            udp_flush(c, host, scratch);
        apply(done, STATUS_OK);
    } else {
        stream_shutdown(c, host, scratch, done);
    }
    spin_unlock(&syslog_network.guard);
}
