/*
 * Bindings to our accelerated crypto in the tls klib's mbedtls (mbedtls-config/klib_accel.h): AES-GCM
 * and SHA-256 use AES-NI, PCLMULQDQ and SHA-NI where the CPU has them, chosen by CPUID inside the
 * library; what the klib itself chooses is the order of the cipher suites it offers.
 */
import type { SslConfig } from '../nanos/mbedtls';

/**
 * Offers the cipher suites in the order that suits this CPU: AES-GCM first where it has AES-NI and
 * PCLMULQDQ, ChaCha20-Poly1305 first where AES would run in software.
 * @c mbedtls_ssl_conf_ciphersuites($conf, mbedtls_klib_ciphersuites()) @include klib_accel.h
 */
export declare function sslConfCiphersuitesForThisCpu(conf: SslConfig): void;
