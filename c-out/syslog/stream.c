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
 * One connection at a time; a failed connect backs off, a connection that goes away is replaced
 * after a fresh lookup of the server, and a connection to an address that a later lookup replaced
 * is closed (after what it was given) and made again to the new address. Records leave the ring
 * only when handed to a live connection, so lines written while the server is away wait in the
 * ring (bounded; the ring counts what it cannot keep).
 *
 * Locking. On SMP the flush timer, the shutdown completion, the shutdown deadline timer and the
 * connection callbacks (onConnected, onInput: direct's receive service, lwIP's context, or the tls
 * klib) can run on different CPUs at the same time. So:
 * 1. Every module variable below `lock` is read and changed only with `lock` held, and the lock is
 *    held only for that: a few loads and stores, no call that can come back into this file, and
 *    no other lock taken inside it but resolve.ts's (which takes none and calls nothing);
 *    network.ts's guard and `sendLock` may be held around it.
 * 2. `lock` is never held while calling out: the connection's output out(b) and out(0),
 *    direct_connect or the TLS connector, the shutdown completion, register_timer. Those can call
 *    back into this file before they return (out(0) tears the connection down and applies
 *    onInput(0) inside; the tls klib may do the same inside out(b); a connect may fail at once),
 *    and a spinlock taken twice on one CPU never comes free.
 * 3. So every path decides under the lock, claims what it is about to do in the state (link
 *    becomes Connecting before a connect starts and Closing before out(0); the shutdown completion
 *    is taken out of `closing` before it is applied, so it is applied once), copies what it needs
 *    into locals, drops the lock, calls out, and takes the lock again to look at the state afresh:
 *    the connection may have gone meanwhile.
 * 4. Framing the ring's records happens without the lock: the ring has its own, and its network
 *    reader (the flush and the shutdown path) runs one at a time under network.ts's guard. That
 *    guard also makes every out(b) and out(0) of ours come from one CPU at a time, in order.
 * 5. `sendLock` is held across each out(b), and onInput(0) takes it before anything else. direct
 *    (src/net/direct.c) frees the connection, with nothing to hold it by, as soon as onInput(0)
 *    returns, and its teardown takes no lock that its send path takes; the tls klib's session
 *    (klib-src/tls/session.ts) is likewise freed once onInput(0) was applied. So a send on another
 *    CPU must be over before onInput(0) returns, and a send that starts later must see `link` no
 *    longer Connected (it looks under sendLock). Neither direct's out(b) nor the tls session's
 *    ever applies onInput itself (direct's only inside out(0), and out(0) comes after every
 *    out(b), rule 4; the tls session hands what it has to tell during a write to another context,
 *    its rule 6), so sendLock is never taken twice on a CPU; out(0) is called without it, since
 *    both may apply onInput(0) inside out(0).
 * What no lock here can cover (the kernel interface gives nothing to order against):
 * a. our out(0) racing the server's reset on another CPU: direct may run its teardown twice
 *    (inside out(0), and in its receive service). out(0) is only used at shutdown and when the
 *    server's address changed (a move).
 * b. out(0) between onConnected returning on one CPU and direct storing the input handler it
 *    returned (the next few instructions of direct's receive service): direct would free the
 *    connection without applying onInput(0) and then store into freed memory. So we close a
 *    connection only once a flush has seen it connected and a later flush comes (`settled`): at
 *    least one flush interval (200 ms) after onConnected returned. Only a CPU stalled that long
 *    inside those instructions (a preempted vCPU) still meets the window.
 * c. with TLS, item a is the tls session's (its header, item a): our out(0) racing an end from the
 *    server (a reset or its close_notify) on another CPU may reach the session after it told
 *    onInput(0) and was freed, and beneath it direct's own out(0) may race the reset as in item a.
 *    Item b does not arise with TLS: an out(0) while the session is still storing what onConnected
 *    returned finds the session's runner busy and is only recorded (`settled` waits all the
 *    same). */

#define BATCH_BYTES (64 * 1024)

/* How long shutdown waits for the server before giving up on what is left. */
#define SHUTDOWN_WAIT_SECONDS 5

/* Closing: out(0) has been applied (or is being applied); nothing more is sent, onInput(0) is
 * due. */
enum link_state {
    LINK_STATE_IDLE,
    LINK_STATE_CONNECTING,
    LINK_STATE_CONNECTED,
    LINK_STATE_CLOSING,
};

