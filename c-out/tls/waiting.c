/* generated from klib-src/tls/waiting.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include "pem_cas.h"
#include "session.h"
#include "trust_store.h"
#include "waiting.h"

#define ADDRESS_TEXT_BYTES 48

static struct tls_waiting {
    struct waiting *first;
    struct waiting *last;
} tls_waiting;

#line 37 "klib-src/tls/waiting.ts"
s32 tls_wait(heap h, sstring host, ip_addr_t *addr, u16 port, connection_handler ch)
{
#line 38 "klib-src/tls/waiting.ts"
    if (!tls_host_name_fits(host))
#line 38 "klib-src/tls/waiting.ts"
        return -1;
    waiting w = allocate(h, sizeof(struct waiting));
    if (w == INVALID_ADDRESS)
#line 40 "klib-src/tls/waiting.ts"
        return -1;
    w->host = allocate_buffer(h, HOST_NAME_BYTES + 1);
    if (w->host == INVALID_ADDRESS) {
        deallocate(h, w, sizeof(struct waiting));
        return -1;
    }
    bytes host_length = (host).len;
    buffer_write(w->host, (u8 *)((const u8 *)(host).ptr), host_length);
    ((u8 *)buffer_ref(w->host, 0))[host_length] = 0;
    runtime_memcpy(&w->addr, addr, sizeof(struct ip_addr));
    w->port = port;
    w->ch = ch;
    w->next = 0;
    if (tls_waiting.last == 0)
#line 53 "klib-src/tls/waiting.ts"
        tls_waiting.first = w;
    else
#line 54 "klib-src/tls/waiting.ts"
        tls_waiting.last->next = w;
    tls_waiting.last = w;
    return 0;
}

#line 60 "klib-src/tls/waiting.ts"
waiting tls_waiting_take(void)
{
#line 61 "klib-src/tls/waiting.ts"
    waiting taken = tls_waiting.first;
    tls_waiting.first = 0;
    tls_waiting.last = 0;
    return taken;
}

#line 72 "klib-src/tls/waiting.ts"
void tls_waiting_release(heap h, waiting taken, tls_trust trusted, u64 handshake_timeout)
{
#line 73 "klib-src/tls/waiting.ts"
    waiting w = taken;
    while (w != 0) {
        waiting next = w->next;
        sstring host = sstring_from_cstring((const char *)((u8 *)buffer_ref(w->host, 0)),
                                            HOST_NAME_BYTES + 1);
#line 77 "klib-src/tls/waiting.ts"
        if (trusted == 0) {
            tls_refuse_untrusted(h, host, &w->addr);
            apply(w->ch, 0);
        } else if (tls_start_session(h, trusted, host, &w->addr, w->port, w->ch, handshake_timeout) < 0) {
            apply(w->ch, 0);
        }
        deallocate_buffer(w->host);
        deallocate(h, w, sizeof(struct waiting));
        w = next;
    }
}

#line 90 "klib-src/tls/waiting.ts"
void tls_refuse_untrusted(heap h, sstring host, ip_addr_t *addr)
{
#line 91 "klib-src/tls/waiting.ts"
    if ((host).len > 0) {
        rprintf("tls: %s: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n",
                host);
#line 93 "klib-src/tls/waiting.ts"
        return;
    }
    buffer text = allocate_buffer(h, ADDRESS_TEXT_BYTES);
    if (text == INVALID_ADDRESS || ipaddr_ntoa_r(addr, (char *)((u8 *)buffer_ref(text, 0)), (s32)ADDRESS_TEXT_BYTES) == 0) {
        rprintf("tls: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n");
    } else {
        rprintf("tls: %s: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n",
                sstring_from_cstring((const char *)((u8 *)buffer_ref(text, 0)), ADDRESS_TEXT_BYTES));
    }
#line 101 "klib-src/tls/waiting.ts"
    if (text != INVALID_ADDRESS)
#line 101 "klib-src/tls/waiting.ts"
        deallocate_buffer(text);
}
