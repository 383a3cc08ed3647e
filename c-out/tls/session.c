/* generated from klib-src/tls/session.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509.h>
#include "failure_memory.h"
#include "pem_cas.h"
#include "trust_store.h"
#include "session.h"

/* One TLS connection over `direct`: the handshake, then plaintext both ways, then the close.
 *
 * Life cycle. direct_connect() calls tcpConnected() with its output (or 0 when the connect failed);
 * the handshake runs as ciphertext arrives; when it succeeds the application's connection handler
 * gets our plaintext output (appWrite), and decrypted data goes to the input handler it returned.
 * Whatever ends the connection (the application's close, the server's close_notify, a fatal error,
 * a failed verification, the handshake timeout), we close TCP with out(0); direct then calls our
 * input handler with 0, the application hears of the end, and only then is the session freed.
 *
 * No alert is ever sent, close_notify included (sendCiphertext). mbedtls sends one only right
 * before the connection closes, and a record written right before direct's close halts the kernel:
 * direct closes the pcb and frees its connection but leaves lwIP's sent callback in place, so the
 * acknowledgement of that record runs direct_conn_sent with a null argument, which asserts
 * (src/net/direct.c:241; klibhost halts the same way). The server sees TCP's FIN instead of an
 * alert. What stays the application's to avoid is the same hazard with its own data: out(0) while
 * what it wrote may be unacknowledged (right after a write, or while the server is not reading).
 *
 * Concurrency: one runner at a time, events recorded by everyone else. On an SMP kernel direct's
 * input (its receive service, or lwIP's context), the application's writes and close (a timer or
 * console context of another klib) and the handshake timer can run on different CPUs at once, and
 * mbedtls's context must be used by one of them at a time. A lock held across our call-outs would
 * deadlock: direct calls our input handler with 0 from inside out(0), and the application writes
 * and closes from inside our calls to its handlers, on the same CPU. So:
 * 1. Every entry point (tcpConnected, tcpInput, appWrite, the timer) takes `lock` only to record
 *    its event in the session's shared fields (below `lock` in Session: ciphertext appended to rx,
 *    the application's buffer linked to the tx queue, a flag) and to claim the `running` role if
 *    nobody holds it. `lock` is held for a few loads and stores (and the append to rx), never
 *    across a call that can come back into this file.
 * 2. Only the runner uses mbedtls and the runner-only fields, and calls out: direct's output, the
 *    application's handlers, register/remove_timer. It runs passes (runPass) without the lock, each
 *    taking what was recorded, and gives up the role only under the lock when nothing new was
 *    recorded meanwhile (`pending`), so no event is left without a runner.
 * 3. A call that finds the role taken (a re-entrant one from inside our own call-out on this CPU,
 *    or one from another CPU) records and returns at once; it never waits, except tcpInput(0)
 *    below, and touches nothing of the session after its last lock section (appWrite's calls,
 *    which allocate between two, are counted in `appCalls` and so keep the session, rule 5).
 *    The application's writes are thus queued, in order, whenever the runner is busy (its own
 *    buffers, no copy; bounded, TX_QUEUE_MAX); the caller gets STATUS_OK as from the stock klib.
 * 4. direct frees its connection, our output with it, as soon as our input handler returns from
 *    its 0 call. So the runner claims `sending` (under the lock, after checking that teardown has
 *    not been recorded) for each out(b), and tcpInput(0) waits, lock released, until no out(b) is
 *    under way. It cannot be that out(b)'s own caller: direct applies the input handler's 0 only
 *    inside out(0) (a queued close reached), never inside out(b), and we call out(b) no more once
 *    out(0) has been called.
 * 5. The session is freed by the runner once direct's teardown was recorded, the application was
 *    told, and the timer's handler has had its one call (`timerPending`): nothing can then call in.
 *    If a call of the application's to appWrite is under way then (`appCalls`, on another CPU),
 *    the last one to return frees it instead.
 * 6. The application's input handler is never applied inside its own out(b), as with direct, so
 *    that an application can hold a lock of its own across out(b) and take it in its handler.
 *    A runner that is an application write (`mayTell` false) encrypts and sends, and may close,
 *    but leaves received ciphertext unread and the end untold (`deferred`). When it has left
 *    something it does not give the role up: it hands it to a zero-delay timer (`tellTimer`,
 *    registered last, after which the write touches the session only through `appCalls`), whose
 *    handler is then the runner and runs a full pass. Whatever is recorded meanwhile finds the
 *    role taken and waits for that pass, so nothing is lost or reordered and nobody waits for a
 *    wake-up that never comes. out(0) is not a write: it may tell, and may apply the 0 handler
 *    inside (as direct does), never data once the application has closed.
 * What no session state can cover (the kernel interface gives nothing to order against):
 * a. the application calling out once its input handler has been told of the end (a call that
 *    began before that is safe once it has taken `lock`, rule 5): an application that writes from
 *    another context orders its writes before its handling of the end by holding a lock of its
 *    own across each out(b) and taking it first in its handler's 0 call (rule 6 makes that safe),
 *    and never holding it across out(0), inside which the end may be reported; an out(0) racing
 *    an end from the other side is its own to avoid (as with direct);
 * b. direct running its teardown twice when our out(0) races a reset on another CPU, or freeing its
 *    connection under its receive service when our out(0), on another CPU, tears down while that
 *    service is inside our input handler (out(0) is made only when no teardown was recorded). */