static struct syslog_stream {
    /* Set at init, then only read. */
    heap heap;
    /* Used by the network path only (one at a time, under network.ts's guard). */
    struct timer deadline;
    struct ip_addr target;
    /* Held across out(b) to direct (rule 5). */
    struct spinlock send_lock;
    struct spinlock lock;
    enum link_state link;
    buffer_handler out;
    /* The generation (resolve.ts) of the address the connection was made to. */
    u32 link_generation;
    /* The connection is being closed because the server's address changed: reconnect at once. */
    boolean moving;
    u32 failures;
    timestamp next_try;
    /* The shutdown completion waiting for the connection to close after the last data. */
    status_handler closing;
    boolean close_after_sending;
    /* A flush has seen the connection up: the next one may close it (window b above). */
    boolean settled;
    struct config *shutdown_config;
    buffer shutdown_host;
    buffer shutdown_scratch;
    closure_struct(input_buffer_handler, on_input);
    closure_struct(connection_handler, on_connected);
    closure_struct(timer_handler, on_shutdown_deadline);
} syslog_stream = {
    .link = LINK_STATE_IDLE,
};

static void failed(void);
static status_handler take_shutdown(void);
static void finish_shutdown(status_handler done);
static void send_all_and_close(void);

closure_func_basic(input_buffer_handler, boolean, on_input,
                   buffer b)
{
    if (b != 0)
        return false; /* a syslog server has nothing to say */
    /* Teardown: the server went away, or we closed (then we may be inside our own out(0), which
     * is why that call is made without either lock). direct frees the connection when this
     * returns: a send under way on another CPU finishes first (rule 5). */
    spin_lock(&syslog_stream.send_lock);
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    status_handler done = 0;
    if (syslog_stream.moving) {
        /* Closed by us for a new address: connect again at once (a shutdown that began meanwhile
         * goes on with the new connection, see onConnected). */
        syslog_stream.link = LINK_STATE_IDLE;
        syslog_stream.out = 0;
        syslog_stream.moving = false;
        syslog_stream.next_try = 0;
    } else {
        /* Reconnect after a fresh lookup. */
        failed();
        done = take_shutdown();
    }
    spin_unlock_irq(&syslog_stream.lock, flags);
    spin_unlock(&syslog_stream.send_lock);
    finish_shutdown(done);
    return false;
}

closure_func_basic(connection_handler, input_buffer_handler, on_connected,
                   buffer_handler o)
{
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    if (o == 0) {
        failed();
        status_handler done = take_shutdown();
        spin_unlock_irq(&syslog_stream.lock, flags);
        finish_shutdown(done);
        return INVALID_ADDRESS;
    }
    syslog_stream.link = LINK_STATE_CONNECTED;
    syslog_stream.out = o;
    syslog_stream.failures = 0;
    syslog_stream.settled = false;
    /* Shutdown started while connecting: a flush sends everything and closes (not here: the
     * connection is not usable until this returns, nor closable until it has settled). */
    if (syslog_stream.closing != 0)
        syslog_stream.close_after_sending = true;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return init_closure_func(&syslog_stream.on_input, input_buffer_handler, on_input);
}

closure_func_basic(timer_handler, void, on_shutdown_deadline,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    status_handler done = take_shutdown();
    spin_unlock_irq(&syslog_stream.lock, flags);
    finish_shutdown(done);
}

void stream_init(heap h, config c __attribute__((unused)))
{
    syslog_stream.heap = h;
}

/* The connection is gone or never came: back off. Lock held. */
static void failed(void)
{
    syslog_stream.link = LINK_STATE_IDLE;
    syslog_stream.out = 0;
    syslog_stream.moving = false;
    syslog_stream.next_try = kern_now(CLOCK_ID_MONOTONIC) + backoff_delay(syslog_stream.failures);
    syslog_stream.failures++;
    resolve_stale(); /* resolve.ts's lock inside ours: it takes no other lock and never calls out */
}

/* Takes the shutdown completion, if one is due, so that only its taker applies it. Lock held. */
static status_handler take_shutdown(void)
{
    status_handler done = syslog_stream.closing;
    syslog_stream.closing = 0;
    return done;
}

