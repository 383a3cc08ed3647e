/* generated from klib-src/syslog/udp.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/failures.h"
#include "../logpipe/batch.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "config.h"
#include "message.h"
#include "resolve.h"
#include "udp.h"

/* UDP transport (RFC 5426): one datagram per message, sent from the flush path. A message that
 * cannot be sent (no packet memory, no route) stays in the log pipe for the next flush. Every flush
 * sends to the address the last lookup gave, so a changed address is followed at the next
 * periodic lookup (UDP sees no failure when a server goes away).
 *
 * Locking: the transport's record is used by the network path only (the flush timer or the shutdown
 * completion, one at a time under network.ts's guard); the address is copied out of resolve.ts
 * under its lock, as a DNS answer can rewrite it at any time. */

struct pbuf;
struct udp_pcb;

/* lwIP keeps only 3 packets per address while ARP resolves it, and beyond that drops the oldest
 * without a word: the first batch to an address (the very first, or the first after the address
 * changed) is no more than that, and nothing more goes until ARP_WAIT has passed. */
#define FIRST_BATCH 3

#define ARP_WAIT_MS 200

/* After that, datagrams go at up to RATE a second, in bursts of at most BUCKET (a token bucket):
 * a receiver's socket buffer (Linux's default holds about a hundred datagrams from a bridge) takes
 * many small bursts where it drops part of a large one. So while lines wait, network.ts flushes
 * again after 10 ms (udpBacklog), and at shutdown its ticker flushes every 10 ms; a flush that
 * comes late (timers under QEMU's emulation fired every 15-35 ms) sends what the time since the
 * last one allows, up to BUCKET. (With bursts of up to 1,000 every 200 ms, a Nanos VM under QEMU
 * on a busy host lost 5-30% of a 50,000-line burst: at the receiver, Debian's rsyslog with its
 * default buffer, and in the VM.) */
#define BUCKET 100

#define RATE 5000

/* A batch is a burst: its size is the pace's, not a number of bytes. */
#define NO_BYTE_LIMIT 0xffffffffffffffffull

/* The transport's record; null when memory is short. */
udp_transport udp_transport_new(heap h)
{
    udp_transport u = allocate(h, sizeof(struct udp_transport));
    if (u == INVALID_ADDRESS)
        return 0;
    u->pcb = 0;
    u->sent_before = false;
    u->first_sent_at = 0;
    u->tokens = BUCKET;
    u->backlog = false;
    u->refilled_at = 0;
    u->target_generation = 0;
    return u;
}

/* The datagrams that may go now. */
static u64 budget_now(udp_transport u, timestamp now)
{
    if (!u->sent_before)
        return FIRST_BATCH;
    if (now - u->first_sent_at < milliseconds(ARP_WAIT_MS))
        return 0;
    /* At most a second's worth at a time (and no overflow after a long quiet). */
    u64 elapsed = now - u->refilled_at;
    if (elapsed > seconds(1))
        elapsed = seconds(1);
    u->tokens += elapsed * RATE / seconds(1);
    if (u->tokens > BUCKET)
        u->tokens = BUCKET;
    u->refilled_at = now;
    return u->tokens;
}

/* Sends one message as a datagram; false when it could not go (no packet memory, no route). */
static boolean send_datagram(udp_transport u, struct udp_pcb *pcb, config c, buffer scratch)
{
    bytes n = buffer_length(scratch);
    struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16)n, PBUF_RAM);
    if (p == 0)
        return false;
    runtime_memcpy((u8 *)(p)->payload, (u8 *)buffer_ref(scratch, 0), n);
    s32 e = udp_sendto(pcb, p, &u->target, (u16)c->port);
    pbuf_free(p);
    return e == ERR_OK;
}

/* True when the last flush stopped at its burst (or the pace), not at the end of what waits. */
boolean udp_backlog(udp_transport u)
{
    return u->backlog;
}

/* Sends what the pipe holds, one burst as far as the pace allows; true when it sent some. A line
 * that cannot be sent stays in the pipe, with those after it, for the next flush. */
boolean udp_flush(udp_transport u, resolver r, log_pipe p, config c, buffer host, buffer scratch)
{
    if (u->pcb == 0)
        u->pcb = udp_new_ip_type(IPADDR_TYPE_ANY);
    struct udp_pcb *pcb = u->pcb;
    if (pcb == 0)
        return false;
    u32 generation = resolve_copy_address(r, &u->target);
    if (generation != u->target_generation)
        u->sent_before = false;
    u->target_generation = generation;
    timestamp now = kern_now(CLOCK_ID_MONOTONIC);
    u64 budget = budget_now(u, now);
    /* Waiting for ARP, or for the pace: the lines wait too. */
    u->backlog = budget == 0;
    /* One batch is this flush's burst (no batch is ever left in flight here, so the limits can
     * change). */
    if (budget == 0 ||
        !logpipe_set_limits(p, (u32)budget, NO_BYTE_LIMIT, 0, (u32)c->max_message, 0))
        return false;
    u32 taken = logpipe_take_batch(p);
    if (taken == 0)
        return false;
    u->backlog = taken == budget;
    u32 sent = 0;
    for (log_event e = logpipe_first_event(p); e != 0; e = logpipe_next_event(p)) {
        buffer_clear(scratch);
        write_message(scratch, c, host, e->data, e->length, e->stamp, e->loss);
        if (!send_datagram(u, pcb, c, scratch)) {
            resolve_stale(r);
            logpipe_release_before(p, sent);
            return sent > 0;
        }
        sent++;
        if (u->sent_before)
            u->tokens--;
        else
            u->first_sent_at = now;
        u->sent_before = true;
    }
    logpipe_release(p);
    return sent > 0;
}