/* The TLS record content type of alerts (RFC 5246, 6.2.1). */
#define CONTENT_TYPE_ALERT 21

/* Plaintext is handed to the application in pieces of at most this many bytes. */
#define PLAIN_CHUNK 16384

#define ERROR_TEXT_MAX 120

/* Ciphertext received while the runner is busy elsewhere waits in rx up to this many bytes; more
 * closes the connection (a runner takes rx between its call-outs, or, if it is a write, hands it
 * to the tell timer's at once, rule 6: only a runner stuck in the application's handler or in one
 * huge write lets this much pile up). */
#define RX_QUEUE_MAX (4 * 1024 * 1024)

/* Plaintext the application wrote while the runner was busy (its own buffers, not copied) waits up
 * to this many bytes, each buffer counted with TX_ITEM_COST more for its bookkeeping; a write
 * beyond closes the connection rather than leaving a hole in the stream. */
#define TX_QUEUE_MAX (64 * 1024 * 1024)

#define TX_ITEM_COST 64

enum phase {
    PHASE_CONNECTING,
    PHASE_HANDSHAKING,
    PHASE_OPEN,
    PHASE_CLOSED,
};

/* One application buffer waiting for the runner. */
typedef struct tx_item {
    buffer b;
    struct tx_item *next;
} *tx_item;

typedef struct session {
    heap h;
    /* ---- the runner's: used only by the one that holds `running` (and before the start) ---- */
    struct mbedtls_ssl_context ssl;
    enum phase phase;
    /* direct's output while TCP is up */
    buffer_handler out;
    /* out(0) has been applied (or, inside the connection handler, is due) */
    boolean closing;
    boolean in_connect_handler;
    connection_handler app;
    boolean app_called;
    input_buffer_handler app_input;
    buffer_handler app_out;
    input_buffer_handler input;
    buffer plain;
    /* NUL-terminated: the host name, or the address as text, for messages */
    buffer name;
    u64 handshake_timeout;
    struct timer timer;
    /* registered and not removed by us */
    boolean timer_armed;
    /* the runner may apply the application's handlers: it is not an application write (rule 6) */
    boolean may_tell;
    /* a write's pass left received data or the end untold: the role goes to tellTimer (rule 6) */
    boolean deferred;
    struct timer tell_timer;
    timer_handler tell;
    /* ---- shared: read and changed only with `lock` held ---- */
    struct spinlock lock;
    boolean running;
    /* something was recorded since the runner last looked */
    boolean pending;
    /* ciphertext received and not yet taken by mbedtls */
    buffer rx;
    /* received data could not be kept: the connection must close */
    boolean rx_lost;
    struct tx_item *tx_head;
    struct tx_item *tx_tail;
    bytes tx_queued;
    /* a write could not be queued: nothing after it may be sent, the connection must close */
    boolean tx_lost;
    /* the application called out(0): later writes are dropped */
    boolean app_closed;
    /* direct has torn the connection down (its input handler got 0, or it refused/failed it) */
    boolean tcp_gone;
    /* the runner is inside out(b) (rule 4) */
    boolean sending;
    boolean timed_out;
    /* the timer handler has yet to have its one call (firing, or disabled by remove_timer) */
    boolean timer_pending;
    /* the application has been told of the end (set by the runner): only freeing is left */
    boolean ended;
    /* calls of the application's to appWrite under way */
    u32 app_calls;
} *session;

static s32 abandon(session s);
static void destroy(session s);
static void tell_fired(session s);
static boolean session_over(session s);
static void run_pass(session s);
static void end_session(session s);
static void close_tcp(session s);
static input_buffer_handler tcp_connected(session s, buffer_handler out);
static boolean tcp_input(session s, buffer b);
static s32 send_ciphertext(void *ctx, const u8 *buf, size_t len);
static s32 receive_ciphertext(void *ctx, unsigned char *buf, size_t len);
static void advance(session s);
static void handshake_done(session s);
static void read_plaintext(session s);
static boolean app_has_closed(session s);
static status app_write(session s, buffer b);
static void leave_app_call(session s);
static boolean record_write(session s, buffer b, tx_item item);
static void drop_write(session s, buffer b, tx_item item);
static void write_as_runner(session s, buffer b);
static void send_writes(session s, tx_item first);
static void drop_writes(session s, tx_item first);
static void encrypt(session s, buffer b);
static void arm_timer(session s);
static void disarm_timer(session s);
static void handshake_timer_fired(session s, u64 overruns);
static boolean is_new(session s, enum tls_failure kind, u32 detail);
static void report_handshake_failure(session s, s32 r);
static sstring verify_problem(u32 flags);
static void report_error(session s, sstring what, s32 r);

