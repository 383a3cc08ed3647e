/* generated from klib-src/syslog/stream.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "backoff.h"
#include "config.h"
#include "message.h"
#include "resolve.h"
#include "ring.h"
#include "text.h"
#include "tls_bridge.h"
#include "stream.h"

/* TCP transport with octet-counting framing (RFC 6587): "LENGTH SP MESSAGE", many per segment.
 * One connection at a time; a failed connect backs off, and a connection that goes away is replaced
 * after a fresh lookup of the server. Records leave the ring only when handed to a live connection,
 * so lines written while the server is away wait in the ring (bounded; the ring counts what it
 * cannot keep).
 *
 * We never close a connection (never apply out(0)), at shutdown or ever. Closing is not safe while
 * bytes written to it may be unacknowledged, and a klib cannot know when they are:
 * * direct (src/net/direct.c), on reaching a queued close, clears lwIP's callback argument, closes
 *   the pcb and frees its connection, but leaves lwIP's sent and error callbacks in place. The
 *   acknowledgement of data still in flight then runs direct_conn_sent with a null argument, which
 *   asserts ("assertion arg failed at src/net/direct.c:241"), and a reset, or lwIP giving up on the
 *   closing connection, runs its error callback on a null connection. Either halts the kernel; the
 *   VM then hangs in its shutdown. (An acknowledgement of our FIN alone runs no sent callback.)
 * * A klib is told nothing of acknowledgements: direct reports no "sent", syslog servers send no
 *   data (RFC 6587 has no acknowledgements), and a peer's FIN is not delivered. Waiting "long
 *   enough" proves nothing: a server that stopped reading keeps our data unsent behind a zero
 *   window for as long as it likes, and lwIP keeps such a connection alive.
 * * With TLS the tls klib's close sends close_notify and closes TCP at once, which is the same
 *   hazard for the close_notify record itself. rsyslog does not answer a close_notify with its own
 *   (it closes TCP), so a close_notify exchange cannot prove receipt either.
 * So: at shutdown the connection is left open and the VM halts with it (network.ts gives what was
 * handed over a moment to leave first); when the server's address changes, a working connection is
 * kept, and the new address is used for the next connection, once this one has failed (a reset,
 * or lwIP giving up); a connection ends only when the server or the network ends it, which direct
 * reports through onInput(0) with no close of ours involved. What this costs: a server keeps a
 * connection from a halted VM until its keepalive (if any) finds it dead, and a server that keeps
 * running at an address DNS no longer gives keeps our logs until it goes away.
 *
 * Locking. On SMP the flush timer, the shutdown path (network.ts's ticker) and the connection
 * callbacks (onConnected, onInput: direct's receive service, lwIP's context, or the tls klib) can
 * run on different CPUs at the same time. So:
 * 1. Every module variable below `lock` is read and changed only with `lock` held, and the lock is
 *    held only for that: a few loads and stores, no call that can come back into this file, and
 *    no other lock taken inside it but resolve.ts's (which takes none and calls nothing);
 *    network.ts's guard and `sendLock` may be held around it.
 * 2. `lock` is never held while calling out: the connection's output out(b), direct_connect or the
 *    TLS connector. Those can call back into this file before they return (a connect may fail at
 *    once), and a spinlock taken twice on one CPU never comes free.
 * 3. So every path decides under the lock, claims what it is about to do in the state (link
 *    becomes Connecting before a connect starts), copies what it needs into locals, drops the
 *    lock, calls out, and takes the lock again to look at the state afresh: the connection may
 *    have gone meanwhile.
 * 4. Framing the ring's records happens without the lock: the ring has its own, and its network
 *    reader runs one at a time under network.ts's guard. That guard also makes every out(b) of
 *    ours come from one CPU at a time, in order.
 * 5. `sendLock` is held across each out(b), and onInput(0) takes it before anything else. direct
 *    frees the connection, with nothing to hold it by, as soon as onInput(0) returns, and its
 *    teardown takes no lock that its send path takes; the tls klib's session
 *    (klib-src/tls/session.ts) is likewise freed once onInput(0) was applied. So a send on another
 *    CPU must be over before onInput(0) returns, and a send that starts later must see `link` no
 *    longer Connected (it looks under sendLock). Neither direct's out(b) nor the tls session's
 *    ever applies onInput itself (direct's only inside out(0), which we never call; the tls session
 *    hands what it has to tell during a write to another context, its rule 6), so sendLock is never
 *    taken twice on a CPU. */

