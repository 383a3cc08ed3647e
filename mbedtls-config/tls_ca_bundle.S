/* The CA bundle the tls klib trusts by default (tls_ca_bundle.h): the PEM file named by
 * TLS_CA_BUNDLE_PEM (a string, given with -D: Debian's /etc/ssl/certs/ca-certificates.crt) and one
 * NUL, which mbedtls's PEM parser wants and counts; then its size as a 64-bit number. Both are
 * hidden, so that the klib reaches them without a dynamic relocation. Assembled by mk/tls.mk and,
 * inside a Nanos tree, by nanos-tree.mk. */
        .section .rodata
        .globl tls_ca_bundle
        .hidden tls_ca_bundle
        .type tls_ca_bundle, @object
tls_ca_bundle:
        .incbin TLS_CA_BUNDLE_PEM
        .byte 0
tls_ca_bundle_end:
        .size tls_ca_bundle, tls_ca_bundle_end - tls_ca_bundle

        .balign 8
        .globl tls_ca_bundle_size
        .hidden tls_ca_bundle_size
        .type tls_ca_bundle_size, @object
tls_ca_bundle_size:
        .quad tls_ca_bundle_end - tls_ca_bundle
        .size tls_ca_bundle_size, 8

        .section .note.GNU-stack,"",@progbits