closure_function(1, 1, status, tls_start_session_app_out,
                 session, s,
                 buffer b)
{
    return app_write(bound(s), b);
}

closure_function(1, 1, boolean, tls_start_session_input,
                 session, s,
                 buffer b)
{
    return tcp_input(bound(s), b);
}

closure_function(1, 2, void, tls_start_session_tell,
                 session, s,
                 u64 expiry, u64 overruns)
{
    tell_fired(bound(s));
}

closure_function(1, 1, input_buffer_handler, tls_start_session_connected,
                 session, s,
                 buffer_handler out)
{
    input_buffer_handler result = tcp_connected(bound(s), out);
    closure_finish();
    return result;
}

/* Starts a TLS connection to addr:port verified by trust; with a host name (not empty) it is sent
 * as SNI and the certificate must be for it. Returns 0 when the TCP connect started; then ch is
 * called once: with our plaintext output after a good handshake, or with 0 when the connection or
 * the handshake failed. A negative result means nothing started and ch will not be called. */
s32 tls_start_session(heap h, tls_trust trusted, sstring host, ip_addr_t *addr, u16 port,
                      connection_handler ch, u64 handshake_timeout)
{
    if (!tls_host_name_fits(host))
        return -1;
    bytes host_length = (host).len;
    session s = allocate(h, sizeof(struct session));
    if (s == INVALID_ADDRESS)
        return -1;
    s->h = h;
    s->phase = PHASE_CONNECTING;
    s->out = 0;
    s->closing = false;
    s->in_connect_handler = false;
    s->ended = false;
    s->app_calls = 0;
    spin_lock_init(&s->lock);
    s->running = false;
    s->pending = false;
    s->rx_lost = false;
    s->tx_head = 0;
    s->tx_tail = 0;
    s->tx_queued = 0;
    s->tx_lost = false;
    s->app_closed = false;
    s->tcp_gone = false;
    s->sending = false;
    s->timed_out = false;
    s->timer_pending = false;
    s->app = ch;
    s->app_called = false;
    s->app_input = 0;
    s->app_out = 0;
    s->input = 0;
    s->handshake_timeout = handshake_timeout;
    s->timer_armed = false;
    init_timer(&s->timer);
    s->may_tell = true;
    s->deferred = false;
    init_timer(&s->tell_timer);
    s->tell = 0;
    mbedtls_ssl_init(&s->ssl);
    s->rx = allocate_buffer(h, 4096);
    s->plain = allocate_buffer(h, PLAIN_CHUNK);
    s->name = allocate_buffer(h, HOST_NAME_BYTES + 2);
    if (s->rx == INVALID_ADDRESS || s->plain == INVALID_ADDRESS || s->name == INVALID_ADDRESS) {
        return abandon(s);
    }
    if (host_length > 0) {
        buffer_write(s->name, (u8 *)(const u8 *)(host).ptr, host_length);
    } else {
        ipaddr_ntoa_r(addr, (char *)((u8 *)buffer_ref(s->name, 0)), (s32)(HOST_NAME_BYTES + 1));
    }
    ((u8 *)buffer_ref(s->name, 0))[host_length > 0 ? host_length : HOST_NAME_BYTES + 1] = 0;
    if (mbedtls_ssl_setup(&s->ssl, &trusted->conf) != 0)
        return abandon(s);
    if (host_length > 0 &&
        mbedtls_ssl_set_hostname(&s->ssl, (const char *)(u8 *)buffer_ref(s->name, 0)) != 0)
        return abandon(s);
    mbedtls_ssl_set_bio(&s->ssl, s, send_ciphertext, receive_ciphertext, 0);
    s->app_out = closure(h, tls_start_session_app_out, s);
    s->input = closure(h, tls_start_session_input, s);
    s->tell = closure(h, tls_start_session_tell, s);
    if (s->app_out == INVALID_ADDRESS || s->input == INVALID_ADDRESS || s->tell == INVALID_ADDRESS)
        return abandon(s);
    connection_handler connected = closure(h, tls_start_session_connected, s);
    if (connected == INVALID_ADDRESS)
        return abandon(s);
    status started = direct_connect(h, addr, port, connected);
    if (!is_ok(started)) {
        timm_dealloc(started);
        deallocate_closure(connected);
        return abandon(s);
    }
    return 0;
}