/* Applies what takeShutdown took. Lock not held: the completion may lead anywhere. */
static void finish_shutdown(status_handler done)
{
    if (done != 0)
        apply(done, STATUS_OK);
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
    u32 generation = resolve_copy_address(&syslog_stream.target);
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    syslog_stream.link_generation = generation;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (start_connection(c))
        return;
    /* onConnected will not be called, so the Connecting state is still ours to end. */
    flags = spin_lock_irq(&syslog_stream.lock);
    failed();
    status_handler done = take_shutdown();
    spin_unlock_irq(&syslog_stream.lock, flags);
    finish_shutdown(done);
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

/* Frames the ring's records into one buffer and hands it to the connection; false when there was
 * nothing to send (or the connection could not take it: the records stay for the next flush). */
static boolean send_batch(config c, buffer host, buffer scratch, bytes limit)
{
    if (live_output() == 0)
        return false;
    u64 end = ring_head();
    u64 pos = ring_tail(READER_NET);
    if (pos == end)
        return false;
    buffer b = allocate_buffer(syslog_stream.heap, limit + c->max_message + 512);
    if (b == INVALID_ADDRESS)
        return false;
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
    if (buffer_length(b) == 0) {
        deallocate_buffer(b);
        ring_release(READER_NET, pos);
        return true;
    }
    /* Looked at again (under sendLock): the connection may have gone while the batch was built. */
    if (!hand_over(b))
        return false;
    ring_release(READER_NET, pos);
    return true;
}

/* Closes the connection because the server's address changed; the next flush connects to the new
 * one. */
static void move(void)
{
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    if (o != 0) {
        syslog_stream.link = LINK_STATE_CLOSING;
        syslog_stream.moving = true;
    }
    spin_unlock_irq(&syslog_stream.lock, flags);
    /* direct closes after what it was given, and applies onInput(0) then (maybe inside this
     * call). */
    if (o != 0)
        apply(o, 0);
}

/* Connects when due, or sends what the ring holds. */
void stream_flush(config c, buffer host, buffer scratch)
{
    u32 generation = resolve_generation();
    /* A connection waits for a lookup under way: the address may be about to change. */
    boolean answer_due = resolve_in_flight();
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    boolean connect_now = syslog_stream.link == LINK_STATE_IDLE && !answer_due &&
                          kern_now(CLOCK_ID_MONOTONIC) >= syslog_stream.next_try;
    if (connect_now)
        syslog_stream.link = LINK_STATE_CONNECTING;
    boolean up = syslog_stream.link == LINK_STATE_CONNECTED;
    boolean closable = up && syslog_stream.settled;
    if (up)
        syslog_stream.settled = true;
    boolean close_now = closable && syslog_stream.close_after_sending;
    if (close_now)
        syslog_stream.close_after_sending = false;
    boolean move_now = closable && !close_now && syslog_stream.closing == 0 &&
                       generation != syslog_stream.link_generation;
    boolean send_now = up && !close_now && !move_now;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (connect_now)
        connect(c);
    else if (close_now)
        send_all_and_close();
    else if (move_now)
        move();
    else if (send_now)
        send_batch(c, host, scratch, BATCH_BYTES);
}

/* At shutdown: connects if need be (without waiting for the backoff), sends everything, closes,
 * and applies `done` once the connection is gone, or after SHUTDOWN_WAIT at the latest. */
void stream_shutdown(config c, buffer host, buffer scratch, status_handler done)
{
    if (host == 0 || !server_known()) {
        apply(done, STATUS_OK);
        return;
    }
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    syslog_stream.closing = done;
    syslog_stream.shutdown_config = c;
    syslog_stream.shutdown_host = host;
    syslog_stream.shutdown_scratch = scratch;
    boolean connect_now = syslog_stream.link == LINK_STATE_IDLE;
    if (connect_now)
        syslog_stream.link = LINK_STATE_CONNECTING;
    /* A connection not settled yet is closed by a later flush (window b above). */
    boolean send_now = syslog_stream.link == LINK_STATE_CONNECTED && syslog_stream.settled;
    if (syslog_stream.link == LINK_STATE_CONNECTED && !syslog_stream.settled)
        syslog_stream.close_after_sending = true;
    spin_unlock_irq(&syslog_stream.lock, flags);
    /* Armed before anything can apply `done`; once `done` is taken the deadline finds nothing. */
    register_timer(kernel_timers, &syslog_stream.deadline, CLOCK_ID_MONOTONIC,
                   seconds(SHUTDOWN_WAIT_SECONDS), false, 0,
                   init_closure_func(&syslog_stream.on_shutdown_deadline, timer_handler,
                                     on_shutdown_deadline));
    if (connect_now)
        connect(c);
    else if (send_now)
        send_all_and_close();
}

static void send_all_and_close(void)
{
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    config c = syslog_stream.shutdown_config;
    buffer host = syslog_stream.shutdown_host;
    buffer scratch = syslog_stream.shutdown_scratch;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (c == 0 || host == 0 || scratch == 0)
        return;
    while (send_batch(c, host, scratch, BATCH_BYTES)) {
    }
    flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    if (o != 0)
        syslog_stream.link = LINK_STATE_CLOSING;
    spin_unlock_irq(&syslog_stream.lock, flags);
    /* direct may tear down inside this call and apply onInput(0), which takes both locks: hence
     * neither is held here. */
    if (o != 0)
        apply(o, 0);
}
