/* generated from klib-src/syslog/syslog.ts by klibc - do not edit */
#pragma once

/* syslog: ships the console (program output and kernel messages) to a syslog server over UDP,
 * TCP or TLS, in RFC 5424 or RFC 3164, and/or appends it to a file with rotation. The console
 * driver only copies lines into the log pipe (klib-src/logpipe/, lines.ts); a periodic flush timer
 * does everything else. */

/* The server's address; only while a request is under way (syslogTlsHandler is not null). */
ip_addr_t *syslog_tls_address(void);

/* The CA certificates to trust instead of the tls klib's default (PEM, NUL-terminated), or null. */
u8 *syslog_tls_ca_cert(void);

/* The length of syslogTlsCaCert(), its NUL counted. */
bytes syslog_tls_ca_cert_length(void);

/* The connection handler of the request under way; null when none is. */
connection_handler syslog_tls_handler(void);

u16 syslog_tls_port(void);

/* Called by syslog_tls at its init: how to start a TLS connection. */
void syslog_tls_register(thunk connect);

/* The server's name: for SNI and the certificate's host name check. */
sstring syslog_tls_server(void);

/* The connector's answer: 0 when the connection is under way (the handler will be called). */
void syslog_tls_started(s32 result);