/* False, with a console line, for a host name longer than DNS allows. */
boolean tls_host_name_fits(sstring host)
{
    bytes host_length = (host).len;
    if (host_length <= HOST_NAME_BYTES)
        return true;
    rprintf("tls: host name too long (%lu bytes)\n", host_length);
    return false;
}

/* Undoes a start that failed before anything was under way: ch is not called. */
static s32 abandon(session s)
{
    if (s->app_out == INVALID_ADDRESS)
        s->app_out = 0;
    if (s->input == INVALID_ADDRESS)
        s->input = 0;
    if (s->tell == INVALID_ADDRESS)
        s->tell = 0;
    destroy(s);
    return -1;
}

static void destroy(session s)
{
    mbedtls_ssl_free(&s->ssl);
    drop_writes(s, s->tx_head);
    if (s->rx != INVALID_ADDRESS)
        deallocate_buffer(s->rx);
    if (s->plain != INVALID_ADDRESS)
        deallocate_buffer(s->plain);
    if (s->name != INVALID_ADDRESS)
        deallocate_buffer(s->name);
    if (s->app_out != 0)
        deallocate_closure(s->app_out);
    if (s->input != 0)
        deallocate_closure(s->input);
    if (s->tell != 0)
        deallocate_closure(s->tell);
    deallocate(s->h, s, sizeof(struct session));
}

static sstring name_of(session s)
{
    return sstring_from_cstring((const char *)((u8 *)buffer_ref(s->name, 0)), HOST_NAME_BYTES + 1);
}

/* ---- the runner (rules 1, 2, 5 at the top) ---- */
/* Claims the runner role if it is free; mayTell is false for an application write (rule 6).
 * Lock held. */
static boolean claim_runner(session s, boolean may_tell)
{
    if (s->running)
        return false;
    s->running = true;
    s->may_tell = may_tell;
    return true;
}

/* Runs passes until nothing new was recorded, then gives up the role, hands it to tellTimer
 * (rule 6) or, once the session is over, frees it. Returns true when direct's teardown has been
 * recorded (so direct's connection is gone); s may be freed then, or, after a hand-off, at any time
 * by the timer's runner unless the caller is counted in appCalls. */
static boolean run_session(session s)
{
    while (true) {
        u64 flags = spin_lock_irq(&s->lock);
        if (s->pending) {
            s->pending = false;
            spin_unlock_irq(&s->lock, flags);
            run_pass(s);
            continue;
        }
        boolean gone = s->tcp_gone;
        /* Left untold by a write: the role stays taken, and passes to the timer's handler. */
        boolean hand_off = s->deferred && !s->may_tell;
        boolean finished = !hand_off && session_over(s);
        /* Once finished nothing can call in any more (rule 5): the role is kept to the end. */
        if (!finished && !hand_off)
            s->running = false;
        spin_unlock_irq(&s->lock, flags);
        if (hand_off) {
            s->deferred = false;
            /* The last touch of s: the handler may run (and free s) before this returns. */
            register_timer(kernel_timers, &s->tell_timer, CLOCK_ID_MONOTONIC, 0, false, 0, s->tell);
        } else if (finished) {
            destroy(s);
        }
        return gone;
    }
}

/* tellTimer's handler: the runner role was handed to it (rule 6), to tell what a write left. */
static void tell_fired(session s)
{
    s->may_tell = true;
    u64 flags = spin_lock_irq(&s->lock);
    s->pending = true;
    spin_unlock_irq(&s->lock, flags);
    run_session(s);
}

/* Nothing can call in any more (rule 5), and no call of the application's is under way. Lock
 * held. */
static boolean session_over(session s)
{
    return s->ended && !s->timer_pending && s->app_calls == 0;
}

