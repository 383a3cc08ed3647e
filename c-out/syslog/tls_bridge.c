/* generated from klib-src/syslog/tls_bridge.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "config.h"
#include "resolve.h"
#include "tls_bridge.h"

static struct syslog_tls_bridge {
    thunk connector;
    buffer server;
    u16 port;
    buffer ca_cert;
    connection_handler handler;
    s32 started;
    boolean warned;
} syslog_tls_bridge = {
    .started = -1,
};

#line 24 "klib-src/syslog/tls_bridge.ts"
void syslog_tls_register(thunk connect)
{
#line 25 "klib-src/syslog/tls_bridge.ts"
    syslog_tls_bridge.connector = connect;
}

#line 29 "klib-src/syslog/tls_bridge.ts"
sstring syslog_tls_server(void)
{
#line 30 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.server != 0 ? buffer_to_sstring(syslog_tls_bridge.server) : ss("");
}

#line 33 "klib-src/syslog/tls_bridge.ts"
ip_addr_t *syslog_tls_address(void)
{
#line 34 "klib-src/syslog/tls_bridge.ts"
    return server_address();
}

#line 37 "klib-src/syslog/tls_bridge.ts"
u16 syslog_tls_port(void)
{
#line 38 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.port;
}

#line 42 "klib-src/syslog/tls_bridge.ts"
u8 *syslog_tls_ca_cert(void)
{
#line 43 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.ca_cert != 0 ? ((u8 *)buffer_ref(syslog_tls_bridge.ca_cert, 0)) : 0;
}

#line 47 "klib-src/syslog/tls_bridge.ts"
bytes syslog_tls_ca_cert_length(void)
{
#line 48 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.ca_cert != 0 ? buffer_length(syslog_tls_bridge.ca_cert) : 0;
}

#line 51 "klib-src/syslog/tls_bridge.ts"
connection_handler syslog_tls_handler(void)
{
#line 52 "klib-src/syslog/tls_bridge.ts"
    return syslog_tls_bridge.handler;
}

#line 56 "klib-src/syslog/tls_bridge.ts"
void syslog_tls_started(s32 result)
{
#line 57 "klib-src/syslog/tls_bridge.ts"
    syslog_tls_bridge.started = result;
}

#line 61 "klib-src/syslog/tls_bridge.ts"
boolean tls_connect_start(config c, connection_handler ch)
{
#line 62 "klib-src/syslog/tls_bridge.ts"
    thunk connect = syslog_tls_bridge.connector;
    if (connect == 0) {
        if (!syslog_tls_bridge.warned)
#line 64 "klib-src/syslog/tls_bridge.ts"
            rprintf("syslog: protocol tls needs the syslog_tls and tls klibs (\"Klibs\": [\"syslog\", \"syslog_tls\", \"tls\"])\n");
        syslog_tls_bridge.warned = true;
        return false;
    }
    syslog_tls_bridge.server = c->server;
    syslog_tls_bridge.port = (u16)c->port;
    syslog_tls_bridge.ca_cert = c->ca_cert;
    syslog_tls_bridge.handler = ch;
    syslog_tls_bridge.started = -1;
    apply(connect);
    syslog_tls_bridge.handler = 0;
    return syslog_tls_bridge.started == 0;
}
