/* generated from klib-src/syslog_tls/syslog_tls.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "syslog_tls.h"

struct tls_trust;

static struct syslog_tls {
    struct tls_trust *trust;
    closure_struct(thunk, connect_for_syslog);
} syslog_tls;

#line 16 "klib-src/syslog_tls/syslog_tls.ts"
closure_func_basic(thunk, void, connect_for_syslog)
{
#line 17 "klib-src/syslog_tls/syslog_tls.ts"
    connection_handler ch = ({ extern connection_handler syslog_tls_handler(void); syslog_tls_handler(); });
    if (ch == 0) {
        ({ extern void syslog_tls_started(s32); syslog_tls_started(-1); });
        return;
    }
    u8 *pem = ({ extern u8 *syslog_tls_ca_cert(void); syslog_tls_ca_cert(); });
    if (pem != 0 && syslog_tls.trust == 0)
#line 23 "klib-src/syslog_tls/syslog_tls.ts"
        syslog_tls.trust = ({ extern struct tls_trust *tls_trust_create(void *, u64); tls_trust_create(pem, ({ extern bytes syslog_tls_ca_cert_length(void); syslog_tls_ca_cert_length(); })); });
    if (pem != 0 && syslog_tls.trust == 0) {
        rprintf("syslog_tls: ca_cert holds no certificate the tls klib can use\n");
        ({ extern void syslog_tls_started(s32); syslog_tls_started(-1); });
        return;
    }
    struct tls_trust *t = syslog_tls.trust;
    if (t != 0)
#line 30 "klib-src/syslog_tls/syslog_tls.ts"
        ({ extern void syslog_tls_started(s32); syslog_tls_started(({ extern int tls_connect_trusting(struct tls_trust *, sstring, ip_addr_t *, u16, connection_handler); tls_connect_trusting(t, ({ extern sstring syslog_tls_server(void); syslog_tls_server(); }), ({ extern ip_addr_t *syslog_tls_address(void); syslog_tls_address(); }), ({ extern u16 syslog_tls_port(void); syslog_tls_port(); }), ch); })); });
    else
#line 31 "klib-src/syslog_tls/syslog_tls.ts"
        ({ extern void syslog_tls_started(s32); syslog_tls_started(({ extern int tls_connect_host(sstring, ip_addr_t *, u16, connection_handler); tls_connect_host(({ extern sstring syslog_tls_server(void); syslog_tls_server(); }), ({ extern ip_addr_t *syslog_tls_address(void); syslog_tls_address(); }), ({ extern u16 syslog_tls_port(void); syslog_tls_port(); }), ch); })); });
}

#line 34 "klib-src/syslog_tls/syslog_tls.ts"
s32 init(status_handler complete)
{
    (void)complete;
#line 35 "klib-src/syslog_tls/syslog_tls.ts"
    ({ extern void syslog_tls_register(thunk); syslog_tls_register(init_closure_func(&syslog_tls.connect_for_syslog, thunk, connect_for_syslog)); });
    return KLIB_INIT_OK;
}