/* One pass over what was recorded. Runner only; lock not held. */
static void run_pass(session s)
{
    u64 flags = spin_lock_irq(&s->lock);
    tx_item writes = s->tx_head;
    s->tx_head = 0;
    s->tx_tail = 0;
    s->tx_queued = 0;
    boolean gone = s->tcp_gone;
    boolean timed_out = s->timed_out;
    s->timed_out = false;
    boolean rx_lost = s->rx_lost;
    boolean tx_lost = s->tx_lost;
    boolean app_closed = s->app_closed;
    if (s->closing || gone)
        buffer_clear(s->rx);
    boolean received = buffer_length(s->rx) > 0;
    spin_unlock_irq(&s->lock, flags);
    if (gone) {
        drop_writes(s, writes);
        if (s->ended)
            return;
        /* Told by a runner that is not an application write (rule 6). */
        if (s->may_tell) {
            end_session(s);
        } else {
            s->deferred = true;
        }
        return;
    }
    if (timed_out && s->phase == PHASE_HANDSHAKING && !s->closing) {
        if (is_new(s, TLS_FAILURE_TIMED_OUT, 0))
            rprintf("tls: %s: handshake timed out after %lu s\n", name_of(s), s->handshake_timeout);
        close_tcp(s);
    }
    if (rx_lost && !s->closing) {
        rprintf("tls: %s: received data could not be kept (more than %lu bytes waiting, or out of "
                "memory)\n",
                name_of(s), RX_QUEUE_MAX);
        close_tcp(s);
    }
    /* What the application wrote before what it sees in this pass goes first, in order. */
    send_writes(s, writes);
    if (tx_lost && !s->closing) {
        /* A hole in the stream: closed rather than sending what follows the lost write. */
        rprintf("tls: %s: data written could not be queued (more than %lu bytes waiting, or out "
                "of memory)\n",
                name_of(s), TX_QUEUE_MAX);
        close_tcp(s);
    }
    if (app_closed && s->phase == PHASE_OPEN)
        close_tcp(s);
    /* Reading may hand plaintext to the application: not inside its out(b) (rule 6). */
    if (s->may_tell) {
        advance(s);
    } else if (received && !s->closing) {
        s->deferred = true;
    }
}

/* direct's teardown has been recorded: tell the application (only now: never while one of its
 * handlers is running, since we are the runner), and let the timer have its last call. */
static void end_session(session s)
{
    if (s->phase == PHASE_HANDSHAKING && !s->closing &&
        is_new(s, TLS_FAILURE_LOST_IN_HANDSHAKE, 0)) {
        rprintf("tls: %s: connection lost during the handshake\n", name_of(s));
    }
    u64 flags = spin_lock_irq(&s->lock);
    s->ended = true;
    spin_unlock_irq(&s->lock, flags);
    s->phase = PHASE_CLOSED;
    s->out = 0;
    disarm_timer(s);
    if (s->app_called) {
        input_buffer_handler app_input = s->app_input;
        s->app_input = 0;
        if (app_input != 0)
            apply(app_input, 0);
    } else {
        s->app_called = true;
        apply(s->app, 0);
    }
}

/* Records direct's teardown: nothing may use its output any more. Lock held. */
static void record_tcp_gone(session s)
{
    s->tcp_gone = true;
    s->pending = true;
}

/* Closes TCP (after what is queued). direct may tear down at once and call tcpInput(0) inside. */
static void close_tcp(session s)
{
    if (s->closing)
        return;
    s->closing = true;
    disarm_timer(s);
    /* Inside the connection handler, the refusal is our answer to direct instead of out(0). */
    if (s->in_connect_handler)
        return;
    buffer_handler out = s->out;
    if (out == 0)
        return;
    /* A teardown recorded meanwhile (a reset, on another CPU) has freed direct's connection. One
     * that comes during out(0) is either direct's own, inside the call, or a reset racing our
     * close, which direct cannot survive whatever we do (the header's last paragraph). */
    u64 flags = spin_lock_irq(&s->lock);
    boolean gone = s->tcp_gone;
    spin_unlock_irq(&s->lock, flags);
    if (!gone)
        apply(out, 0);
}

/* ---- TCP events ---- */
static input_buffer_handler tcp_connected(session s, buffer_handler out)
{
    /* direct calls this once, never from inside a call of ours, before anything else can call in
     * (the timer is armed below): the role is free. */
    u64 flags = spin_lock_irq(&s->lock);
    claim_runner(s, true);
    spin_unlock_irq(&s->lock, flags);
    if (out == 0) {
        if (is_new(s, TLS_FAILURE_CONNECT_FAILED, 0))
            rprintf("tls: %s: connection failed\n", name_of(s));
        flags = spin_lock_irq(&s->lock);
        record_tcp_gone(s);
        spin_unlock_irq(&s->lock, flags);
        run_session(s);
        return INVALID_ADDRESS;
    }
    s->out = out;
    s->phase = PHASE_HANDSHAKING;
    arm_timer(s);
    s->in_connect_handler = true;
    advance(s);
    s->in_connect_handler = false;
    input_buffer_handler input = s->input;
    if (s->closing) {
        /* Refused: direct closes without calling the input handler. */
        s->out = 0;
        flags = spin_lock_irq(&s->lock);
        record_tcp_gone(s);
        spin_unlock_irq(&s->lock, flags);
        input = INVALID_ADDRESS;
    }
    run_session(s);
    return input;
}

/* direct's input: ciphertext (valid during the call), or 0 once at teardown. Returns true when
 * direct's connection is gone (torn down inside this call): direct must not touch it again. */
