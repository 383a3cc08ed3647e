/* generated from klib-src/syslog/tls_bridge.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "config.h"
#include "tls_bridge.h"

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

#line 34 "klib-src/syslog/tls_bridge.ts"
void syslog_tls_register(thunk connect)
{
#line 35 "klib-src/syslog/tls_bridge.ts"
    u64 flags = spin_lock_irq(&syslog_tls_bridge.lock);
    syslog_tls_bridge.connector = connect;
    spin_unlock_irq(&syslog_tls_bridge.lock, flags);
}

#line 41 "klib-src/syslog/tls_bridge.ts"
sstring syslog_tls_server(void)
{
#line 42 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.server != 0 ? buffer_to_sstring(syslog_tls_bridge.server) : ss("");
}

#line 45 "klib-src/syslog/tls_bridge.ts"
ip_addr_t *syslog_tls_address(void)
{
#line 46 "klib-src/syslog/tls_bridge.ts"
    return &syslog_tls_bridge.address;
}

#line 49 "klib-src/syslog/tls_bridge.ts"
u16 syslog_tls_port(void)
{
#line 50 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.port;
}

#line 54 "klib-src/syslog/tls_bridge.ts"
u8 *syslog_tls_ca_cert(void)
{
#line 55 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.ca_cert != 0 ? ((u8 *)buffer_ref(syslog_tls_bridge.ca_cert, 0)) : 0;
}

#line 59 "klib-src/syslog/tls_bridge.ts"
bytes syslog_tls_ca_cert_length(void)
{
#line 60 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.ca_cert != 0 ? buffer_length(syslog_tls_bridge.ca_cert) : 0;
}

#line 63 "klib-src/syslog/tls_bridge.ts"
connection_handler syslog_tls_handler(void)
{
#line 64 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.handler;
}

#line 68 "klib-src/syslog/tls_bridge.ts"
void syslog_tls_started(s32 result)
{
#line 69 "klib-src/syslog/tls_bridge.ts"
    syslog_tls_bridge.started = result;
}

#line 73 "klib-src/syslog/tls_bridge.ts"
boolean tls_connect_start(config c, ip_addr_t *to, connection_handler ch)
{
#line 74 "klib-src/syslog/tls_bridge.ts"
    u64 flags = spin_lock_irq(&syslog_tls_bridge.lock);
    thunk connect = syslog_tls_bridge.connector;
    boolean free = !syslog_tls_bridge.requesting;
    if (connect != 0 && free) {
        syslog_tls_bridge.requesting = true;
        syslog_tls_bridge.server = c->server;
        (*(&syslog_tls_bridge.address) = *(((const ip_addr_t *)(to))));
        syslog_tls_bridge.port = (u16)c->port;
        syslog_tls_bridge.ca_cert = c->ca_cert;
        syslog_tls_bridge.handler = ch;
        syslog_tls_bridge.started = -1;
    }
    boolean warn = connect == 0 && !syslog_tls_bridge.warned;
    if (warn)
#line 87 "klib-src/syslog/tls_bridge.ts"
        syslog_tls_bridge.warned = true;
    spin_unlock_irq(&syslog_tls_bridge.lock, flags);
    if (warn)
#line 89 "klib-src/syslog/tls_bridge.ts"
        rprintf("syslog: protocol tls needs the syslog_tls and tls klibs (\"Klibs\": [\"syslog\", \"syslog_tls\", \"tls\"])\n");
    if (connect == 0 || !free)
#line 90 "klib-src/syslog/tls_bridge.ts"
        return false;
    apply(connect);
    flags = spin_lock_irq(&syslog_tls_bridge.lock);
    s32 result = syslog_tls_bridge.started;
    syslog_tls_bridge.handler = 0;
    syslog_tls_bridge.requesting = false;
    spin_unlock_irq(&syslog_tls_bridge.lock, flags);
    return result == 0;
}