#define BATCH_BYTES (64 * 1024)

/* At shutdown, the waits before a failed connect is tried again: soon after a connect that could
 * not even start (no route: the network may be coming up, as DHCP answers), and a little longer
 * after one the server refused or reset (each of which the tls klib reports on the console). */
#define HURRY_RETRY_NO_ROUTE_MS 250

#define HURRY_RETRY_MS 1000

enum link_state {
    LINK_STATE_IDLE,
    LINK_STATE_CONNECTING,
    LINK_STATE_CONNECTED,
};

static struct syslog_stream {
    /* Set at init, then only read. */
    heap heap;
    /* Used by the network path only (one at a time, under network.ts's guard). */
    struct ip_addr target;
    /* Held across out(b) (rule 5). */
    struct spinlock send_lock;
    struct spinlock lock;
    enum link_state link;
    buffer_handler out;
    u32 failures;
    timestamp next_try;
    /* At shutdown: connect without the backoff's wait. */
    boolean hurry;
    closure_struct(input_buffer_handler, on_input);
    closure_struct(connection_handler, on_connected);
} syslog_stream = {
    .link = LINK_STATE_IDLE,
};

static void failed(boolean started);

closure_func_basic(input_buffer_handler, boolean, on_input,
                   buffer b)
{
    if (b != 0)
        return false; /* a syslog server has nothing to say */
    /* Teardown: the server reset the connection, or lwIP gave up on it. direct frees the
     * connection when this returns: a send under way on another CPU finishes first (rule 5). */
    spin_lock(&syslog_stream.send_lock);
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    failed(true); /* reconnect after a fresh lookup */
    spin_unlock_irq(&syslog_stream.lock, flags);
    spin_unlock(&syslog_stream.send_lock);
    return false;
}

closure_func_basic(connection_handler, input_buffer_handler, on_connected,
                   buffer_handler o)
{
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    if (o == 0) {
        failed(true);
        spin_unlock_irq(&syslog_stream.lock, flags);
        return INVALID_ADDRESS;
    }
    syslog_stream.link = LINK_STATE_CONNECTED;
    syslog_stream.out = o;
    syslog_stream.failures = 0;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return init_closure_func(&syslog_stream.on_input, input_buffer_handler, on_input);
}

void stream_init(heap h, config c __attribute__((unused)))
{
    syslog_stream.heap = h;
}

/* The connection is gone or never came (`started`: a connect got under way): back off (briefly at
 * shutdown). Lock held. */
static void failed(boolean started)
{
    syslog_stream.link = LINK_STATE_IDLE;
    syslog_stream.out = 0;
    u64 retry = started ? HURRY_RETRY_MS : HURRY_RETRY_NO_ROUTE_MS;
    syslog_stream.next_try = kern_now(CLOCK_ID_MONOTONIC) +
                             (syslog_stream.hurry
                              ? milliseconds(retry)
                              : backoff_delay(syslog_stream.failures));
    syslog_stream.failures++;
    resolve_stale(); /* resolve.ts's lock inside ours: it takes no other lock and never calls out */
}

/* Starts a connection to `target`; true when onConnected will be called. Lock not held. */
static boolean start_connection(config c)
{
    if (c->protocol == PROTOCOL_TLS)
        return tls_connect_start(c, &syslog_stream.target,
                                 init_closure_func(&syslog_stream.on_connected, connection_handler,
                                                   on_connected));
    status s = direct_connect(syslog_stream.heap, &syslog_stream.target, (u16)c->port,
                              init_closure_func(&syslog_stream.on_connected, connection_handler,
                                                on_connected));
    if (is_ok(s))
        return true;
    timm_dealloc(s);
    return false;
}