static boolean tcp_input(session s, buffer b)
{
    u64 flags = spin_lock_irq(&s->lock);
    if (b == 0) {
        /* Rule 4: an out(b) under way on another CPU ends before direct frees its connection. */
        while (s->sending) {
            spin_unlock_irq(&s->lock, flags);
            flags = spin_lock_irq(&s->lock);
        }
        record_tcp_gone(s);
        boolean run = claim_runner(s, true);
        spin_unlock_irq(&s->lock, flags);
        if (run)
            run_session(s);
        return false;
    }
    if (!s->rx_lost) {
        bytes length = buffer_length(b);
        if (buffer_length(s->rx) + length > RX_QUEUE_MAX ||
            !buffer_write(s->rx, (u8 *)buffer_ref(b, 0), length))
            s->rx_lost = true;
    }
    s->pending = true;
    boolean run = claim_runner(s, true);
    boolean gone_already = s->tcp_gone;
    spin_unlock_irq(&s->lock, flags);
    if (!run)
        return gone_already;
    return run_session(s);
}

/* ---- mbedtls's transport (runner only) ---- */
/* Each record is copied into a buffer of its own that direct takes: nothing refers to mbedtls's
 * record buffer after this returns, however long the data waits in direct's queue. */
static s32 send_ciphertext(void *ctx, const u8 *buf, size_t len)
{
    session s = (session)ctx;
    buffer_handler out = s->out;
    if (out == 0 || s->closing)
        return MBEDTLS_ERR_SSL_CONN_EOF;
    /* An alert (a fatal one, or a warning such as no_renegotiation) is dropped as if sent (see the
     * top). mbedtls hands over one whole record a call: its first byte is the content type. */
    if (len > 0 && ((u8 *)buf)[0] == CONTENT_TYPE_ALERT)
        return (s32)len;
    buffer b = allocate_buffer(s->h, len);
    if (b == INVALID_ADDRESS)
        return MBEDTLS_ERR_SSL_CONN_EOF;
    buffer_write(b, (u8 *)buf, len);
    u64 flags = spin_lock_irq(&s->lock);
    boolean gone = s->tcp_gone;
    if (!gone)
        s->sending = true;
    spin_unlock_irq(&s->lock, flags);
    if (gone) {
        deallocate_buffer(b);
        return MBEDTLS_ERR_SSL_CONN_EOF;
    }
    status sent = apply(out, b);
    flags = spin_lock_irq(&s->lock);
    s->sending = false;
    spin_unlock_irq(&s->lock, flags);
    if (!is_ok(sent)) {
        timm_dealloc(sent);
        deallocate_buffer(b);
        return MBEDTLS_ERR_SSL_CONN_EOF;
    }
    return (s32)len;
}

static s32 receive_ciphertext(void *ctx, unsigned char *buf, size_t len)
{
    session s = (session)ctx;
    u64 flags = spin_lock_irq(&s->lock);
    bytes available = buffer_length(s->rx);
    bytes n = available < len ? available : len;
    if (n > 0) {
        runtime_memcpy(buf, (u8 *)buffer_ref(s->rx, 0), n);
        buffer_consume(s->rx, n);
    }
    spin_unlock_irq(&s->lock, flags);
    if (n == 0)
        return MBEDTLS_ERR_SSL_WANT_READ;
    return (s32)n;
}

/* ---- the protocol (runner only) ---- */
/* Moves the connection on with what has been received. */
static void advance(session s)
{
    if (s->closing)
        return;
    if (s->phase == PHASE_HANDSHAKING) {
        s32 r = mbedtls_ssl_handshake(&s->ssl);
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
            return;
        if (r != 0) {
            report_handshake_failure(s, r);
            close_tcp(s);
            return;
        }
        handshake_done(s);
    }
    if (s->phase == PHASE_OPEN)
        read_plaintext(s);
}

static void handshake_done(session s)
{
    s->phase = PHASE_OPEN;
    disarm_timer(s);
    tls_handshake_works((u8 *)buffer_ref(s->name, 0), HOST_NAME_BYTES + 1);
    s->app_called = true;
    input_buffer_handler app_input = apply(s->app, s->app_out);
    if (app_input == INVALID_ADDRESS) {
        /* The application refused the connection: never call what it returned. */
        s->app_input = 0;
        close_tcp(s);
        return;
    }
    s->app_input = app_input;
}

