/* generated from klib-src/syslog/stream.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/failures.h"
#include "../logpipe/batch.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "config.h"
#include "hostname.h"
#include "message.h"
#include "resolve.h"
#include "text.h"
#include "tls_bridge.h"
#include "stream.h"

/* TCP transport with octet-counting framing (RFC 6587): "LENGTH SP MESSAGE", many per segment.
 * One connection at a time; a failed connect backs off (logpipe's shared retry policy), and a
 * connection that goes away is replaced after a fresh lookup of the server. Lines leave the log
 * pipe only when handed to a live connection, so lines written while the server is away wait in
 * it (bounded; the pipe counts what it cannot keep).
 *
 * Drain: each flush frames the pipe's lines into buffers of up to 64 KiB (hundreds of frames per
 * out(b)) and hands over as many as it holds, up to HANDOVER_PER_FLUSH (everything at shutdown),
 * so the output keeps up with the console (one buffer per 200 ms flush drained about 2,000 lines
 * a second; a Nanos VM under QEMU printed about 2,900). A klib cannot see what lwIP has sent
 * (direct reports no acknowledgement and queues what lwIP's send buffer cannot take, without a
 * bound), so a server that stops reading makes direct's queue grow by what is handed over: at most
 * HANDOVER_PER_FLUSH each flush, and no more than the console prints.
 *
 * Failures are reported by lib/failures.ts's rule, from the flush path: the callbacks only note
 * them under the lock (reportFailures).
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
 *    held only for that: a few loads and stores (and the retry policy's delay, which draws a random
 *    number), no call that can come back into this file, and no other lock taken inside it but
 *    resolve.ts's (which takes none and calls nothing);
 *    network.ts's guard and `sendLock` may be held around it.
 * 2. `lock` is never held while calling out: the connection's output out(b), direct_connect or the
 *    TLS connector. Those can call back into this file before they return (a connect may fail at
 *    once), and a spinlock taken twice on one CPU never comes free.
 * 3. So every path decides under the lock, claims what it is about to do in the state (link
 *    becomes Connecting before a connect starts), copies what it needs into locals, drops the
 *    lock, calls out, and takes the lock again to look at the state afresh: the connection may
 *    have gone meanwhile.
 * 4. Framing the pipe's lines happens without the lock: the pipe has its own, and its batches are
 *    taken one at a time under network.ts's guard. That guard also makes every out(b) of ours come
 *    from one CPU at a time, in order, and runs the failure reports (failures.ts is not locked).
 * 5. `sendLock` is held across each out(b), and onInput(0) takes it before anything else. direct
 *    frees the connection, with nothing to hold it by, as soon as onInput(0) returns, and its
 *    teardown takes no lock that its send path takes; the tls klib's session
 *    (klib-src/tls/session.ts) is likewise freed once onInput(0) was applied. So a send on another
 *    CPU must be over before onInput(0) returns, and a send that starts later must see `link` no
 *    longer Connected (it looks under sendLock). Neither direct's out(b) nor the tls session's
 *    ever applies onInput itself (direct's only inside out(0), which we never call; the tls session
 *    hands what it has to tell during a write to another context, its rule 6), so sendLock is never
 *    taken twice on a CPU. */

/* Frames per out(b): up to this many bytes of text (with FRAME_OVERHEAD counted per line). */
#define BATCH_BYTES (64 * 1024)

/* What a frame adds to its line, about: the length, the header (PRI, time, host, app name). */
#define FRAME_OVERHEAD 100

/* The most one flush (every 200 ms) hands over: 2.5 MiB a second, several times what a console
 * prints (2,900 lines of 100 bytes a second in a Nanos VM under QEMU: about 470 KB of frames). */
#define HANDOVER_PER_FLUSH (512 * 1024)

/* Connect retries: the shared policy (full jitter below 1 s, 2 s, 4 s, ... 60 s). */
#define RETRY_BASE_MS 1000

#define RETRY_CAP_MS 60000

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

/* What went wrong with a connection, for the failure lines. Unavailable: protocol tls without the
 * syslog_tls klib, which tls_bridge.ts says once on its own. */
enum failure {
    FAILURE_NONE,
    FAILURE_NOT_STARTED,
    FAILURE_REFUSED,
    FAILURE_LOST,
    FAILURE_UNAVAILABLE,
};

