/* generated from klib-src/tls/tls_klib.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include "session.h"
#include "trust_store.h"
#include "tls_klib.h"

#define DEFAULT_HANDSHAKE_TIMEOUT_SECONDS 30

static struct tls_tls_klib {
    heap h;
    struct tls_trust *default_trust;
    u64 handshake_timeout;
} tls_tls_klib = {
    .handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT_SECONDS,
};

#line 27 "klib-src/tls/tls_klib.ts"
static boolean read_manifest(void)
{
#line 28 "klib-src/tls/tls_klib.ts"
    tuple config = get_tuple(get_root_tuple(), sym_this("tls"));
    if (config == 0)
#line 29 "klib-src/tls/tls_klib.ts"
        return true;
    buffer verify = get_string(config, sym_this("verify"));
    if (verify != 0 && (buffer_strcmp(verify, "false") == 0)) {
        tls_disable_verification();
        rprintf("tls: WARNING: tls.verify is \"false\": server certificates are NOT checked; any man in the middle can read and change this traffic\n");
    }
    tls_tls_klib.handshake_timeout = ({ u64 __n; get_u64(config, sym_this("handshake_timeout"), &__n) ? __n : (DEFAULT_HANDSHAKE_TIMEOUT_SECONDS); });
#line 37 "klib-src/tls/tls_klib.ts"
    if (get_string(config, sym_this("ca_file")) != 0) {
        rprintf("tls: tls.ca_file cannot be read: the kernel exports no file read to klibs (see klib-src/tls/README.md)\n");
        return false;
    }
    return true;
}

#line 44 "klib-src/tls/tls_klib.ts"
s32 init(status_handler complete)
{
    (void)complete;
#line 45 "klib-src/tls/tls_klib.ts"
    tls_tls_klib.h = heap_locked(get_kernel_heaps());
    if (!read_manifest())
#line 46 "klib-src/tls/tls_klib.ts"
        return KLIB_INIT_FAILED;
    if (!tls_setup_random()) {
        rprintf("tls: the random generator could not be seeded\n");
        return KLIB_INIT_FAILED;
    }
    tls_trust t = tls_empty_trust(tls_tls_klib.h);
    if (t == 0) {
        rprintf("tls: out of memory\n");
        return KLIB_INIT_FAILED;
    }
    if (tls_verification_enabled() && !tls_add_embedded_bundle(t)) {
        tls_destroy_trust(tls_tls_klib.h, t);
        return KLIB_INIT_FAILED;
    }
    tls_tls_klib.default_trust = t;
    return KLIB_INIT_OK;
}

#line 70 "klib-src/tls/tls_klib.ts"
s32 tls_connect(ip_addr_t *addr, u16 port, connection_handler ch)
{
#line 71 "klib-src/tls/tls_klib.ts"
    if (tls_tls_klib.default_trust == 0)
#line 71 "klib-src/tls/tls_klib.ts"
        return -1;
    return tls_start_session(tls_tls_klib.h, tls_tls_klib.default_trust, ss(""), addr, port, ch,
                             tls_tls_klib.handshake_timeout);
}

#line 80 "klib-src/tls/tls_klib.ts"
s32 tls_connect_host(sstring host, ip_addr_t *addr, u16 port, connection_handler ch)
{
#line 81 "klib-src/tls/tls_klib.ts"
    if (tls_tls_klib.default_trust == 0)
#line 81 "klib-src/tls/tls_klib.ts"
        return -1;
    return tls_start_session(tls_tls_klib.h, tls_tls_klib.default_trust, host, addr, port, ch,
                             tls_tls_klib.handshake_timeout);
}

#line 92 "klib-src/tls/tls_klib.ts"
s32 tls_set_cacert(void *pem, u64 len)
{
#line 93 "klib-src/tls/tls_klib.ts"
    if (tls_tls_klib.default_trust == 0)
#line 93 "klib-src/tls/tls_klib.ts"
        return -1;
    return tls_add_certificates(tls_tls_klib.default_trust, pem, len);
}

#line 103 "klib-src/tls/tls_klib.ts"
tls_trust tls_trust_create(void *pem, u64 len)
{
#line 104 "klib-src/tls/tls_klib.ts"
    tls_trust t = tls_empty_trust(tls_tls_klib.h);
    if (t == 0)
#line 105 "klib-src/tls/tls_klib.ts"
        return 0;
    if (tls_add_certificates(t, pem, len) < 0) {
        tls_destroy_trust(tls_tls_klib.h, t);
        return 0;
    }
    return t;
}

#line 117 "klib-src/tls/tls_klib.ts"
s32 tls_connect_trusting(tls_trust trusted, sstring host, ip_addr_t *addr, u16 port,
                         connection_handler ch)
{
#line 119 "klib-src/tls/tls_klib.ts"
    return tls_start_session(tls_tls_klib.h, trusted, host, addr, port, ch,
                             tls_tls_klib.handshake_timeout);
}