static void read_plaintext(session s)
{
    while (s->phase == PHASE_OPEN && !s->closing) {
        /* Once it has closed (its out(0) was recorded, maybe with us as its runner), the
         * application gets no more data: only the end. */
        if (app_has_closed(s))
            return;
        s32 r = mbedtls_ssl_read(&s->ssl, (u8 *)buffer_ref(s->plain, 0), PLAIN_CHUNK);
        if (r > 0) {
            input_buffer_handler app_input = s->app_input;
            if (app_input != 0 &&
                apply(app_input, alloca_wrap_buffer((u8 *)buffer_ref(s->plain, 0), (bytes)r)))
                return;
            continue;
        }
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
            return;
        if (r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || r == 0) {
            close_tcp(s);
            return;
        }
        report_error(s, ss("read failed"), r);
        close_tcp(s);
        return;
    }
}

static boolean app_has_closed(session s)
{
    u64 flags = spin_lock_irq(&s->lock);
    boolean closed = s->app_closed;
    spin_unlock_irq(&s->lock, flags);
    return closed;
}

/* ---- the application's output ---- */
/* The application's output: plaintext of any size, cut into records; 0 closes after what was
 * written before. The caller gets STATUS_OK and b is ours from here in every case, as with the
 * stock klib: data queued for the runner is sent in order (or, if the connection ends first,
 * dropped with the rest of it); the application hears of an end through its input handler only,
 * never inside out(b) (rule 6), possibly inside out(0). */
static status app_write(session s, buffer b)
{
    u64 flags = spin_lock_irq(&s->lock);
    s->app_calls++;
    boolean run = claim_runner(s, b == 0);
    spin_unlock_irq(&s->lock, flags);
    if (!run) {
        /* The runner is busy (on another CPU, or it is our caller): queue for it. */
        tx_item item = 0;
        if (b != 0) {
            tx_item made = allocate(s->h, sizeof(struct tx_item));
            if (made != INVALID_ADDRESS)
                item = made;
        }
        flags = spin_lock_irq(&s->lock);
        run = claim_runner(s, b == 0);
        boolean keep = false;
        if (!run) {
            keep = record_write(s, b, item);
            s->pending = true;
        }
        spin_unlock_irq(&s->lock, flags);
        if (!run) {
            if (!keep)
                drop_write(s, b, item);
            leave_app_call(s);
            return STATUS_OK;
        }
        /* The runner left meanwhile, with nothing queued (rule 2): write directly. */
        if (item != 0)
            deallocate(s->h, item, sizeof(struct tx_item));
    }
    write_as_runner(s, b);
    run_session(s);
    leave_app_call(s);
    return STATUS_OK;
}

/* A call of the application's ends. If the session ended meanwhile (on another CPU, while this
 * call was under way), the last such call frees it, so that a write racing the end is harmless. */
static void leave_app_call(session s)
{
    u64 flags = spin_lock_irq(&s->lock);
    s->app_calls--;
    boolean last = !s->running && session_over(s);
    if (last)
        s->running = true;
    spin_unlock_irq(&s->lock, flags);
    if (last)
        destroy(s);
}

/* Queues the application's write or close for the runner; false when b (and item) must be
 * dropped by the caller. Lock held. */
static boolean record_write(session s, buffer b, tx_item item)
{
    if (b == 0) {
        s->app_closed = true;
        return false;
    }
    if (s->app_closed || s->tx_lost)
        return false;
    u64 cost = buffer_length(b) + TX_ITEM_COST;
    if (item == 0 || s->tx_queued + cost > TX_QUEUE_MAX) {
        s->tx_lost = true;
        return false;
    }
    item->b = b;
    item->next = 0;
    if (s->tx_tail != 0) {
        s->tx_tail->next = item;
    } else {
        s->tx_head = item;
    }
    s->tx_tail = item;
    s->tx_queued += cost;
    return true;
}

static void drop_write(session s, buffer b, tx_item item)
{
    if (b != 0)
        deallocate_buffer(b);
    if (item != 0)
        deallocate(s->h, item, sizeof(struct tx_item));
}

/* The write (or close) of an application that got the runner role: nothing is queued before it. */
static void write_as_runner(session s, buffer b)
{
    u64 flags = spin_lock_irq(&s->lock);
    boolean closed_before = s->app_closed || s->tx_lost;
    if (b == 0)
        s->app_closed = true;
    s->pending = true;
    spin_unlock_irq(&s->lock, flags);
    if (b == 0)
        return; /* the pass that follows closes */
    if (closed_before) {
        deallocate_buffer(b);
        return;
    }
    encrypt(s, b);
}

/* Sends queued writes in order and frees them (and their buffers). */
static void send_writes(session s, tx_item first)
{
    tx_item item = first;
    while (item != 0) {
        tx_item next = item->next;
        encrypt(s, item->b);
        deallocate(s->h, item, sizeof(struct tx_item));
        item = next;
    }
}

static void drop_writes(session s, tx_item first)
{
    tx_item item = first;
    while (item != 0) {
        tx_item next = item->next;
        drop_write(s, item->b, item);
        item = next;
    }
}

