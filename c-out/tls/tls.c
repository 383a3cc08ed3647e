/* generated from klib-src/tls/tls.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include "ca_file.h"
#include "config.h"
#include "pem_cas.h"
#include "session.h"
#include "trust_store.h"
#include "waiting.h"
#include "tls.h"

/* The tls klib: TLS 1.2 client connections for other klibs, on mbedtls, verified by default.
 * Its interface (klib-src/tls/README.md) is the stock one, tls_connect and tls_set_cacert, plus
 * connections by host name (SNI, host name check) and trust chosen per connection. The default
 * trust is the CA bundle embedded at build time, or the CAs of the manifest's tls.ca_file. */

#define DEFAULT_HANDSHAKE_TIMEOUT_SECONDS 30

/* Where the default trust stands. It is Ready at once with the embedded bundle; with tls.ca_file it
 * is Loading until the file has been read and parsed, then Ready, or Untrusted when no CA could be
 * loaded from it: connections through the default trust are then refused (never verified against
 * the embedded bundle instead, which is not what was configured). */
enum trust_state {
    TRUST_STATE_READY,
    TRUST_STATE_LOADING,
    TRUST_STATE_UNTRUSTED,
};

static struct tls {
    heap h;
    /* What tls_connect, tls_connect_host and tls_set_cacert use: the embedded CA bundle (or the CAs
     * of tls.ca_file) plus the CAs added with tls_set_cacert. */
    struct tls_trust *default_trust;
    u64 handshake_timeout;
    /* Guards trustState, the waiting connections and the end of init against other CPUs: the file's
     * read completes from the disk's interrupt, and other klibs connect from wherever they run. */
    struct spinlock lock;
    enum trust_state trust_state;
    buffer ca_file_path;
    status_handler init_complete;
    boolean init_running;
    boolean settled_during_init;
} tls = {
    .handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT_SECONDS,
    .trust_state = TRUST_STATE_READY,
};

static status ca_file_read(buffer contents);

/* The manifest's `tls` tuple (config.ts): verify, handshake_timeout, ca_file. Returns the ca_file
 * path to load, or null. */
static buffer read_manifest(void)
{
    tls_config config = read_tls_config(tls.h);
    if (config == 0)
        return 0;
    if (!config->verify) {
        tls_disable_verification();
        rprintf("tls: WARNING: tls.verify is off: server certificates are NOT checked; any man "
                "in the middle can read and change this traffic\n");
    }
    tls.handshake_timeout = config->handshake_timeout;
    buffer ca_file = config->ca_file;
    deallocate(tls.h, config, sizeof(struct tls_config));
    if (ca_file != 0 && !tls_verification_enabled()) {
        rprintf("tls: tls.ca_file is not read: tls.verify is off\n");
        deallocate_buffer(ca_file);
        return 0;
    }
    return ca_file;
}

closure_function(0, 1, status, init_loaded,
                 buffer contents)
{
    status result = ca_file_read(contents);
    closure_finish();
    return result;
}

s32 init(status_handler complete)
{
    tls.h = heap_locked(get_kernel_heaps());
    buffer ca_file = read_manifest();
    if (!tls_setup_random()) {
        rprintf("tls: the random generator could not be seeded\n");
        return KLIB_INIT_FAILED;
    }
    tls_trust t = tls_empty_trust(tls.h);
    if (t == 0) {
        rprintf("tls: out of memory\n");
        return KLIB_INIT_FAILED;
    }
    if (ca_file == 0) {
        if (tls_verification_enabled() && !tls_add_embedded_bundle(tls.h, t)) {
            tls_destroy_trust(tls.h, t);
            return KLIB_INIT_FAILED;
        }
        tls.default_trust = t;
        return KLIB_INIT_OK;
    }
    /* The kernel starts the program once `complete` is applied; our symbols are available to the
     * other klibs as soon as we return KLIB_INIT_IN_PROGRESS, and their connections wait. */
    tls.trust_state = TRUST_STATE_LOADING;
    tls.default_trust = t;
    tls.ca_file_path = ca_file;
    buffer_handler loaded = closure(tls.h, init_loaded);
    if (loaded == INVALID_ADDRESS) {
        rprintf("tls: tls.ca_file %b: out of memory to read it\n", ca_file);
        rprintf("tls: no CA is trusted: connections through the default trust are refused (the "
                "embedded bundle is not used instead)\n");
        tls.trust_state = TRUST_STATE_UNTRUSTED;
        return KLIB_INIT_OK;
    }
    tls.init_complete = complete;
    tls.init_running = true;
    read_ca_file(tls.h, ca_file, loaded);
    u64 flags = spin_lock_irq(&tls.lock);
    tls.init_running = false;
    boolean settled = tls.settled_during_init;
    spin_unlock_irq(&tls.lock, flags);
    /* Settled before we return (an error found at once): `complete` is not ours to apply then. */
    return settled ? KLIB_INIT_OK : KLIB_INIT_IN_PROGRESS;
}

