/* generated from klib-src/tls/tls_klib.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include "ca_file.h"
#include "pem_cas.h"
#include "session.h"
#include "trust_store.h"
#include "waiting.h"
#include "tls_klib.h"

#define DEFAULT_HANDSHAKE_TIMEOUT_SECONDS 30

enum trust_state {
    TRUST_STATE_READY,
    TRUST_STATE_LOADING,
    TRUST_STATE_UNTRUSTED,
};

static struct tls_tls_klib {
    heap h;
    struct tls_trust *default_trust;
    u64 handshake_timeout;
    struct spinlock lock;
    enum trust_state trust_state;
    buffer ca_file_path;
    status_handler init_complete;
    boolean init_running;
    boolean settled_during_init;
} tls_tls_klib = {
    .handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT_SECONDS,
    .trust_state = TRUST_STATE_READY,
};

static status ca_file_read(buffer contents);

#line 46 "klib-src/tls/tls_klib.ts"
static buffer read_manifest(void)
{
#line 47 "klib-src/tls/tls_klib.ts"
    tuple config = get_tuple(get_root_tuple(), sym_this("tls"));
    if (config == 0)
#line 48 "klib-src/tls/tls_klib.ts"
        return 0;
    buffer verify = get_string(config, sym_this("verify"));
    if (verify != 0 && (buffer_strcmp(verify, "false") == 0)) {
        tls_disable_verification();
        rprintf("tls: WARNING: tls.verify is \"false\": server certificates are NOT checked; any man in the middle can read and change this traffic\n");
    }
    tls_tls_klib.handshake_timeout = ({ u64 __n; get_u64(config, sym_this("handshake_timeout"), &__n) ? __n : (DEFAULT_HANDSHAKE_TIMEOUT_SECONDS); });
    buffer ca_file = get_string(config, sym_this("ca_file"));
    if (ca_file != 0 && !tls_verification_enabled()) {
        rprintf("tls: tls.ca_file is not read: tls.verify is \"false\"\n");
        return 0;
    }
    return ca_file;
}

#line 88 "klib-src/tls/tls_klib.ts"
closure_function(0, 1, status, init_loaded,
                 buffer contents)
{
#line 88 "klib-src/tls/tls_klib.ts"
    status result = ca_file_read(contents);
    closure_finish();
    return result;
}

#line 63 "klib-src/tls/tls_klib.ts"
s32 init(status_handler complete)
{
#line 64 "klib-src/tls/tls_klib.ts"
    tls_tls_klib.h = heap_locked(get_kernel_heaps());
    buffer ca_file = read_manifest();
    if (!tls_setup_random()) {
        rprintf("tls: the random generator could not be seeded\n");
        return KLIB_INIT_FAILED;
    }
    tls_trust t = tls_empty_trust(tls_tls_klib.h);
    if (t == 0) {
        rprintf("tls: out of memory\n");
        return KLIB_INIT_FAILED;
    }
    if (ca_file == 0) {
        if (tls_verification_enabled() && !tls_add_embedded_bundle(tls_tls_klib.h, t)) {
            tls_destroy_trust(tls_tls_klib.h, t);
            return KLIB_INIT_FAILED;
        }
        tls_tls_klib.default_trust = t;
        return KLIB_INIT_OK;
    }
#line 85 "klib-src/tls/tls_klib.ts"
    tls_tls_klib.trust_state = TRUST_STATE_LOADING;
    tls_tls_klib.default_trust = t;
    tls_tls_klib.ca_file_path = ca_file;
    buffer_handler loaded = closure(tls_tls_klib.h, init_loaded);
    if (loaded == INVALID_ADDRESS) {
        rprintf("tls: tls.ca_file %b: out of memory to read it\n", ca_file);
        rprintf("tls: no CA is trusted: connections through the default trust are refused (the embedded bundle is not used instead)\n");
        tls_tls_klib.trust_state = TRUST_STATE_UNTRUSTED;
        return KLIB_INIT_OK;
    }
    tls_tls_klib.init_complete = complete;
    tls_tls_klib.init_running = true;
    read_ca_file(tls_tls_klib.h, ca_file, loaded);
    u64 flags = spin_lock_irq(&tls_tls_klib.lock);
    tls_tls_klib.init_running = false;
    boolean settled = tls_tls_klib.settled_during_init;
    spin_unlock_irq(&tls_tls_klib.lock, flags);
#line 103 "klib-src/tls/tls_klib.ts"
    return settled ? KLIB_INIT_OK : KLIB_INIT_IN_PROGRESS;
}

#line 107 "klib-src/tls/tls_klib.ts"
static status ca_file_read(buffer contents)
{
#line 108 "klib-src/tls/tls_klib.ts"
    boolean loaded = false;
#line 110 "klib-src/tls/tls_klib.ts"
    if (contents != 0)
#line 110 "klib-src/tls/tls_klib.ts"
        loaded = tls_add_ca_file(tls_tls_klib.h, tls_tls_klib.default_trust,
                                 tls_tls_klib.ca_file_path, contents);
#line 111 "klib-src/tls/tls_klib.ts"
    if (!loaded) {
        rprintf("tls: no CA is trusted: connections through the default trust are refused (the embedded bundle is not used instead)\n");
    }
    u64 flags = spin_lock_irq(&tls_tls_klib.lock);
    tls_tls_klib.trust_state = loaded ? TRUST_STATE_READY : TRUST_STATE_UNTRUSTED;
    waiting queued = tls_waiting_take();
    boolean during_init = tls_tls_klib.init_running;
    if (during_init)
#line 118 "klib-src/tls/tls_klib.ts"
        tls_tls_klib.settled_during_init = true;
    spin_unlock_irq(&tls_tls_klib.lock, flags);
    tls_waiting_release(tls_tls_klib.h, queued, loaded ? tls_tls_klib.default_trust : 0,
                        tls_tls_klib.handshake_timeout);
#line 121 "klib-src/tls/tls_klib.ts"
    if (!during_init)
#line 121 "klib-src/tls/tls_klib.ts"
        apply(tls_tls_klib.init_complete, STATUS_OK);
    tls_tls_klib.init_complete = 0;
    return STATUS_OK;
}

#line 128 "klib-src/tls/tls_klib.ts"
static s32 connect_default(sstring host, ip_addr_t *addr, u16 port, connection_handler ch)
{
#line 129 "klib-src/tls/tls_klib.ts"
    if (tls_tls_klib.default_trust == 0)
#line 129 "klib-src/tls/tls_klib.ts"
        return -1;
    u64 flags = spin_lock_irq(&tls_tls_klib.lock);
    enum trust_state state = tls_tls_klib.trust_state;
    s32 queued = 0;
    if (state == TRUST_STATE_LOADING)
#line 133 "klib-src/tls/tls_klib.ts"
        queued = tls_wait(tls_tls_klib.h, host, addr, port, ch);
    spin_unlock_irq(&tls_tls_klib.lock, flags);
    if (state == TRUST_STATE_LOADING)
#line 135 "klib-src/tls/tls_klib.ts"
        return queued;
    if (state == TRUST_STATE_UNTRUSTED) {
        tls_refuse_untrusted(tls_tls_klib.h, host, addr);
        return -1;
    }
    return tls_start_session(tls_tls_klib.h, tls_tls_klib.default_trust, host, addr, port, ch,
                             tls_tls_klib.handshake_timeout);
}

#line 149 "klib-src/tls/tls_klib.ts"
s32 tls_connect(ip_addr_t *addr, u16 port, connection_handler ch)
{
#line 150 "klib-src/tls/tls_klib.ts"
    return connect_default(ss(""), addr, port, ch);
}

#line 158 "klib-src/tls/tls_klib.ts"
s32 tls_connect_host(sstring host, ip_addr_t *addr, u16 port, connection_handler ch)
{
#line 159 "klib-src/tls/tls_klib.ts"
    return connect_default(host, addr, port, ch);
}

#line 169 "klib-src/tls/tls_klib.ts"
s32 tls_set_cacert(void *pem, u64 len)
{
#line 170 "klib-src/tls/tls_klib.ts"
    if (tls_tls_klib.default_trust == 0)
#line 170 "klib-src/tls/tls_klib.ts"
        return -1;
    return tls_add_certificates(tls_tls_klib.default_trust, pem, len);
}

#line 180 "klib-src/tls/tls_klib.ts"
tls_trust tls_trust_create(void *pem, u64 len)
{
#line 181 "klib-src/tls/tls_klib.ts"
    tls_trust t = tls_empty_trust(tls_tls_klib.h);
    if (t == 0)
#line 182 "klib-src/tls/tls_klib.ts"
        return 0;
    if (tls_add_certificates(t, pem, len) < 0) {
        tls_destroy_trust(tls_tls_klib.h, t);
        return 0;
    }
    return t;
}

#line 194 "klib-src/tls/tls_klib.ts"
s32 tls_connect_trusting(tls_trust trusted, sstring host, ip_addr_t *addr, u16 port,
                         connection_handler ch)
{
#line 196 "klib-src/tls/tls_klib.ts"
    return tls_start_session(tls_tls_klib.h, trusted, host, addr, port, ch,
                             tls_tls_klib.handshake_timeout);
}