/* The caller has made link Connecting (under the lock), so no other connect can start meanwhile. */
static void connect(config c)
{
    resolve_copy_address(&syslog_stream.target);
    if (start_connection(c))
        return;
    /* onConnected will not be called, so the Connecting state is still ours to end. */
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    failed(false);
    spin_unlock_irq(&syslog_stream.lock, flags);
}

/* The connection's output while data may be sent on it, else null. */
static buffer_handler live_output(void)
{
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return o;
}

/* Hands b to the connection if it is still live (b is taken either way); false when it was not
 * sent. Under sendLock (rule 5). */
static boolean hand_over(buffer b)
{
    spin_lock(&syslog_stream.send_lock);
    buffer_handler o = live_output();
    boolean sent = false;
    if (o == 0) {
        deallocate_buffer(b);
    } else {
        status s = apply(o, b);
        sent = is_ok(s);
        if (!sent) {
            /* Only an allocation failure inside direct, which then did not take b. */
            timm_dealloc(s);
            deallocate_buffer(b);
        }
    }
    spin_unlock(&syslog_stream.send_lock);
    return sent;
}

/* Frames the ring's records into one buffer and hands it to the connection. Returns the bytes
 * handed over: 0 when there was nothing to send, or the connection could not take it (the records
 * stay for the next flush), or the records had no text (they are consumed all the same). */
static bytes send_batch(config c, buffer host, buffer scratch, bytes limit)
{
    if (live_output() == 0)
        return 0;
    u64 end = ring_head();
    u64 pos = ring_tail(READER_NET);
    if (pos == end)
        return 0;
    buffer b = allocate_buffer(syslog_stream.heap, limit + c->max_message + 512);
    if (b == INVALID_ADDRESS)
        return 0;
    while (pos < end && buffer_length(b) < limit) {
        if (!is_empty_record(pos)) {
            buffer_clear(scratch);
            write_message(scratch, c, host, pos);
            write_decimal(b, buffer_length(scratch), 1, 48);
            buffer_write_byte(b, ' ');
            push_buffer(b, scratch);
        }
        pos = record_next(pos);
    }
    bytes n = buffer_length(b);
    if (n == 0) {
        deallocate_buffer(b);
        ring_release(READER_NET, pos);
        return 0;
    }
    /* Looked at again (under sendLock): the connection may have gone while the batch was built. */
    if (!hand_over(b))
        return 0;
    ring_release(READER_NET, pos);
    return n;
}

/* At shutdown: the next connect is tried at once, and a failed one soon after. */
void stream_hurry(void)
{
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    syslog_stream.hurry = true;
    syslog_stream.next_try = 0;
    spin_unlock_irq(&syslog_stream.lock, flags);
}

/* Connects when due, or sends what the ring holds: one batch, or with `everything` (at shutdown)
 * all of it. True when bytes were handed to the connection. */
boolean stream_flush(config c, buffer host, buffer scratch, boolean everything)
{
    /* A connection waits for a lookup under way: the address may be about to change. */
    boolean answer_due = resolve_in_flight();
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    boolean connect_now = syslog_stream.link == LINK_STATE_IDLE && !answer_due &&
                          kern_now(CLOCK_ID_MONOTONIC) >= syslog_stream.next_try;
    if (connect_now)
        syslog_stream.link = LINK_STATE_CONNECTING;
    boolean up = syslog_stream.link == LINK_STATE_CONNECTED;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (connect_now) {
        connect(c);
        return false;
    }
    if (!up)
        return false;
    boolean handed = false;
    boolean more = true;
    while (more) {
        u64 from = ring_tail(READER_NET);
        if (send_batch(c, host, scratch, BATCH_BYTES) > 0)
            handed = true;
        /* Until the ring is empty, or a batch could not go (the records stay for the next
         * flush). */
        u64 to = ring_tail(READER_NET);
        more = everything && to != from && to != ring_head();
    }
    return handed;
}
