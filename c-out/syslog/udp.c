/* generated from klib-src/syslog/udp.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "config.h"
#include "message.h"
#include "resolve.h"
#include "ring.h"
#include "udp.h"

struct pbuf;
struct udp_pcb;

#define FIRST_BATCH 3
#define BATCH 1000

static struct syslog_udp {
    struct udp_pcb *pcb;
    boolean sent_before;
    struct ip_addr target;
    u32 target_generation;
} syslog_udp;

#line 30 "klib-src/syslog/udp.ts"
void udp_flush(config c, buffer host, buffer scratch)
{
#line 31 "klib-src/syslog/udp.ts"
    if (syslog_udp.pcb == 0)
#line 31 "klib-src/syslog/udp.ts"
        syslog_udp.pcb = udp_new_ip_type(IPADDR_TYPE_ANY);
    if (syslog_udp.pcb == 0)
#line 32 "klib-src/syslog/udp.ts"
        return;
    u32 generation = resolve_copy_address(&syslog_udp.target);
    if (generation != syslog_udp.target_generation)
#line 34 "klib-src/syslog/udp.ts"
        syslog_udp.sent_before = false;
    syslog_udp.target_generation = generation;
    u64 end = ring_head();
    u64 pos = ring_tail(READER_NET);
    u32 budget = syslog_udp.sent_before ? BATCH : FIRST_BATCH;
    while (pos < end && budget > 0) {
        if (!is_empty_record(pos)) {
            buffer_clear(scratch);
            write_message(scratch, c, host, pos);
            bytes n = buffer_length(scratch);
            struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16)n, PBUF_RAM);
            if (p == 0)
#line 45 "klib-src/syslog/udp.ts"
                break;
            runtime_memcpy(((u8 *)(p)->payload), ((u8 *)buffer_ref(scratch, 0)), n);
            s32 e = udp_sendto(syslog_udp.pcb, p, &syslog_udp.target, (u16)c->port);
            pbuf_free(p);
            if (e != ERR_OK) {
                resolve_stale();
                break;
            }
            budget--;
            syslog_udp.sent_before = true;
        }
        pos = record_next(pos);
    }
    ring_release(READER_NET, pos);
}
