# The mbedtls library modules our configuration (klib_config.h) uses, nothing more, and our own
# glue (freestanding/*.c) built with them. Read by mk/mbedtls.mk and, inside a Nanos tree, by
# nanos-tree.mk: both builds of the tls klib's mbedtls link the same modules.
MBEDTLS_MODULES := \
    aes asn1parse asn1write base64 bignum chacha20 chachapoly cipher \
    cipher_wrap constant_time ctr_drbg ecdh ecdsa ecp ecp_curves entropy \
    error gcm md oid pem pk pk_wrap pkparse platform platform_util poly1305 \
    rsa rsa_internal sha1 sha256 sha512 ssl_ciphersuites ssl_cli ssl_msg ssl_tls \
    x509 x509_crt
MBEDTLS_GLUE := snprintf gmtime
# Our accelerated GCM and SHA-256 (accel/, klib_accel.h), built into both libraries too.
MBEDTLS_ACCEL := cpu ciphersuites gcm_alt gcm_aesni gcm_software sha256_alt sha256_scalar sha256_shani
