/* generated from klib-src/syslog/udp.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "config.h"
#include "message.h"
#include "resolve.h"
#include "ring.h"
#include "udp.h"

/* UDP transport (RFC 5426): one datagram per message, sent from the flush path. A message that
 * cannot be sent (no packet memory, no route) stays in the ring for the next flush. Every flush
 * sends to the address the last lookup gave, so a changed address is followed at the next
 * periodic lookup (UDP sees no failure when a server goes away).
 *
 * Locking: this module's state is used by the network path only (the flush timer or the shutdown
 * completion, one at a time under network.ts's guard); the address is copied out of resolve.ts
 * under its lock, as a DNS answer can rewrite it at any time. */

struct pbuf;
struct udp_pcb;

/* lwIP keeps only 3 packets per address while ARP resolves it: the first flush to an address
 * (the very first, or the first after the address changed) sends no more. */
#define FIRST_BATCH 3

#define BATCH 1000

static struct syslog_udp {
    struct udp_pcb *pcb;
    boolean sent_before;
    struct ip_addr target;
    u32 target_generation;
} syslog_udp;

/* Sends what the ring holds for the network, up to one batch. */
void udp_flush(config c, buffer host, buffer scratch)
{
    if (syslog_udp.pcb == 0)
        syslog_udp.pcb = udp_new_ip_type(IPADDR_TYPE_ANY);
    if (syslog_udp.pcb == 0)
        return;
    u32 generation = resolve_copy_address(&syslog_udp.target);
    if (generation != syslog_udp.target_generation)
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
                break;
            runtime_memcpy((u8 *)(p)->payload, (u8 *)buffer_ref(scratch, 0), n);
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
