/* generated from klib-src/syslog/tls_bridge.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "config.h"
#include "tls_bridge.h"

/* TLS (RFC 5425) without a hard dependency on the tls klib: a syslog klib that imported
 * tls_connect_host could not load without the tls klib (the kernel resolves every import or
 * halts), and `"Klibs": ["syslog"]` must keep working. So the TLS connect lives in a small
 * separate klib, syslog_tls (klib-src/syslog_tls/), which imports from both klibs and registers a
 * connector thunk here. To connect, the stream transport fills in the request below and applies
 * the thunk; the connector reads the request through these exported functions (the klib's
 * interface: syslog.ts re-exports them, c-out/syslog/syslog.h declares them for syslog_tls).
 *
 * Locking: the request (with its own copy of the server's address) is filled in and the answer
 * read under `lock`, and `requesting` keeps a second request out while one is under way. The
 * connector is applied without the lock held: it calls the getters below on the same CPU (they
 * read the request without the lock: it cannot change while `requesting` is set) and
 * syslogTlsStarted. The tls klib keeps its own copy of the connection handler, which may run on
 * another CPU before the connector has even returned; it never looks at this file's state. */

static struct syslog_tls_bridge {
    struct spinlock lock;
    thunk connector;
    boolean requesting;
    buffer server;
    struct ip_addr address;
    u16 port;
    buffer ca_cert;
    connection_handler handler;
    s32 started;
    boolean warned;
} syslog_tls_bridge = {
    .started = -1,
};

/* Called by syslog_tls at its init: how to start a TLS connection. */
void syslog_tls_register(thunk connect)
{
    u64 flags = spin_lock_irq(&syslog_tls_bridge.lock);
    syslog_tls_bridge.connector = connect;
    spin_unlock_irq(&syslog_tls_bridge.lock, flags);
}

/* True once syslog_tls has registered its connector (else protocol tls cannot connect at all). */
boolean tls_connector_registered(void)
{
    u64 flags = spin_lock_irq(&syslog_tls_bridge.lock);
    boolean registered = syslog_tls_bridge.connector != 0;
    spin_unlock_irq(&syslog_tls_bridge.lock, flags);
    return registered;
}

/* The server's name: for SNI and the certificate's host name check. */
sstring syslog_tls_server(void)
{
    return syslog_tls_bridge.server != 0 ? buffer_to_sstring(syslog_tls_bridge.server) : ss("");
}

ip_addr_t *syslog_tls_address(void)
{
    return &syslog_tls_bridge.address;
}

u16 syslog_tls_port(void)
{
    return syslog_tls_bridge.port;
}

/* The CA certificates to trust instead of the tls klib's default (PEM, NUL-terminated), or null. */
u8 *syslog_tls_ca_cert(void)
{
    return syslog_tls_bridge.ca_cert != 0 ? (u8 *)buffer_ref(syslog_tls_bridge.ca_cert, 0) : 0;
}

/* The length of syslogTlsCaCert(), its NUL counted. */
bytes syslog_tls_ca_cert_length(void)
{
    return syslog_tls_bridge.ca_cert != 0 ? buffer_length(syslog_tls_bridge.ca_cert) : 0;
}

connection_handler syslog_tls_handler(void)
{
    return syslog_tls_bridge.handler;
}

/* The connector's answer: 0 when the connection is under way (the handler will be called). */
void syslog_tls_started(s32 result)
{
    syslog_tls_bridge.started = result;
}

/* Starts a TLS connection to the server at `to`; false when it could not start (ch is then not
 * called). */
boolean tls_connect_start(config c, ip_addr_t *to, connection_handler ch)
{
    u64 flags = spin_lock_irq(&syslog_tls_bridge.lock);
    thunk connect = syslog_tls_bridge.connector;
    boolean free = !syslog_tls_bridge.requesting;
    if (connect != 0 && free) {
        syslog_tls_bridge.requesting = true;
        syslog_tls_bridge.server = c->server;
        (*(&syslog_tls_bridge.address) = *((const ip_addr_t *)(to)));
        syslog_tls_bridge.port = (u16)c->port;
        syslog_tls_bridge.ca_cert = c->ca_cert;
        syslog_tls_bridge.handler = ch;
        syslog_tls_bridge.started = -1;
    }
    boolean warn = connect == 0 && !syslog_tls_bridge.warned;
    if (warn)
        syslog_tls_bridge.warned = true;
    spin_unlock_irq(&syslog_tls_bridge.lock, flags);
    if (warn)
        rprintf("syslog: protocol tls needs the syslog_tls and tls klibs (\"Klibs\": "
                "[\"syslog\", \"syslog_tls\", \"tls\"])\n");
    if (connect == 0 || !free)
        return false;
    apply(connect);
    flags = spin_lock_irq(&syslog_tls_bridge.lock);
    s32 result = syslog_tls_bridge.started;
    syslog_tls_bridge.handler = 0;
    syslog_tls_bridge.requesting = false;
    spin_unlock_irq(&syslog_tls_bridge.lock, flags);
    return result == 0;
}