static struct syslog_stream {
    /* Set at init, then only read. */
    heap heap;
    sstring protocol_name;
    /* Used by the network path only (one at a time, under network.ts's guard). */
    struct ip_addr target;
    struct failure_run *failure_run;
    buffer reason;
    /* Held across out(b) (rule 5). */
    struct spinlock send_lock;
    struct spinlock lock;
    enum link_state link;
    buffer_handler out;
    struct logpipe_retry *retry;
    timestamp next_try;
    /* At shutdown: connect without the backoff's wait. */
    boolean hurry;
    /* Outcomes not yet reported (reportFailures): failures since the last report, the last one's
     * kind, and whether a connection came up (before those failures, or after). */
    u32 failed_count;
    enum failure failed_how;
    boolean came_up;
    boolean came_up_first;
    /* The connect under way started before the interface had an address: its failure is not
     * told. */
    boolean connect_quiet;
    closure_struct(input_buffer_handler, on_input);
    closure_struct(connection_handler, on_connected);
} syslog_stream = {
    .protocol_name = ss_static_init("tcp"),
    .link = LINK_STATE_IDLE,
    .failed_how = FAILURE_NONE,
};

static void failed(enum failure how);

closure_func_basic(input_buffer_handler, boolean, on_input,
                   buffer b)
{
    if (b != 0)
        return false; /* a syslog server has nothing to say */
    /* Teardown: the server reset the connection, or lwIP gave up on it. direct frees the
     * connection when this returns: a send under way on another CPU finishes first (rule 5). */
    spin_lock(&syslog_stream.send_lock);
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    failed(FAILURE_LOST); /* reconnect after a fresh lookup */
    spin_unlock_irq(&syslog_stream.lock, flags);
    spin_unlock(&syslog_stream.send_lock);
    return false;
}

closure_func_basic(connection_handler, input_buffer_handler, on_connected,
                   buffer_handler o)
{
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    if (o == 0) {
        failed(FAILURE_REFUSED);
        spin_unlock_irq(&syslog_stream.lock, flags);
        return INVALID_ADDRESS;
    }
    syslog_stream.link = LINK_STATE_CONNECTED;
    syslog_stream.out = o;
    if (syslog_stream.retry != 0)
        logpipe_retry_reset(syslog_stream.retry);
    if (!syslog_stream.came_up)
        syslog_stream.came_up_first = syslog_stream.failed_count == 0;
    syslog_stream.came_up = true;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return init_closure_func(&syslog_stream.on_input, input_buffer_handler, on_input);
}

/* Prepares the transport for `c` on pipe `p` (its batch limits: frames for one out(b)); false when
 * memory is short. */
boolean stream_init(heap h, config c, log_pipe p)
{
    syslog_stream.heap = h;
    syslog_stream.protocol_name = c->protocol == PROTOCOL_TLS ? ss("tls") : ss("tcp");
    logpipe_retry r = logpipe_retry_create(h, milliseconds(RETRY_BASE_MS),
                                           milliseconds(RETRY_CAP_MS));
    buffer endpoint = allocate_buffer(h, 64);
    buffer text = allocate_buffer(h, 128);
    if (r == 0 || endpoint == INVALID_ADDRESS || text == INVALID_ADDRESS || c->server == 0)
        return false;
    bprintf(endpoint, "%b:%lu (%s)", c->server, c->port, syslog_stream.protocol_name);
    syslog_stream.failure_run = failure_run_new(h, ss("syslog"), ss("connection"), endpoint);
    deallocate_buffer(endpoint);
    syslog_stream.reason = text;
    syslog_stream.retry = r;
    return syslog_stream.failure_run != 0 &&
           logpipe_set_limits(p, 0xffffffff, BATCH_BYTES, FRAME_OVERHEAD, (u32)c->max_message, 0);
}

/* The connection is gone or never came (`how`): back off (briefly at shutdown). Lock held. */
static void failed(enum failure how)
{
    syslog_stream.link = LINK_STATE_IDLE;
    syslog_stream.out = 0;
    u64 wait = how == FAILURE_NOT_STARTED ? HURRY_RETRY_NO_ROUTE_MS : HURRY_RETRY_MS;
    timestamp delay = syslog_stream.retry != 0
                      ? logpipe_retry_delay(syslog_stream.retry)
                      : milliseconds(RETRY_CAP_MS);
    syslog_stream.next_try = kern_now(CLOCK_ID_MONOTONIC) +
                             (syslog_stream.hurry ? milliseconds(wait) : delay);
    if (how == FAILURE_LOST || !syslog_stream.connect_quiet) {
        syslog_stream.failed_count++;
        syslog_stream.failed_how = how;
    }
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
    boolean unavailable = c->protocol == PROTOCOL_TLS && !tls_connector_registered();
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    failed(unavailable ? FAILURE_UNAVAILABLE : FAILURE_NOT_STARTED);
    spin_unlock_irq(&syslog_stream.lock, flags);
}

