/* generated from klib-src/tls/session.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509.h>
#include "pem_cas.h"
#include "trust_store.h"
#include "session.h"

#define CONTENT_TYPE_ALERT 21
#define PLAIN_CHUNK 16384
#define ERROR_TEXT_MAX 120
#define RX_QUEUE_MAX (4 * 1024 * 1024)
#define TX_QUEUE_MAX (64 * 1024 * 1024)
#define TX_ITEM_COST 64

enum phase {
    PHASE_CONNECTING,
    PHASE_HANDSHAKING,
    PHASE_OPEN,
    PHASE_CLOSED,
};

typedef struct tx_item {
    buffer b;
    struct tx_item *next;
} *tx_item;

typedef struct session {
    heap h;
    struct mbedtls_ssl_context ssl;
    enum phase phase;
    buffer_handler out;
    boolean closing;
    boolean in_connect_handler;
    connection_handler app;
    boolean app_called;
    input_buffer_handler app_input;
    buffer_handler app_out;
    input_buffer_handler input;
    buffer plain;
    buffer name;
    u64 handshake_timeout;
    struct timer timer;
    boolean timer_armed;
    boolean may_tell;
    boolean deferred;
    struct timer tell_timer;
    timer_handler tell;
    struct spinlock lock;
    boolean running;
    boolean pending;
    buffer rx;
    boolean rx_lost;
    struct tx_item *tx_head;
    struct tx_item *tx_tail;
    bytes tx_queued;
    boolean tx_lost;
    boolean app_closed;
    boolean tcp_gone;
    boolean sending;
    boolean timed_out;
    boolean timer_pending;
    boolean ended;
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
static void report_handshake_failure(session s, s32 r);
static sstring verify_problem(u32 flags);
static void report_error(session s, sstring what, s32 r);

#line 234 "klib-src/tls/session.ts"
closure_function(1, 1, status, tls_start_session_app_out,
                 session, s,
                 buffer b)
{
#line 234 "klib-src/tls/session.ts"
    return app_write(bound(s), b);
}

#line 235 "klib-src/tls/session.ts"
closure_function(1, 1, boolean, tls_start_session_input,
                 session, s,
                 buffer b)
{
#line 235 "klib-src/tls/session.ts"
    return tcp_input(bound(s), b);
}

#line 236 "klib-src/tls/session.ts"
closure_function(1, 2, void, tls_start_session_tell,
                 session, s,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
    (void)overruns;
#line 236 "klib-src/tls/session.ts"
    tell_fired(bound(s));
}

#line 238 "klib-src/tls/session.ts"
closure_function(1, 1, input_buffer_handler, tls_start_session_connected,
                 session, s,
                 buffer_handler out)
{
#line 238 "klib-src/tls/session.ts"
    input_buffer_handler result = tcp_connected(bound(s), out);
    closure_finish();
    return result;
}

#line 180 "klib-src/tls/session.ts"
s32 tls_start_session(heap h, tls_trust trusted, sstring host, ip_addr_t *addr, u16 port,
                      connection_handler ch, u64 handshake_timeout)
{
#line 182 "klib-src/tls/session.ts"
    if (!tls_host_name_fits(host))
#line 182 "klib-src/tls/session.ts"
        return -1;
    bytes host_length = (host).len;
    session s = allocate(h, sizeof(struct session));
    if (s == INVALID_ADDRESS)
#line 185 "klib-src/tls/session.ts"
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
        buffer_write(s->name, (u8 *)((const u8 *)(host).ptr), host_length);
    } else {
        ipaddr_ntoa_r(addr, (char *)((u8 *)buffer_ref(s->name, 0)), (s32)(HOST_NAME_BYTES + 1));
    }
    ((u8 *)buffer_ref(s->name, 0))[host_length > 0 ? host_length : HOST_NAME_BYTES + 1] = 0;
    if (mbedtls_ssl_setup(&s->ssl, &trusted->conf) != 0)
#line 231 "klib-src/tls/session.ts"
        return abandon(s);
    if (host_length > 0 && mbedtls_ssl_set_hostname(&s->ssl, (const char *)((u8 *)buffer_ref(s->name, 0))) != 0)
#line 232 "klib-src/tls/session.ts"
        return abandon(s);
    mbedtls_ssl_set_bio(&s->ssl, s, send_ciphertext, receive_ciphertext, 0);
    s->app_out = closure(h, tls_start_session_app_out, s);
    s->input = closure(h, tls_start_session_input, s);
    s->tell = closure(h, tls_start_session_tell, s);
    if (s->app_out == INVALID_ADDRESS || s->input == INVALID_ADDRESS || s->tell == INVALID_ADDRESS)
#line 237 "klib-src/tls/session.ts"
        return abandon(s);
    connection_handler connected = closure(h, tls_start_session_connected, s);
    if (connected == INVALID_ADDRESS)
#line 239 "klib-src/tls/session.ts"
        return abandon(s);
    status started = direct_connect(h, addr, port, connected);
    if (!is_ok(started)) {
        timm_dealloc(started);
        deallocate_closure(connected);
        return abandon(s);
    }
    return 0;
}

#line 250 "klib-src/tls/session.ts"
boolean tls_host_name_fits(sstring host)
{
#line 251 "klib-src/tls/session.ts"
    bytes host_length = (host).len;
    if (host_length <= HOST_NAME_BYTES)
#line 252 "klib-src/tls/session.ts"
        return true;
    rprintf("tls: host name too long (%lu bytes)\n", host_length);
    return false;
}

#line 258 "klib-src/tls/session.ts"
static s32 abandon(session s)
{
#line 259 "klib-src/tls/session.ts"
    if (s->app_out == INVALID_ADDRESS)
#line 259 "klib-src/tls/session.ts"
        s->app_out = 0;
    if (s->input == INVALID_ADDRESS)
#line 260 "klib-src/tls/session.ts"
        s->input = 0;
    if (s->tell == INVALID_ADDRESS)
#line 261 "klib-src/tls/session.ts"
        s->tell = 0;
    destroy(s);
    return -1;
}

#line 266 "klib-src/tls/session.ts"
static void destroy(session s)
{
#line 267 "klib-src/tls/session.ts"
    mbedtls_ssl_free(&s->ssl);
    drop_writes(s, s->tx_head);
    if (s->rx != INVALID_ADDRESS)
#line 269 "klib-src/tls/session.ts"
        deallocate_buffer(s->rx);
    if (s->plain != INVALID_ADDRESS)
#line 270 "klib-src/tls/session.ts"
        deallocate_buffer(s->plain);
    if (s->name != INVALID_ADDRESS)
#line 271 "klib-src/tls/session.ts"
        deallocate_buffer(s->name);
    if (s->app_out != 0)
#line 272 "klib-src/tls/session.ts"
        deallocate_closure(s->app_out);
    if (s->input != 0)
#line 273 "klib-src/tls/session.ts"
        deallocate_closure(s->input);
    if (s->tell != 0)
#line 274 "klib-src/tls/session.ts"
        deallocate_closure(s->tell);
    deallocate(s->h, s, sizeof(struct session));
}

#line 278 "klib-src/tls/session.ts"
static sstring name_of(session s)
{
#line 279 "klib-src/tls/session.ts"
    return sstring_from_cstring((const char *)((u8 *)buffer_ref(s->name, 0)), HOST_NAME_BYTES + 1);
}

#line 286 "klib-src/tls/session.ts"
static boolean claim_runner(session s, boolean may_tell)
{
#line 287 "klib-src/tls/session.ts"
    if (s->running)
#line 287 "klib-src/tls/session.ts"
        return false;
    s->running = true;
    s->may_tell = may_tell;
    return true;
}

#line 297 "klib-src/tls/session.ts"
static boolean run_session(session s)
{
#line 298 "klib-src/tls/session.ts"
    while (true) {
        u64 flags = spin_lock_irq(&s->lock);
        if (s->pending) {
            s->pending = false;
            spin_unlock_irq(&s->lock, flags);
            run_pass(s);
            continue;
        }
        boolean gone = s->tcp_gone;
#line 308 "klib-src/tls/session.ts"
        boolean hand_off = s->deferred && !s->may_tell;
        boolean finished = !hand_off && session_over(s);
#line 311 "klib-src/tls/session.ts"
        if (!finished && !hand_off)
#line 311 "klib-src/tls/session.ts"
            s->running = false;
        spin_unlock_irq(&s->lock, flags);
        if (hand_off) {
            s->deferred = false;
#line 316 "klib-src/tls/session.ts"
            register_timer(kernel_timers, &s->tell_timer, CLOCK_ID_MONOTONIC, 0, false, 0, s->tell);
        } else if (finished) {
            destroy(s);
        }
        return gone;
    }
}

#line 325 "klib-src/tls/session.ts"
static void tell_fired(session s)
{
#line 326 "klib-src/tls/session.ts"
    s->may_tell = true;
    u64 flags = spin_lock_irq(&s->lock);
    s->pending = true;
    spin_unlock_irq(&s->lock, flags);
    run_session(s);
}

#line 334 "klib-src/tls/session.ts"
static boolean session_over(session s)
{
#line 335 "klib-src/tls/session.ts"
    return s->ended && !s->timer_pending && s->app_calls == 0;
}

#line 339 "klib-src/tls/session.ts"
static void run_pass(session s)
{
#line 340 "klib-src/tls/session.ts"
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
#line 351 "klib-src/tls/session.ts"
        buffer_clear(s->rx);
    boolean received = buffer_length(s->rx) > 0;
    spin_unlock_irq(&s->lock, flags);
    if (gone) {
        drop_writes(s, writes);
        if (s->ended)
#line 356 "klib-src/tls/session.ts"
            return;
#line 358 "klib-src/tls/session.ts"
        if (s->may_tell) {
            end_session(s);
        } else {
            s->deferred = true;
        }
        return;
    }
    if (timed_out && s->phase == PHASE_HANDSHAKING && !s->closing) {
        rprintf("tls: %s: handshake timed out after %lu s\n", name_of(s), s->handshake_timeout);
        close_tcp(s);
    }
    if (rx_lost && !s->closing) {
        rprintf("tls: %s: received data could not be kept (more than %lu bytes waiting, or out of memory)\n",
                name_of(s), RX_QUEUE_MAX);
#line 371 "klib-src/tls/session.ts"
        close_tcp(s);
    }
#line 374 "klib-src/tls/session.ts"
    send_writes(s, writes);
    if (tx_lost && !s->closing) {
#line 377 "klib-src/tls/session.ts"
        rprintf("tls: %s: data written could not be queued (more than %lu bytes waiting, or out of memory)\n",
                name_of(s), TX_QUEUE_MAX);
#line 378 "klib-src/tls/session.ts"
        close_tcp(s);
    }
    if (app_closed && s->phase == PHASE_OPEN)
#line 380 "klib-src/tls/session.ts"
        close_tcp(s);
#line 382 "klib-src/tls/session.ts"
    if (s->may_tell) {
        advance(s);
    } else if (received && !s->closing) {
        s->deferred = true;
    }
}

#line 391 "klib-src/tls/session.ts"
static void end_session(session s)
{
#line 392 "klib-src/tls/session.ts"
    if (s->phase == PHASE_HANDSHAKING && !s->closing)
#line 392 "klib-src/tls/session.ts"
        rprintf("tls: %s: connection lost during the handshake\n", name_of(s));
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
#line 402 "klib-src/tls/session.ts"
            apply(app_input, 0);
    } else {
        s->app_called = true;
        apply(s->app, 0);
    }
}

#line 410 "klib-src/tls/session.ts"
static void record_tcp_gone(session s)
{
#line 411 "klib-src/tls/session.ts"
    s->tcp_gone = true;
    s->pending = true;
}

#line 416 "klib-src/tls/session.ts"
static void close_tcp(session s)
{
#line 417 "klib-src/tls/session.ts"
    if (s->closing)
#line 417 "klib-src/tls/session.ts"
        return;
    s->closing = true;
    disarm_timer(s);
#line 421 "klib-src/tls/session.ts"
    if (s->in_connect_handler)
#line 421 "klib-src/tls/session.ts"
        return;
    buffer_handler out = s->out;
    if (out == 0)
#line 423 "klib-src/tls/session.ts"
        return;
#line 427 "klib-src/tls/session.ts"
    u64 flags = spin_lock_irq(&s->lock);
    boolean gone = s->tcp_gone;
    spin_unlock_irq(&s->lock, flags);
    if (!gone)
#line 430 "klib-src/tls/session.ts"
        apply(out, 0);
}

#line 435 "klib-src/tls/session.ts"
static input_buffer_handler tcp_connected(session s, buffer_handler out)
{
#line 438 "klib-src/tls/session.ts"
    u64 flags = spin_lock_irq(&s->lock);
    claim_runner(s, true);
    spin_unlock_irq(&s->lock, flags);
    if (out == 0) {
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
#line 458 "klib-src/tls/session.ts"
        s->out = 0;
        flags = spin_lock_irq(&s->lock);
        record_tcp_gone(s);
        spin_unlock_irq(&s->lock, flags);
        input = INVALID_ADDRESS;
    }
    run_session(s);
    return input;
}

#line 470 "klib-src/tls/session.ts"
static boolean tcp_input(session s, buffer b)
{
#line 471 "klib-src/tls/session.ts"
    u64 flags = spin_lock_irq(&s->lock);
    if (b == 0) {
#line 474 "klib-src/tls/session.ts"
        while (s->sending) {
            spin_unlock_irq(&s->lock, flags);
            flags = spin_lock_irq(&s->lock);
        }
        record_tcp_gone(s);
        boolean run = claim_runner(s, true);
        spin_unlock_irq(&s->lock, flags);
        if (run)
#line 481 "klib-src/tls/session.ts"
            run_session(s);
        return false;
    }
    if (!s->rx_lost) {
        bytes length = buffer_length(b);
        if (buffer_length(s->rx) + length > RX_QUEUE_MAX || !buffer_write(s->rx,
                                                                          ((u8 *)buffer_ref(b, 0)),
                                                                          length))
#line 486 "klib-src/tls/session.ts"
            s->rx_lost = true;
    }
    s->pending = true;
    boolean run = claim_runner(s, true);
    boolean gone_already = s->tcp_gone;
    spin_unlock_irq(&s->lock, flags);
    if (!run)
#line 492 "klib-src/tls/session.ts"
        return gone_already;
    return run_session(s);
}

#line 500 "klib-src/tls/session.ts"
static s32 send_ciphertext(void *ctx, const u8 *buf, size_t len)
{
#line 501 "klib-src/tls/session.ts"
    session s = (session)ctx;
    buffer_handler out = s->out;
    if (out == 0 || s->closing)
#line 503 "klib-src/tls/session.ts"
        return MBEDTLS_ERR_SSL_CONN_EOF;
#line 506 "klib-src/tls/session.ts"
    if (len > 0 && ((u8 *)buf)[0] == CONTENT_TYPE_ALERT)
#line 506 "klib-src/tls/session.ts"
        return (s32)len;
    buffer b = allocate_buffer(s->h, len);
    if (b == INVALID_ADDRESS)
#line 508 "klib-src/tls/session.ts"
        return MBEDTLS_ERR_SSL_CONN_EOF;
    buffer_write(b, (u8 *)buf, len);
    u64 flags = spin_lock_irq(&s->lock);
    boolean gone = s->tcp_gone;
    if (!gone)
#line 512 "klib-src/tls/session.ts"
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

#line 530 "klib-src/tls/session.ts"
static s32 receive_ciphertext(void *ctx, unsigned char *buf, size_t len)
{
#line 531 "klib-src/tls/session.ts"
    session s = (session)ctx;
    u64 flags = spin_lock_irq(&s->lock);
    bytes available = buffer_length(s->rx);
    bytes n = available < len ? available : len;
    if (n > 0) {
        runtime_memcpy(buf, ((u8 *)buffer_ref(s->rx, 0)), n);
        buffer_consume(s->rx, n);
    }
    spin_unlock_irq(&s->lock, flags);
    if (n == 0)
#line 540 "klib-src/tls/session.ts"
        return MBEDTLS_ERR_SSL_WANT_READ;
    return (s32)n;
}

#line 547 "klib-src/tls/session.ts"
static void advance(session s)
{
#line 548 "klib-src/tls/session.ts"
    if (s->closing)
#line 548 "klib-src/tls/session.ts"
        return;
    if (s->phase == PHASE_HANDSHAKING) {
        s32 r = mbedtls_ssl_handshake(&s->ssl);
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
#line 551 "klib-src/tls/session.ts"
            return;
        if (r != 0) {
            report_handshake_failure(s, r);
            close_tcp(s);
            return;
        }
        handshake_done(s);
    }
    if (s->phase == PHASE_OPEN)
#line 559 "klib-src/tls/session.ts"
        read_plaintext(s);
}

#line 562 "klib-src/tls/session.ts"
static void handshake_done(session s)
{
#line 563 "klib-src/tls/session.ts"
    s->phase = PHASE_OPEN;
    disarm_timer(s);
    s->app_called = true;
    input_buffer_handler app_input = apply(s->app, s->app_out);
    if (app_input == INVALID_ADDRESS) {
#line 569 "klib-src/tls/session.ts"
        s->app_input = 0;
        close_tcp(s);
        return;
    }
    s->app_input = app_input;
}

#line 576 "klib-src/tls/session.ts"
static void read_plaintext(session s)
{
#line 577 "klib-src/tls/session.ts"
    while (s->phase == PHASE_OPEN && !s->closing) {
#line 580 "klib-src/tls/session.ts"
        if (app_has_closed(s))
#line 580 "klib-src/tls/session.ts"
            return;
        s32 r = mbedtls_ssl_read(&s->ssl, ((u8 *)buffer_ref(s->plain, 0)), PLAIN_CHUNK);
        if (r > 0) {
            input_buffer_handler app_input = s->app_input;
            if (app_input != 0 && apply(app_input,
                                        alloca_wrap_buffer(((u8 *)buffer_ref(s->plain, 0)), (bytes)r)))
#line 584 "klib-src/tls/session.ts"
                return;
            continue;
        }
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
#line 587 "klib-src/tls/session.ts"
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

#line 598 "klib-src/tls/session.ts"
static boolean app_has_closed(session s)
{
#line 599 "klib-src/tls/session.ts"
    u64 flags = spin_lock_irq(&s->lock);
    boolean closed = s->app_closed;
    spin_unlock_irq(&s->lock, flags);
    return closed;
}

#line 612 "klib-src/tls/session.ts"
static status app_write(session s, buffer b)
{
#line 613 "klib-src/tls/session.ts"
    u64 flags = spin_lock_irq(&s->lock);
    s->app_calls++;
    boolean run = claim_runner(s, b == 0);
    spin_unlock_irq(&s->lock, flags);
    if (!run) {
#line 619 "klib-src/tls/session.ts"
        tx_item item = 0;
        if (b != 0) {
            tx_item made = allocate(s->h, sizeof(struct tx_item));
            if (made != INVALID_ADDRESS)
#line 622 "klib-src/tls/session.ts"
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
#line 633 "klib-src/tls/session.ts"
                drop_write(s, b, item);
            leave_app_call(s);
            return STATUS_OK;
        }
#line 638 "klib-src/tls/session.ts"
        if (item != 0)
#line 638 "klib-src/tls/session.ts"
            deallocate(s->h, item, sizeof(struct tx_item));
    }
    write_as_runner(s, b);
    run_session(s);
    leave_app_call(s);
    return STATUS_OK;
}

#line 648 "klib-src/tls/session.ts"
static void leave_app_call(session s)
{
#line 649 "klib-src/tls/session.ts"
    u64 flags = spin_lock_irq(&s->lock);
    s->app_calls--;
    boolean last = !s->running && session_over(s);
    if (last)
#line 652 "klib-src/tls/session.ts"
        s->running = true;
    spin_unlock_irq(&s->lock, flags);
    if (last)
#line 654 "klib-src/tls/session.ts"
        destroy(s);
}

#line 659 "klib-src/tls/session.ts"
static boolean record_write(session s, buffer b, tx_item item)
{
#line 660 "klib-src/tls/session.ts"
    if (b == 0) {
        s->app_closed = true;
        return false;
    }
    if (s->app_closed || s->tx_lost)
#line 664 "klib-src/tls/session.ts"
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

#line 682 "klib-src/tls/session.ts"
static void drop_write(session s, buffer b, tx_item item)
{
#line 683 "klib-src/tls/session.ts"
    if (b != 0)
#line 683 "klib-src/tls/session.ts"
        deallocate_buffer(b);
    if (item != 0)
#line 684 "klib-src/tls/session.ts"
        deallocate(s->h, item, sizeof(struct tx_item));
}

#line 688 "klib-src/tls/session.ts"
static void write_as_runner(session s, buffer b)
{
#line 689 "klib-src/tls/session.ts"
    u64 flags = spin_lock_irq(&s->lock);
    boolean closed_before = s->app_closed || s->tx_lost;
    if (b == 0)
#line 691 "klib-src/tls/session.ts"
        s->app_closed = true;
    s->pending = true;
    spin_unlock_irq(&s->lock, flags);
    if (b == 0)
#line 694 "klib-src/tls/session.ts"
        return;
    if (closed_before) {
        deallocate_buffer(b);
        return;
    }
    encrypt(s, b);
}

#line 703 "klib-src/tls/session.ts"
static void send_writes(session s, tx_item first)
{
#line 704 "klib-src/tls/session.ts"
    tx_item item = first;
    while (item != 0) {
        tx_item next = item->next;
        encrypt(s, item->b);
        deallocate(s->h, item, sizeof(struct tx_item));
        item = next;
    }
}

#line 713 "klib-src/tls/session.ts"
static void drop_writes(session s, tx_item first)
{
#line 714 "klib-src/tls/session.ts"
    tx_item item = first;
    while (item != 0) {
        tx_item next = item->next;
        drop_write(s, item->b, item);
        item = next;
    }
}

#line 723 "klib-src/tls/session.ts"
static void encrypt(session s, buffer b)
{
#line 724 "klib-src/tls/session.ts"
    if (s->phase == PHASE_OPEN && !s->closing) {
        bytes total = buffer_length(b);
        bytes done = 0;
        while (done < total && !s->closing) {
            u64 left = total - done;
            s32 r = mbedtls_ssl_write(&s->ssl, (const u8 *)((u8 *)buffer_ref(b, 0)),
                                      (size_t)(left < MBEDTLS_SSL_OUT_CONTENT_LEN ? left : MBEDTLS_SSL_OUT_CONTENT_LEN));
#line 732 "klib-src/tls/session.ts"
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

#line 749 "klib-src/tls/session.ts"
closure_function(1, 2, void, arm_timer_fire,
                 session, s,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
#line 749 "klib-src/tls/session.ts"
    handshake_timer_fired(bound(s), overruns);
    closure_finish();
}

#line 747 "klib-src/tls/session.ts"
static void arm_timer(session s)
{
#line 748 "klib-src/tls/session.ts"
    if (s->handshake_timeout == 0)
#line 748 "klib-src/tls/session.ts"
        return;
    timer_handler fire = closure(s->h, arm_timer_fire, s);
    if (fire == INVALID_ADDRESS)
#line 750 "klib-src/tls/session.ts"
        return;
    s->timer_armed = true;
    u64 flags = spin_lock_irq(&s->lock);
    s->timer_pending = true;
    spin_unlock_irq(&s->lock, flags);
    register_timer(kernel_timers, &s->timer, CLOCK_ID_MONOTONIC, seconds(s->handshake_timeout),
                   false, 0, fire);
}

#line 760 "klib-src/tls/session.ts"
static void disarm_timer(session s)
{
#line 761 "klib-src/tls/session.ts"
    if (!s->timer_armed)
#line 761 "klib-src/tls/session.ts"
        return;
    s->timer_armed = false;
    remove_timer(kernel_timers, &s->timer, 0);
}

#line 767 "klib-src/tls/session.ts"
static void handshake_timer_fired(session s, u64 overruns)
{
#line 768 "klib-src/tls/session.ts"
    u64 flags = spin_lock_irq(&s->lock);
    s->timer_pending = false;
    if (overruns != timer_disabled)
#line 770 "klib-src/tls/session.ts"
        s->timed_out = true;
    s->pending = true;
    boolean run = claim_runner(s, true);
    spin_unlock_irq(&s->lock, flags);
    if (run)
#line 774 "klib-src/tls/session.ts"
        run_session(s);
}

#line 779 "klib-src/tls/session.ts"
static void report_handshake_failure(session s, s32 r)
{
#line 780 "klib-src/tls/session.ts"
    if (r != MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        report_error(s, ss("handshake failed"), r);
        return;
    }
    u32 flags = mbedtls_ssl_get_verify_result(&s->ssl);
    rprintf("tls: %s: certificate rejected: %s (flags %u)\n", name_of(s), verify_problem(flags),
            flags);
}

#line 789 "klib-src/tls/session.ts"
static sstring verify_problem(u32 flags)
{
#line 790 "klib-src/tls/session.ts"
    if ((flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) != 0)
#line 790 "klib-src/tls/session.ts"
        return ss("not issued by a trusted CA (unknown CA, or self-signed)");
    if ((flags & MBEDTLS_X509_BADCERT_EXPIRED) != 0)
#line 791 "klib-src/tls/session.ts"
        return ss("expired");
    if ((flags & MBEDTLS_X509_BADCERT_FUTURE) != 0)
#line 792 "klib-src/tls/session.ts"
        return ss("not valid yet");
    if ((flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) != 0)
#line 793 "klib-src/tls/session.ts"
        return ss("issued for another host name");
    return ss("not acceptable");
}

#line 797 "klib-src/tls/session.ts"
static void report_error(session s, sstring what, s32 r)
{
#line 798 "klib-src/tls/session.ts"
    buffer text = allocate_buffer(s->h, ERROR_TEXT_MAX);
    if (text == INVALID_ADDRESS) {
        rprintf("tls: %s: %s (mbedtls error %d)\n", name_of(s), what, r);
        return;
    }
    mbedtls_strerror(r, (char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX);
    rprintf("tls: %s: %s: %s\n", name_of(s), what,
            sstring_from_cstring((const char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX));
#line 805 "klib-src/tls/session.ts"
    deallocate_buffer(text);
}