/* tls.ca_file has been read (contents), or could not be (null, already said on the console). */
static status ca_file_read(buffer contents)
{
    boolean loaded = false;
    /* The trust keeps the file's text (its CAs are parsed when a chain needs them), or frees it. */
    if (contents != 0)
        loaded = tls_add_ca_file(tls.h, tls.default_trust, tls.ca_file_path, contents);
    if (!loaded) {
        rprintf("tls: no CA is trusted: connections through the default trust are refused (the "
                "embedded bundle is not used instead)\n");
    }
    u64 flags = spin_lock_irq(&tls.lock);
    tls.trust_state = loaded ? TRUST_STATE_READY : TRUST_STATE_UNTRUSTED;
    waiting queued = tls_waiting_take();
    boolean during_init = tls.init_running;
    if (during_init)
        tls.settled_during_init = true;
    spin_unlock_irq(&tls.lock, flags);
    tls_waiting_release(tls.h, queued, loaded ? tls.default_trust : 0, tls.handshake_timeout);
    if (!during_init)
        apply(tls.init_complete, STATUS_OK);
    tls.init_complete = 0;
    return STATUS_OK;
}

/* A connection through the default trust: started now, queued while tls.ca_file loads, or refused
 * when it could not be loaded. */
static s32 connect_default(sstring host, ip_addr_t *addr, u16 port, connection_handler ch)
{
    if (tls.default_trust == 0)
        return -1;
    u64 flags = spin_lock_irq(&tls.lock);
    enum trust_state state = tls.trust_state;
    s32 queued = 0;
    if (state == TRUST_STATE_LOADING)
        queued = tls_wait(tls.h, host, addr, port, ch);
    spin_unlock_irq(&tls.lock, flags);
    if (state == TRUST_STATE_LOADING)
        return queued;
    if (state == TRUST_STATE_UNTRUSTED) {
        tls_refuse_untrusted(tls.h, host, addr);
        return -1;
    }
    return tls_start_session(tls.h, tls.default_trust, host, addr, port, ch, tls.handshake_timeout);
}

/* The stock interface: TLS to addr:port, the certificate chain verified against the default trust
 * (no host name to check: prefer tls_connect_host). 0 when the connect started (or waits for
 * tls.ca_file to be loaded), negative when it failed at once (ch is then never called). */
s32 tls_connect(ip_addr_t *addr, u16 port, connection_handler ch)
{
    return connect_default(ss(""), addr, port, ch);
}

/* TLS to addr:port for host: SNI, and the certificate must be valid for host and chain to the
 * default trust. */
s32 tls_connect_host(sstring host, ip_addr_t *addr, u16 port, connection_handler ch)
{
    return connect_default(host, addr, port, ch);
}

/* The stock interface: adds CA certificates (PEM with its NUL counted in len, or DER) to the
 * default trust, for the connections started after it. Unlike the stock klib it adds to the
 * embedded bundle instead of replacing it, so other klibs' connections keep working. Returns 0, the
 * number of certificates that could not be added, or a negative mbedtls error. */
s32 tls_set_cacert(void *pem, u64 len)
{
    if (tls.default_trust == 0)
        return -1;
    return tls_add_certificates(tls.default_trust, pem, len);
}

/* A trust of its own for the caller's connections: exactly the CA certificates given (PEM with its
 * NUL counted in len, or DER). Returns null when none could be used. Made once and kept: it is not
 * freed. */
tls_trust tls_trust_create(void *pem, u64 len)
{
    tls_trust t = tls_empty_trust(tls.h);
    if (t == 0)
        return 0;
    if (tls_add_certificates(t, pem, len) < 0) {
        tls_destroy_trust(tls.h, t);
        return 0;
    }
    return t;
}

/* tls_connect_host with a trust made by tls_trust_create. */
s32 tls_connect_trusting(tls_trust trusted, sstring host, ip_addr_t *addr, u16 port,
                         connection_handler ch)
{
    return tls_start_session(tls.h, trusted, host, addr, port, ch, tls.handshake_timeout);
}
