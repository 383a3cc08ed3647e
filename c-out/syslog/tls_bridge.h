/* generated from klib-src/syslog/tls_bridge.ts by klibc - do not edit */
#pragma once
#include "config.h"

/* A TLS connect request: made once by the stream transport, handed over while its connect
 * starts. */
typedef struct tls_request {
    /* The server's name, port and CA certificates are read from here. */
    struct config *config;
    /* The server's address: a copy for the connect under way. */
    struct ip_addr address;
    connection_handler handler;
    s32 started;
} *tls_request;

tls_request tls_request_new(heap h, config c);
void syslog_tls_register(thunk connect);
boolean tls_connector_registered(void);
sstring syslog_tls_server(void);
ip_addr_t *syslog_tls_address(void);
u16 syslog_tls_port(void);
u8 *syslog_tls_ca_cert(void);
bytes syslog_tls_ca_cert_length(void);
connection_handler syslog_tls_handler(void);
void syslog_tls_started(s32 result);
boolean tls_connect_start(tls_request req, ip_addr_t *to, connection_handler ch);