/* One failure line's reason (the tls klib prints the details of a TLS failure itself). */
static void write_reason(buffer b, enum failure how, boolean tls)
{
    buffer_clear(b);
    if (how == FAILURE_NOT_STARTED)
        bprintf(b, "could not start a connection (no route yet, or out of memory)");
    else if (how == FAILURE_LOST)
        bprintf(b, "connection lost (reset, or the server stopped answering)");
    else if (tls)
        bprintf(b, "could not connect, or the TLS handshake failed (see the tls klib's line)");
    else
        bprintf(b, "could not connect (refused, unreachable or timed out)");
}

static u64 kind_of(enum failure how)
{
    if (how == FAILURE_LOST)
        return failure_kind(FAILURE_REASON_LOST);
    /* Not started and refused are different kinds of connect failure: each is printed once. */
    return failure_kind(FAILURE_REASON_CONNECT) | (how == FAILURE_NOT_STARTED ? 0x100 : 0);
}

/* The outcomes the callbacks noted, told by failures.ts's rule: the first failure of a kind in a
 * run printed, the others counted, and one line when a connection works again. Network path
 * only. */
static void report_failures(config c)
{
    failure_run run = syslog_stream.failure_run;
    buffer text = syslog_stream.reason;
    if (run == 0 || text == 0)
        return;
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    u32 count = syslog_stream.failed_count;
    enum failure how = syslog_stream.failed_how;
    boolean up = syslog_stream.came_up;
    boolean up_first = syslog_stream.came_up_first;
    syslog_stream.failed_count = 0;
    syslog_stream.came_up = false;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (up && up_first)
        failure_recovered(run);
    if (how == FAILURE_UNAVAILABLE)
        return;
    if (count > 0)
        write_reason(text, how, c->protocol == PROTOCOL_TLS);
    for (u32 i = 0; i < count; i++)
        failure_noted(run, kind_of(how), text);
    if (up && !up_first)
        failure_recovered(run);
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

/* Frames the pipe's next batch into one buffer and hands it to the connection. Returns the bytes
 * handed over: 0 when there was nothing to send, or the connection could not take it (the batch
 * stays in flight: the next try sends the same lines). */
static bytes send_batch(log_pipe p, config c, buffer host, buffer scratch)
{
    if (live_output() == 0 || logpipe_take_batch(p) == 0)
        return 0;
    buffer b = allocate_buffer(syslog_stream.heap, BATCH_BYTES + c->max_message + 512);
    if (b == INVALID_ADDRESS)
        return 0;
    for (log_event e = logpipe_first_event(p); e != 0; e = logpipe_next_event(p)) {
        buffer_clear(scratch);
        write_message(scratch, c, host, e->data, e->length, e->stamp, e->loss);
        write_decimal(b, buffer_length(scratch), 1, '0');
        buffer_write_byte(b, ' ');
        push_buffer(b, scratch);
    }
    bytes n = buffer_length(b);
    /* Looked at again (under sendLock): the connection may have gone while the batch was built. */
    if (!hand_over(b))
        return 0;
    logpipe_release(p);
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

/* Connects when due, or hands the pipe's lines to the connection: up to HANDOVER_PER_FLUSH bytes,
 * or with `everything` (at shutdown) all of them. True when bytes were handed to the connection. */
boolean stream_flush(log_pipe p, config c, buffer host, buffer scratch, boolean everything)
{
    report_failures(c);
    /* A connection waits for a lookup under way: the address may be about to change. */
    boolean answer_due = resolve_in_flight();
    boolean quiet = !network_has_address();
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    boolean connect_now = syslog_stream.link == LINK_STATE_IDLE && !answer_due &&
                          kern_now(CLOCK_ID_MONOTONIC) >= syslog_stream.next_try;
    if (connect_now) {
        syslog_stream.link = LINK_STATE_CONNECTING;
        syslog_stream.connect_quiet = quiet;
    }
    boolean up = syslog_stream.link == LINK_STATE_CONNECTED;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (connect_now) {
        connect(c);
        return false;
    }
    if (!up)
        return false;
    bytes handed = 0;
    for (;;) {
        bytes n = send_batch(p, c, host, scratch);
        handed += n;
        /* Until the pipe is empty, a batch could not go (it stays for the next flush), or this
         * flush has handed over its share. */
        if (n == 0 || (!everything && handed >= HANDOVER_PER_FLUSH))
            break;
    }
    return handed > 0;
}
