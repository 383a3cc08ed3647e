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
#define ARP_WAIT_MS 200
#define BURST 1000
#define SMOOTH_BURST 50
#define RATE 5000

static struct syslog_udp {
    struct udp_pcb *pcb;
    boolean sent_before;
    timestamp first_sent_at;
    u64 tokens;
    timestamp refilled_at;
    struct ip_addr target;
    u32 target_generation;
} syslog_udp = {
    .tokens = BURST,
};

#line 43 "klib-src/syslog/udp.ts"
static u64 budget_now(timestamp now)
{
#line 44 "klib-src/syslog/udp.ts"
    if (!syslog_udp.sent_before)
#line 44 "klib-src/syslog/udp.ts"
        return FIRST_BATCH;
    if (now - syslog_udp.first_sent_at < milliseconds(ARP_WAIT_MS))
#line 45 "klib-src/syslog/udp.ts"
        return 0;
#line 47 "klib-src/syslog/udp.ts"
    u64 elapsed = now - syslog_udp.refilled_at;
    if (elapsed > seconds(1))
#line 48 "klib-src/syslog/udp.ts"
        elapsed = seconds(1);
    syslog_udp.tokens += elapsed * RATE / seconds(1);
    if (syslog_udp.tokens > BURST)
#line 50 "klib-src/syslog/udp.ts"
        syslog_udp.tokens = BURST;
    syslog_udp.refilled_at = now;
    return syslog_udp.tokens;
}

#line 59 "klib-src/syslog/udp.ts"
boolean udp_flush(config c, buffer host, buffer scratch, boolean smooth)
{
#line 60 "klib-src/syslog/udp.ts"
    if (syslog_udp.pcb == 0)
#line 60 "klib-src/syslog/udp.ts"
        syslog_udp.pcb = udp_new_ip_type(IPADDR_TYPE_ANY);
    if (syslog_udp.pcb == 0)
#line 61 "klib-src/syslog/udp.ts"
        return false;
    u32 generation = resolve_copy_address(&syslog_udp.target);
    if (generation != syslog_udp.target_generation)
#line 63 "klib-src/syslog/udp.ts"
        syslog_udp.sent_before = false;
    syslog_udp.target_generation = generation;
    u64 end = ring_head();
    u64 pos = ring_tail(READER_NET);
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 budget = budget_now(now);
    if (smooth && budget > SMOOTH_BURST)
#line 69 "klib-src/syslog/udp.ts"
        budget = SMOOTH_BURST;
    boolean sent = false;
    while (pos < end && budget > 0) {
        if (!is_empty_record(pos)) {
            buffer_clear(scratch);
            write_message(scratch, c, host, pos);
            bytes n = buffer_length(scratch);
            struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16)n, PBUF_RAM);
            if (p == 0)
#line 77 "klib-src/syslog/udp.ts"
                break;
            runtime_memcpy(((u8 *)(p)->payload), ((u8 *)buffer_ref(scratch, 0)), n);
            s32 e = udp_sendto(syslog_udp.pcb, p, &syslog_udp.target, (u16)c->port);
            pbuf_free(p);
            if (e != ERR_OK) {
                resolve_stale();
                break;
            }
            budget--;
            sent = true;
            if (syslog_udp.sent_before)
#line 87 "klib-src/syslog/udp.ts"
                syslog_udp.tokens--;
            else
#line 88 "klib-src/syslog/udp.ts"
                syslog_udp.first_sent_at = now;
            syslog_udp.sent_before = true;
        }
        pos = record_next(pos);
    }
    ring_release(READER_NET, pos);
    return sent;
}
