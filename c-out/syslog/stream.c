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
 * 1. Every field of the record below `lock` is read and changed only with `lock` held, and the
 *    lock is held only for that: a few loads and stores (and the retry policy's delay, which draws
 *    a random
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

static void failed(stream_transport t, enum stream_failure how);
static input_buffer_handler connected(stream_transport t, buffer_handler o);

closure_function(1, 1, boolean, stream_new_on_input,
                 stream_transport, t,
                 buffer b)
{
    if (b != 0)
        return false; /* a syslog server has nothing to say */
    /* Teardown: the server reset the connection, or lwIP gave up on it. direct frees the
     * connection when this returns: a send under way on another CPU finishes first (rule 5). */
    spin_lock(&bound(t)->send_lock);
    u64 flags = spin_lock_irq(&bound(t)->lock);
    failed(bound(t), STREAM_FAILURE_LOST); /* reconnect after a fresh lookup */
    spin_unlock_irq(&bound(t)->lock, flags);
    spin_unlock(&bound(t)->send_lock);
    return false;
}

closure_function(1, 1, input_buffer_handler, stream_new_on_connected,
                 stream_transport, t,
                 buffer_handler o)
{
    return connected(bound(t), o);
}

/* Prepares the transport for `c` on pipe `p` (its batch limits: frames for one out(b)), looking
 * the server up through `r`; null when memory is short. */
stream_transport stream_new(heap h, config c, log_pipe p, resolver r)
{
    stream_transport t = allocate(h, sizeof(struct stream_transport));
    logpipe_retry retry = logpipe_retry_create(h, milliseconds(RETRY_BASE_MS),
                                               milliseconds(RETRY_CAP_MS));
    buffer endpoint = allocate_buffer(h, 64);
    buffer text = allocate_buffer(h, 128);
    if (t == INVALID_ADDRESS || retry == 0 || endpoint == INVALID_ADDRESS ||
        text == INVALID_ADDRESS || c->server == 0) {
        return 0;
    }
    t->h = h;
    t->resolver = r;
    t->protocol_name = c->protocol == PROTOCOL_TLS ? ss("tls") : ss("tcp");
    t->tls = 0;
    if (c->protocol == PROTOCOL_TLS) {
        t->tls = tls_request_new(h, c);
        if (t->tls == 0)
            return 0;
    }
    bprintf(endpoint, "%b:%lu (%s)", c->server, c->port, t->protocol_name);
    failure_run run = failure_run_new(h, ss("syslog"), ss("connection"), endpoint);
    deallocate_buffer(endpoint);
    if (run == 0)
        return 0;
    t->failure_run = run;
    t->reason = text;
    spin_lock_init(&t->send_lock);
    spin_lock_init(&t->lock);
    t->link = LINK_STATE_IDLE;
    t->out = 0;
    t->retry = retry;
    t->next_try = 0;
    t->hurry = false;
    t->failed_count = 0;
    t->failed_how = STREAM_FAILURE_NONE;
    t->came_up = false;
    t->came_up_first = false;
    t->connect_quiet = false;
    t->on_input = closure(h, stream_new_on_input, t);
    t->on_connected = closure(h, stream_new_on_connected, t);
    if (t->on_input == INVALID_ADDRESS || t->on_connected == INVALID_ADDRESS)
        return 0;
    return logpipe_set_limits(p, 0xffffffff, BATCH_BYTES, FRAME_OVERHEAD, (u32)c->max_message, 0)
           ? t
           : 0;
}

/* The connection is gone or never came (`how`): back off (briefly at shutdown). Lock held. */
static void failed(stream_transport t, enum stream_failure how)
{
    t->link = LINK_STATE_IDLE;
    t->out = 0;
    u64 wait = how == STREAM_FAILURE_NOT_STARTED ? HURRY_RETRY_NO_ROUTE_MS : HURRY_RETRY_MS;
    timestamp delay = logpipe_retry_delay(t->retry);
    t->next_try = kern_now(CLOCK_ID_MONOTONIC) + (t->hurry ? milliseconds(wait) : delay);
    if (how == STREAM_FAILURE_LOST || !t->connect_quiet) {
        t->failed_count++;
        t->failed_how = how;
    }
    /* resolve.ts's lock inside ours: it takes no other lock and never calls out */
    resolve_stale(t->resolver);
}

/* The connection handler (the record's onConnected): the connection came up (o), or did not
 * (null). */
static input_buffer_handler connected(stream_transport t, buffer_handler o)
{
    u64 flags = spin_lock_irq(&t->lock);
    if (o == 0) {
        failed(t, STREAM_FAILURE_REFUSED);
        spin_unlock_irq(&t->lock, flags);
        return INVALID_ADDRESS;
    }
    t->link = LINK_STATE_CONNECTED;
    t->out = o;
    logpipe_retry_reset(t->retry);
    if (!t->came_up)
        t->came_up_first = t->failed_count == 0;
    t->came_up = true;
    spin_unlock_irq(&t->lock, flags);
    return t->on_input;
}

/* Starts a connection to `target`; true when onConnected will be called. Lock not held. */
static boolean start_connection(stream_transport t, config c)
{
    tls_request tls = t->tls;
    if (tls != 0)
        return tls_connect_start(tls, &t->target, t->on_connected);
    status s = direct_connect(t->h, &t->target, (u16)c->port, t->on_connected);
    if (is_ok(s))
        return true;
    timm_dealloc(s);
    return false;
}

/* The caller has made link Connecting (under the lock), so no other connect can start meanwhile. */
static void connect(stream_transport t, config c)
{
    resolve_copy_address(t->resolver, &t->target);
    if (start_connection(t, c))
        return;
    /* onConnected will not be called, so the Connecting state is still ours to end. */
    boolean unavailable = c->protocol == PROTOCOL_TLS && !tls_connector_registered();
    u64 flags = spin_lock_irq(&t->lock);
    failed(t, unavailable ? STREAM_FAILURE_UNAVAILABLE : STREAM_FAILURE_NOT_STARTED);
    spin_unlock_irq(&t->lock, flags);
}

/* One failure line's reason (the tls klib prints the details of a TLS failure itself). */
static void write_reason(buffer b, enum stream_failure how, boolean tls)
{
    buffer_clear(b);
    if (how == STREAM_FAILURE_NOT_STARTED)
        bprintf(b, "could not start a connection (no route yet, or out of memory)");
    else if (how == STREAM_FAILURE_LOST)
        bprintf(b, "connection lost (reset, or the server stopped answering)");
    else if (tls)
        bprintf(b, "could not connect, or the TLS handshake failed (see the tls klib's line)");
    else
        bprintf(b, "could not connect (refused, unreachable or timed out)");
}

static u64 kind_of(enum stream_failure how)
{
    if (how == STREAM_FAILURE_LOST)
        return failure_kind(FAILURE_REASON_LOST);
    /* Not started and refused are different kinds of connect failure: each is printed once. */
    return failure_kind(FAILURE_REASON_CONNECT) | (how == STREAM_FAILURE_NOT_STARTED ? 0x100 : 0);
}

/* The outcomes the callbacks noted, told by failures.ts's rule: the first failure of a kind in a
 * run printed, the others counted, and one line when a connection works again. Network path
 * only. */
static void report_failures(stream_transport t, config c)
{
    failure_run run = t->failure_run;
    buffer text = t->reason;
    u64 flags = spin_lock_irq(&t->lock);
    u32 count = t->failed_count;
    enum stream_failure how = t->failed_how;
    boolean up = t->came_up;
    boolean up_first = t->came_up_first;
    t->failed_count = 0;
    t->came_up = false;
    spin_unlock_irq(&t->lock, flags);
    if (up && up_first)
        failure_recovered(run);
    if (how == STREAM_FAILURE_UNAVAILABLE)
        return;
    if (count > 0)
        write_reason(text, how, c->protocol == PROTOCOL_TLS);
    for (u32 i = 0; i < count; i++)
        failure_noted(run, kind_of(how), text);
    if (up && !up_first)
        failure_recovered(run);
}

/* The connection's output while data may be sent on it, else null. */
static buffer_handler live_output(stream_transport t)
{
    u64 flags = spin_lock_irq(&t->lock);
    buffer_handler o = t->link == LINK_STATE_CONNECTED ? t->out : 0;
    spin_unlock_irq(&t->lock, flags);
    return o;
}

/* Hands b to the connection if it is still live (b is taken either way); false when it was not
 * sent. Under sendLock (rule 5). */
static boolean hand_over(stream_transport t, buffer b)
{
    spin_lock(&t->send_lock);
    buffer_handler o = live_output(t);
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
    spin_unlock(&t->send_lock);
    return sent;
}

/* Frames the pipe's next batch into one buffer and hands it to the connection. Returns the bytes
 * handed over: 0 when there was nothing to send, or the connection could not take it (the batch
 * stays in flight: the next try sends the same lines). */
static bytes send_batch(stream_transport t, log_pipe p, config c, buffer host, buffer scratch)
{
    if (live_output(t) == 0 || logpipe_take_batch(p) == 0)
        return 0;
    buffer b = allocate_buffer(t->h, BATCH_BYTES + c->max_message + 512);
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
    if (!hand_over(t, b))
        return 0;
    logpipe_release(p);
    return n;
}

/* At shutdown: the next connect is tried at once, and a failed one soon after. */
void stream_hurry(stream_transport t)
{
    u64 flags = spin_lock_irq(&t->lock);
    t->hurry = true;
    t->next_try = 0;
    spin_unlock_irq(&t->lock, flags);
}

/* Connects when due, or hands the pipe's lines to the connection: up to HANDOVER_PER_FLUSH bytes,
 * or with `everything` (at shutdown) all of them. True when bytes were handed to the connection. */
boolean stream_flush(stream_transport t, log_pipe p, config c, buffer host, buffer scratch,
                     boolean everything)
{
    report_failures(t, c);
    /* A connection waits for a lookup under way: the address may be about to change. */
    boolean answer_due = resolve_in_flight(t->resolver);
    boolean quiet = !network_has_address();
    u64 flags = spin_lock_irq(&t->lock);
    boolean connect_now = t->link == LINK_STATE_IDLE && !answer_due &&
                          kern_now(CLOCK_ID_MONOTONIC) >= t->next_try;
    if (connect_now) {
        t->link = LINK_STATE_CONNECTING;
        t->connect_quiet = quiet;
    }
    boolean up = t->link == LINK_STATE_CONNECTED;
    spin_unlock_irq(&t->lock, flags);
    if (connect_now) {
        connect(t, c);
        return false;
    }
    if (!up)
        return false;
    bytes handed = 0;
    for (;;) {
        bytes n = send_batch(t, p, c, host, scratch);
        handed += n;
        /* Until the pipe is empty, a batch could not go (it stays for the next flush), or this
         * flush has handed over its share. */
        if (n == 0 || (!everything && handed >= HANDOVER_PER_FLUSH))
            break;
    }
    return handed > 0;
}
