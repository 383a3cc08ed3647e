/* generated from klib-src/tls/waiting.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include "pem_cas.h"
#include "session.h"
#include "trust_store.h"
#include "waiting.h"

/* Connections asked for while the default trust is still being loaded: tls.ca_file is read during
 * init, and another klib may connect before the read completes. Such a connection waits here, in
 * order, with copies of what it was asked with, and is started once the trust is settled, or
 * refused when no CA could be loaded: it is never verified against a trust other than the one
 * configured. The caller (tls.ts) serialises tlsWait and tlsWaitingTake with its lock. */

/* Room for an address as text (lwIP's IPADDR_STRLEN_MAX is 46). */
#define ADDRESS_TEXT_BYTES 48

static struct tls_waiting {
    struct waiting *first;
    struct waiting *last;
} tls_waiting;

/* Queues a connection until the default trust is settled. 0 when queued (ch will be called exactly
 * once, as for a started connection); negative when not (host name too long, out of memory), and
 * ch is never called. */
s32 tls_wait(heap h, sstring host, ip_addr_t *addr, u16 port, connection_handler ch)
{
    if (!tls_host_name_fits(host))
        return -1;
    waiting w = allocate(h, sizeof(struct waiting));
    if (w == INVALID_ADDRESS)
        return -1;
    w->host = allocate_buffer(h, HOST_NAME_BYTES + 1);
    if (w->host == INVALID_ADDRESS) {
        deallocate(h, w, sizeof(struct waiting));
        return -1;
    }
    bytes host_length = (host).len;
    buffer_write(w->host, (u8 *)(const u8 *)(host).ptr, host_length);
    ((u8 *)buffer_ref(w->host, 0))[host_length] = 0;
    runtime_memcpy(&w->addr, addr, sizeof(struct ip_addr));
    w->port = port;
    w->ch = ch;
    w->next = 0;
    if (tls_waiting.last == 0)
        tls_waiting.first = w;
    else
        tls_waiting.last->next = w;
    tls_waiting.last = w;
    return 0;
}

/* Takes every waiting connection, in the order they were asked for. */
waiting tls_waiting_take(void)
{
    waiting taken = tls_waiting.first;
    tls_waiting.first = 0;
    tls_waiting.last = 0;
    return taken;
}

/* Starts each connection of a list taken with tlsWaitingTake against trusted, or refuses it when
 * trusted is null (no CA could be loaded). Each ch is called once, as promised when it was queued:
 * with 0 when the connection is refused or cannot start. */
void tls_waiting_release(heap h, waiting taken, tls_trust trusted, u64 handshake_timeout)
{
    waiting w = taken;
    while (w != 0) {
        waiting next = w->next;
        sstring host = sstring_from_cstring((const char *)((u8 *)buffer_ref(w->host, 0)),
                                            HOST_NAME_BYTES + 1);
        if (trusted == 0) {
            tls_refuse_untrusted(h, host, &w->addr);
            apply(w->ch, 0);
        } else if (tls_start_session(h, trusted, host, &w->addr, w->port, w->ch,
                                     handshake_timeout) < 0) {
            apply(w->ch, 0);
        }
        deallocate_buffer(w->host);
        deallocate(h, w, sizeof(struct waiting));
        w = next;
    }
}

/* The console line for a connection refused because the default trust holds no CA. */
void tls_refuse_untrusted(heap h, sstring host, ip_addr_t *addr)
{
    if ((host).len > 0) {
        rprintf("tls: %s: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n",
                host);
        return;
    }
    buffer text = allocate_buffer(h, ADDRESS_TEXT_BYTES);
    if (text == INVALID_ADDRESS ||
        ipaddr_ntoa_r(addr, (char *)((u8 *)buffer_ref(text, 0)), (s32)ADDRESS_TEXT_BYTES) == 0) {
        rprintf("tls: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n");
    } else {
        rprintf("tls: %s: not connecting: no CA is trusted (tls.ca_file could not be loaded)\n",
                sstring_from_cstring((const char *)((u8 *)buffer_ref(text, 0)),
                                     ADDRESS_TEXT_BYTES));
    }
    if (text != INVALID_ADDRESS)
        deallocate_buffer(text);
}
