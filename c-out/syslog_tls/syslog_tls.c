/* generated from klib-src/syslog_tls/syslog_tls.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../syslog/syslog.h"
#include "../tls/tls.h"

/* syslog_tls: connects the syslog klib to the tls klib, for `protocol: tls` (RFC 5425). It is a
 * klib of its own so that the syslog klib loads without the tls klib (see
 * klib-src/syslog/tls_bridge.ts): "Klibs": ["syslog", "syslog_tls", "tls"]. */

struct tls_trust;

static struct syslog_tls {
    struct tls_trust *trust;
    closure_struct(thunk, connect_for_syslog);
} syslog_tls;

/* Starts the TLS connection syslog asked for: verified against the CA certificates of the syslog
 * configuration (ca_cert) when it has some, else against the tls klib's default trust. */
closure_func_basic(thunk, void, connect_for_syslog)
{
    connection_handler ch = syslog_tls_handler();
    if (ch == 0) {
        syslog_tls_started(-1);
        return;
    }
    u8 *pem = syslog_tls_ca_cert();
    if (pem != 0 && syslog_tls.trust == 0)
        syslog_tls.trust = tls_trust_create(pem, syslog_tls_ca_cert_length());
    if (pem != 0 && syslog_tls.trust == 0) {
        rprintf("syslog_tls: ca_cert holds no certificate the tls klib can use\n");
        syslog_tls_started(-1);
        return;
    }
    struct tls_trust *t = syslog_tls.trust;
    if (t != 0)
        syslog_tls_started(tls_connect_trusting(t, syslog_tls_server(), syslog_tls_address(),
                                                syslog_tls_port(), ch));
    else
        syslog_tls_started(tls_connect_host(syslog_tls_server(), syslog_tls_address(),
                                            syslog_tls_port(), ch));
}

s32 init(status_handler complete __attribute__((unused)))
{
    syslog_tls_register(init_closure_func(&syslog_tls.connect_for_syslog, thunk,
                                          connect_for_syslog));
    return KLIB_INIT_OK;
}
