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
 * Locking: the request (with its own copy of the server's address) is filled in and the answer read
 * under `lock`, and `request` (not null while one is under way) keeps a second request out. The
 * connector is applied without the lock held: it calls the getters below on the same CPU (they read
 * the request without the lock: it cannot change while it is under way) and syslogTlsStarted. The
 * tls klib keeps its own copy of the connection handler, which may run on another CPU before the
 * connector has even returned; it never looks at this file's state. */

static struct syslog_tls_bridge {
    /* What syslog_tls registers, and the one warning, may come before the syslog klib's records
     * exist (or without them, when its configuration left it off); the getters below take no
     * argument (the two klibs' interface). So these stay module state. */
    struct spinlock lock;
    thunk connector;
    boolean warned;
    /* The request under way: set while a connect starts, else null (a second request is
     * refused). */
    struct tls_request *request;
} syslog_tls_bridge;

/* The request record for the configuration `c`; null when memory is short. */
tls_request tls_request_new(heap h, config c)
{
    tls_request r = allocate(h, sizeof(struct tls_request));
    if (r == INVALID_ADDRESS)
        return 0;
    r->config = c;
    r->handler = 0;
    r->started = -1;
    return r;
}

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
    tls_request r = syslog_tls_bridge.request;
    buffer server = r != 0 ? r->config->server : 0;
    return server != 0 ? buffer_to_sstring(server) : ss("");
}

/* The server's address; only while a request is under way (syslogTlsHandler is not null). */
ip_addr_t *syslog_tls_address(void)
{
    return &syslog_tls_bridge.request->address;
}

u16 syslog_tls_port(void)
{
    tls_request r = syslog_tls_bridge.request;
    return r != 0 ? (u16)r->config->port : 0;
}

/* The CA certificates to trust instead of the tls klib's default (PEM, NUL-terminated), or null. */
u8 *syslog_tls_ca_cert(void)
{
    tls_request r = syslog_tls_bridge.request;
    buffer pem = r != 0 ? r->config->ca_cert : 0;
    return pem != 0 ? (u8 *)buffer_ref(pem, 0) : 0;
}

/* The length of syslogTlsCaCert(), its NUL counted. */
bytes syslog_tls_ca_cert_length(void)
{
    tls_request r = syslog_tls_bridge.request;
    buffer pem = r != 0 ? r->config->ca_cert : 0;
    return pem != 0 ? buffer_length(pem) : 0;
}

/* The connection handler of the request under way; null when none is. */
connection_handler syslog_tls_handler(void)
{
    tls_request r = syslog_tls_bridge.request;
    return r != 0 ? r->handler : 0;
}

/* The connector's answer: 0 when the connection is under way (the handler will be called). */
void syslog_tls_started(s32 result)
{
    tls_request r = syslog_tls_bridge.request;
    if (r != 0)
        r->started = result;
}

/* Starts a TLS connection to the server at `to`; false when it could not start (ch is then not
 * called). */
boolean tls_connect_start(tls_request req, ip_addr_t *to, connection_handler ch)
{
    u64 flags = spin_lock_irq(&syslog_tls_bridge.lock);
    thunk connect = syslog_tls_bridge.connector;
    boolean free = syslog_tls_bridge.request == 0;
    if (connect != 0 && free) {
        (*(&req->address) = *((const ip_addr_t *)(to)));
        req->handler = ch;
        req->started = -1;
        syslog_tls_bridge.request = req;
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
    s32 result = req->started;
    req->handler = 0;
    syslog_tls_bridge.request = 0;
    spin_unlock_irq(&syslog_tls_bridge.lock, flags);
    return result == 0;
}