/* Cuts b into records and sends them if the connection is open; frees b in every case. */
static void encrypt(session s, buffer b)
{
    if (s->phase == PHASE_OPEN && !s->closing) {
        bytes total = buffer_length(b);
        bytes done = 0;
        while (done < total && !s->closing) {
            u64 left = total - done;
            s32 r = mbedtls_ssl_write(&s->ssl, (const u8 *)(u8 *)buffer_ref(b, 0),
                                      (size_t)(left < MBEDTLS_SSL_OUT_CONTENT_LEN
                                               ? left
                                               : MBEDTLS_SSL_OUT_CONTENT_LEN));
            /* mbedtls reads from the start of what it is given: move past what it took */
            if (r > 0) {
                done += (bytes)r;
                buffer_consume(b, (bytes)r);
                continue;
            }
            report_error(s, ss("write failed"), r);
            close_tcp(s);
        }
    }
    deallocate_buffer(b);
}

closure_function(1, 2, void, arm_timer_fire,
                 session, s,
                 u64 expiry, u64 overruns)
{
    handshake_timer_fired(bound(s), overruns);
    closure_finish();
}

/* ---- the handshake timeout ---- */
/* Runner only. */
static void arm_timer(session s)
{
    if (s->handshake_timeout == 0)
        return;
    timer_handler fire = closure(s->h, arm_timer_fire, s);
    if (fire == INVALID_ADDRESS)
        return;
    s->timer_armed = true;
    u64 flags = spin_lock_irq(&s->lock);
    s->timer_pending = true;
    spin_unlock_irq(&s->lock, flags);
    register_timer(kernel_timers, &s->timer, CLOCK_ID_MONOTONIC, seconds(s->handshake_timeout),
                   false, 0, fire);
}

/* Runner only. remove_timer calls the handler with TIMER_DISABLED inside, unless it is firing
 * (then that call is its one call): either way timerPending tells when it is over. */
static void disarm_timer(session s)
{
    if (!s->timer_armed)
        return;
    s->timer_armed = false;
    remove_timer(kernel_timers, &s->timer, 0);
}

/* The one call of the timer's handler: on expiry (any CPU), or TIMER_DISABLED from remove_timer. */
static void handshake_timer_fired(session s, u64 overruns)
{
    u64 flags = spin_lock_irq(&s->lock);
    s->timer_pending = false;
    if (overruns != timer_disabled)
        s->timed_out = true;
    s->pending = true;
    boolean run = claim_runner(s, true);
    spin_unlock_irq(&s->lock, flags);
    if (run)
        run_session(s);
}

/* ---- messages ---- */
/* Whether a failure of `kind` (and `detail`: mbedtls's flags or error code) is the first of its
 * kind in the current run of failures to this server: only that one is printed
 * (failure_memory.ts). */
static boolean is_new(session s, enum tls_failure kind, u32 detail)
{
    return tls_failure_is_new((u8 *)buffer_ref(s->name, 0), HOST_NAME_BYTES + 1,
                              ((u64)kind << 32) | detail);
}

static void report_handshake_failure(session s, s32 r)
{
    if (r != MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        if (is_new(s, TLS_FAILURE_HANDSHAKE_FAILED, (u32)r))
            report_error(s, ss("handshake failed"), r);
        return;
    }
    u32 flags = mbedtls_ssl_get_verify_result(&s->ssl);
    if (!is_new(s, TLS_FAILURE_CERTIFICATE_REJECTED, flags))
        return;
    rprintf("tls: %s: certificate rejected: %s (flags %u)\n", name_of(s), verify_problem(flags),
            flags);
}

/* The first problem that explains a rejection, most fundamental first. */
static sstring verify_problem(u32 flags)
{
    if ((flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) != 0)
        return ss("not issued by a trusted CA (unknown CA, or self-signed)");
    if ((flags & MBEDTLS_X509_BADCERT_EXPIRED) != 0)
        return ss("expired");
    if ((flags & MBEDTLS_X509_BADCERT_FUTURE) != 0)
        return ss("not valid yet");
    if ((flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) != 0)
        return ss("issued for another host name");
    return ss("not acceptable");
}

static void report_error(session s, sstring what, s32 r)
{
    buffer text = allocate_buffer(s->h, ERROR_TEXT_MAX);
    if (text == INVALID_ADDRESS) {
        rprintf("tls: %s: %s (mbedtls error %d)\n", name_of(s), what, r);
        return;
    }
    mbedtls_strerror(r, (char *)(u8 *)buffer_ref(text, 0), ERROR_TEXT_MAX);
    rprintf("tls: %s: %s: %s\n", name_of(s), what,
            sstring_from_cstring((const char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX));
    deallocate_buffer(text);
}
