/* The tls klib's interface to other klibs (symbols it exports). */
#ifdef NANOS_HEADERS_TLS_H
#error "<tls.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_KERNEL_H
#error "include <kernel.h> (or <unix_internal.h>) before <tls.h>, as the Nanos tree requires"
#endif
#ifndef NANOS_HEADERS_LWIP_H
#error "include <lwip.h> before <tls.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_TLS_H


/* sets the CA certificate (PEM or DER) used to verify servers */
int tls_set_cacert(void *cert, u64 len);
/* like direct_connect, with TLS inside; 0 when the connect started */
int tls_connect(ip_addr_t *addr, u16 port, connection_handler ch);
