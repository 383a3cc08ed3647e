/* The CA bundle the tls klib trusts by default: Debian's
 * /etc/ssl/certs/ca-certificates.crt (package ca-certificates), embedded at
 * build time (tls_ca_bundle.S) by mk/tls.mk into an object under build/tls/
 * (never committed), or inside a Nanos tree by nanos-tree.mk.
 * The PEM text is followed by one NUL, counted in tls_ca_bundle_size, as
 * mbedtls_x509_crt_parse() wants for PEM.
 */
#ifndef KLIB_TLS_CA_BUNDLE_H
#define KLIB_TLS_CA_BUNDLE_H

extern const unsigned char tls_ca_bundle[] __attribute__((visibility("hidden")));
extern const unsigned long long tls_ca_bundle_size __attribute__((visibility("hidden")));

#endif
