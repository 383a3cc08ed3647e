/* generated from klib-src/tls/tls.ts by klibc - do not edit */
#pragma once

/* The tls klib: TLS 1.2 client connections for other klibs, on mbedtls, verified by default.
 * Its interface (klib-src/tls/README.md) is the stock one, tls_connect and tls_set_cacert, plus
 * connections by host name (SNI, host name check) and trust chosen per connection. The default
 * trust is the CA bundle embedded at build time, or the CAs of the manifest's tls.ca_file. */

struct tls_trust;

/* The stock interface: TLS to addr:port, the certificate chain verified against the default trust
 * (no host name to check: prefer tls_connect_host). 0 when the connect started (or waits for
 * tls.ca_file to be loaded), negative when it failed at once (ch is then never called). */
s32 tls_connect(ip_addr_t *addr, u16 port, connection_handler ch);

/* TLS to addr:port for host: SNI, and the certificate must be valid for host and chain to the
 * default trust. */
s32 tls_connect_host(sstring host, ip_addr_t *addr, u16 port, connection_handler ch);

/* The stock interface: adds CA certificates (PEM with its NUL counted in len, or DER) to the
 * default trust, for the connections started after it. Unlike the stock klib it adds to the
 * embedded bundle instead of replacing it, so other klibs' connections keep working. Returns 0, the
 * number of certificates that could not be added, or a negative mbedtls error. */
s32 tls_set_cacert(void *pem, u64 len);

/* A trust of its own for the caller's connections: exactly the CA certificates given (PEM with its
 * NUL counted in len, or DER). Returns null when none could be used. Made once and kept: it is not
 * freed. */
struct tls_trust *tls_trust_create(void *pem, u64 len);

/* tls_connect_host with a trust made by tls_trust_create. */
s32 tls_connect_trusting(struct tls_trust *trusted, sstring host, ip_addr_t *addr, u16 port,
                         connection_handler ch);
