/* generated from klib-src/tls/session.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <mbedtls/error.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509.h>
#include "trust_store.h"
#include "session.h"

#define HOST_NAME_BYTES 254
#define PLAIN_CHUNK 16384
#define ERROR_TEXT_MAX 120

enum phase {
    PHASE_CONNECTING,
    PHASE_HANDSHAKING,
    PHASE_OPEN,
    PHASE_CLOSED,
};

typedef struct session {
    heap h;
    struct mbedtls_ssl_context ssl;
    enum phase phase;
    buffer_handler out;
    boolean tcp_gone;
    boolean closing;
    boolean in_connect_handler;
    u32 busy;
    connection_handler app;
    boolean app_called;
    input_buffer_handler app_input;
    buffer_handler app_out;
    input_buffer_handler input;
    buffer rx;
    buffer plain;
    buffer name;
    u64 handshake_timeout;
    struct timer timer;
    boolean timer_armed;
} *session;

static s32 abandon(session s);
static void destroy(session s);
static input_buffer_handler tcp_connected(session s, buffer_handler out);
static boolean tcp_input(session s, buffer b);
static s32 send_ciphertext(void *ctx, const u8 *buf, size_t len);
static s32 receive_ciphertext(void *ctx, unsigned char *buf, size_t len);
static void advance(session s);
static void handshake_done(session s);
static void read_plaintext(session s);
static void close_notify(session s);
static status app_write(session s, buffer b);
static void arm_timer(session s);
static void disarm_timer(session s);
static void handshake_timer_fired(session s, u64 overruns);
static void report_handshake_failure(session s, s32 r);
static sstring verify_problem(u32 flags);
static void report_error(session s, sstring what, s32 r);

#line 112 "klib-src/tls/session.ts"
closure_function(1, 1, status, tls_start_session_app_out,
                 session, s,
                 buffer b)
{
#line 112 "klib-src/tls/session.ts"
    return app_write(bound(s), b);
}

#line 113 "klib-src/tls/session.ts"
closure_function(1, 1, boolean, tls_start_session_input,
                 session, s,
                 buffer b)
{
#line 113 "klib-src/tls/session.ts"
    return tcp_input(bound(s), b);
}

#line 115 "klib-src/tls/session.ts"
closure_function(1, 1, input_buffer_handler, tls_start_session_connected,
                 session, s,
                 buffer_handler out)
{
#line 115 "klib-src/tls/session.ts"
    input_buffer_handler result = tcp_connected(bound(s), out);
    closure_finish();
    return result;
}

#line 72 "klib-src/tls/session.ts"
s32 tls_start_session(heap h, tls_trust trusted, sstring host, ip_addr_t *addr, u16 port,
                      connection_handler ch, u64 handshake_timeout)
{
#line 74 "klib-src/tls/session.ts"
    bytes host_length = (host).len;
    if (host_length > HOST_NAME_BYTES) {
        rprintf("tls: host name too long (%lu bytes)\n", host_length);
        return -1;
    }
    session s = allocate(h, sizeof(struct session));
    if (s == INVALID_ADDRESS)
#line 80 "klib-src/tls/session.ts"
        return -1;
    s->h = h;
    s->phase = PHASE_CONNECTING;
    s->out = 0;
    s->tcp_gone = false;
    s->closing = false;
    s->in_connect_handler = false;
    s->busy = 0;
    s->app = ch;
    s->app_called = false;
    s->app_input = 0;
    s->app_out = 0;
    s->input = 0;
    s->handshake_timeout = handshake_timeout;
    s->timer_armed = false;
    init_timer(&s->timer);
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
#line 109 "klib-src/tls/session.ts"
        return abandon(s);
    if (host_length > 0 && mbedtls_ssl_set_hostname(&s->ssl, (const char *)((u8 *)buffer_ref(s->name, 0))) != 0)
#line 110 "klib-src/tls/session.ts"
        return abandon(s);
    mbedtls_ssl_set_bio(&s->ssl, s, send_ciphertext, receive_ciphertext, 0);
    s->app_out = closure(h, tls_start_session_app_out, s);
    s->input = closure(h, tls_start_session_input, s);
    if (s->app_out == INVALID_ADDRESS || s->input == INVALID_ADDRESS)
#line 114 "klib-src/tls/session.ts"
        return abandon(s);
    connection_handler connected = closure(h, tls_start_session_connected, s);
    if (connected == INVALID_ADDRESS)
#line 116 "klib-src/tls/session.ts"
        return abandon(s);
    status started = direct_connect(h, addr, port, connected);
    if (!is_ok(started)) {
        timm_dealloc(started);
        deallocate_closure(connected);
        return abandon(s);
    }
    return 0;
}

#line 127 "klib-src/tls/session.ts"
static s32 abandon(session s)
{
#line 128 "klib-src/tls/session.ts"
    if (s->app_out == INVALID_ADDRESS)
#line 128 "klib-src/tls/session.ts"
        s->app_out = 0;
    if (s->input == INVALID_ADDRESS)
#line 129 "klib-src/tls/session.ts"
        s->input = 0;
    destroy(s);
    return -1;
}

#line 134 "klib-src/tls/session.ts"
static void destroy(session s)
{
#line 135 "klib-src/tls/session.ts"
    mbedtls_ssl_free(&s->ssl);
    if (s->rx != INVALID_ADDRESS)
#line 136 "klib-src/tls/session.ts"
        deallocate_buffer(s->rx);
    if (s->plain != INVALID_ADDRESS)
#line 137 "klib-src/tls/session.ts"
        deallocate_buffer(s->plain);
    if (s->name != INVALID_ADDRESS)
#line 138 "klib-src/tls/session.ts"
        deallocate_buffer(s->name);
    if (s->app_out != 0)
#line 139 "klib-src/tls/session.ts"
        deallocate_closure(s->app_out);
    if (s->input != 0)
#line 140 "klib-src/tls/session.ts"
        deallocate_closure(s->input);
    deallocate(s->h, s, sizeof(struct session));
}

#line 144 "klib-src/tls/session.ts"
static sstring name_of(session s)
{
#line 145 "klib-src/tls/session.ts"
    return sstring_from_cstring((const char *)((u8 *)buffer_ref(s->name, 0)), HOST_NAME_BYTES + 1);
}

#line 150 "klib-src/tls/session.ts"
static void enter(session s)
{
#line 151 "klib-src/tls/session.ts"
    s->busy++;
}

#line 155 "klib-src/tls/session.ts"
static boolean leave(session s)
{
#line 156 "klib-src/tls/session.ts"
    s->busy--;
    if (s->busy > 0 || !s->tcp_gone)
#line 157 "klib-src/tls/session.ts"
        return false;
    s->busy++;
    s->phase = PHASE_CLOSED;
    if (s->app_called) {
        input_buffer_handler app_input = s->app_input;
        s->app_input = 0;
        if (app_input != 0)
#line 163 "klib-src/tls/session.ts"
            apply(app_input, 0);
    } else {
        s->app_called = true;
        apply(s->app, 0);
    }
    destroy(s);
    return true;
}

#line 173 "klib-src/tls/session.ts"
static void close_tcp(session s)
{
#line 174 "klib-src/tls/session.ts"
    if (s->closing)
#line 174 "klib-src/tls/session.ts"
        return;
    s->closing = true;
    disarm_timer(s);
#line 178 "klib-src/tls/session.ts"
    if (s->in_connect_handler)
#line 178 "klib-src/tls/session.ts"
        return;
    buffer_handler out = s->out;
    if (out != 0)
#line 180 "klib-src/tls/session.ts"
        apply(out, 0);
}

#line 185 "klib-src/tls/session.ts"
static input_buffer_handler tcp_connected(session s, buffer_handler out)
{
#line 186 "klib-src/tls/session.ts"
    enter(s);
    if (out == 0) {
        rprintf("tls: %s: connection failed\n", name_of(s));
        s->tcp_gone = true;
        leave(s);
        return INVALID_ADDRESS;
    }
    s->out = out;
    s->phase = PHASE_HANDSHAKING;
    arm_timer(s);
    s->in_connect_handler = true;
    advance(s);
    s->in_connect_handler = false;
    if (s->closing) {
#line 201 "klib-src/tls/session.ts"
        s->out = 0;
        s->tcp_gone = true;
        leave(s);
        return INVALID_ADDRESS;
    }
    input_buffer_handler input = s->input;
    leave(s);
    return input;
}

#line 211 "klib-src/tls/session.ts"
static boolean tcp_input(session s, buffer b)
{
#line 212 "klib-src/tls/session.ts"
    enter(s);
    if (b == 0) {
        if (s->phase == PHASE_HANDSHAKING && !s->closing)
#line 214 "klib-src/tls/session.ts"
            rprintf("tls: %s: connection lost during the handshake\n", name_of(s));
        s->out = 0;
        s->tcp_gone = true;
        disarm_timer(s);
        leave(s);
        return false;
    }
    if (!s->closing) {
        if (buffer_write(s->rx, ((u8 *)buffer_ref(b, 0)), buffer_length(b))) {
            advance(s);
        } else {
            rprintf("tls: %s: out of memory for received data\n", name_of(s));
            close_tcp(s);
        }
    }
    boolean closed = s->closing;
    leave(s);
    return closed;
}

#line 238 "klib-src/tls/session.ts"
static s32 send_ciphertext(void *ctx, const u8 *buf, size_t len)
{
#line 239 "klib-src/tls/session.ts"
    session s = (session)ctx;
    buffer_handler out = s->out;
    if (out == 0 || s->closing)
#line 241 "klib-src/tls/session.ts"
        return MBEDTLS_ERR_SSL_CONN_EOF;
    buffer b = allocate_buffer(s->h, len);
    if (b == INVALID_ADDRESS)
#line 243 "klib-src/tls/session.ts"
        return MBEDTLS_ERR_SSL_CONN_EOF;
    buffer_write(b, (u8 *)buf, len);
    status sent = apply(out, b);
    if (!is_ok(sent)) {
        timm_dealloc(sent);
        deallocate_buffer(b);
        return MBEDTLS_ERR_SSL_CONN_EOF;
    }
    return (s32)len;
}

#line 254 "klib-src/tls/session.ts"
static s32 receive_ciphertext(void *ctx, unsigned char *buf, size_t len)
{
#line 255 "klib-src/tls/session.ts"
    session s = (session)ctx;
    bytes available = buffer_length(s->rx);
    if (available == 0)
#line 257 "klib-src/tls/session.ts"
        return MBEDTLS_ERR_SSL_WANT_READ;
    bytes n = available < len ? available : len;
    runtime_memcpy(buf, ((u8 *)buffer_ref(s->rx, 0)), n);
    buffer_consume(s->rx, n);
    return (s32)n;
}

#line 267 "klib-src/tls/session.ts"
static void advance(session s)
{
#line 268 "klib-src/tls/session.ts"
    if (s->phase == PHASE_HANDSHAKING) {
        s32 r = mbedtls_ssl_handshake(&s->ssl);
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
#line 270 "klib-src/tls/session.ts"
            return;
        if (r != 0) {
            report_handshake_failure(s, r);
            close_tcp(s);
            return;
        }
        handshake_done(s);
    }
    if (s->phase == PHASE_OPEN)
#line 278 "klib-src/tls/session.ts"
        read_plaintext(s);
}

#line 281 "klib-src/tls/session.ts"
static void handshake_done(session s)
{
#line 282 "klib-src/tls/session.ts"
    s->phase = PHASE_OPEN;
    disarm_timer(s);
    s->app_called = true;
    input_buffer_handler app_input = apply(s->app, s->app_out);
    if (app_input == INVALID_ADDRESS) {
#line 288 "klib-src/tls/session.ts"
        s->app_input = 0;
        close_notify(s);
        return;
    }
    s->app_input = app_input;
}

#line 295 "klib-src/tls/session.ts"
static void read_plaintext(session s)
{
#line 296 "klib-src/tls/session.ts"
    while (s->phase == PHASE_OPEN && !s->closing) {
        s32 r = mbedtls_ssl_read(&s->ssl, ((u8 *)buffer_ref(s->plain, 0)), PLAIN_CHUNK);
        if (r > 0) {
            input_buffer_handler app_input = s->app_input;
            if (app_input != 0 && apply(app_input,
                                        alloca_wrap_buffer(((u8 *)buffer_ref(s->plain, 0)), (bytes)r)))
#line 300 "klib-src/tls/session.ts"
                return;
            continue;
        }
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
#line 303 "klib-src/tls/session.ts"
            return;
        if (r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || r == 0) {
            close_notify(s);
            return;
        }
        report_error(s, ss("read failed"), r);
        close_tcp(s);
        return;
    }
}

#line 315 "klib-src/tls/session.ts"
static void close_notify(session s)
{
#line 316 "klib-src/tls/session.ts"
    if (s->closing)
#line 316 "klib-src/tls/session.ts"
        return;
    mbedtls_ssl_close_notify(&s->ssl);
    close_tcp(s);
}

#line 322 "klib-src/tls/session.ts"
static status app_write(session s, buffer b)
{
#line 323 "klib-src/tls/session.ts"
    enter(s);
    if (b == 0) {
        if (s->phase == PHASE_OPEN)
#line 325 "klib-src/tls/session.ts"
            close_notify(s);
        leave(s);
        return STATUS_OK;
    }
    if (s->phase == PHASE_OPEN && !s->closing) {
        bytes total = buffer_length(b);
        bytes done = 0;
        while (done < total && !s->closing) {
            u64 left = total - done;
            s32 r = mbedtls_ssl_write(&s->ssl, (const u8 *)((u8 *)buffer_ref(b, 0)),
                                      (size_t)(left < MBEDTLS_SSL_OUT_CONTENT_LEN ? left : MBEDTLS_SSL_OUT_CONTENT_LEN));
#line 337 "klib-src/tls/session.ts"
            if (r > 0) {
                done += (bytes)r;
                buffer_consume(b, (bytes)r);
                continue;
            }
            report_error(s, ss("write failed"), r);
            close_tcp(s);
        }
    }
#line 347 "klib-src/tls/session.ts"
    deallocate_buffer(b);
    leave(s);
    return STATUS_OK;
}

#line 356 "klib-src/tls/session.ts"
closure_function(1, 2, void, arm_timer_fire,
                 session, s,
                 u64 expiry, u64 overruns)
{
    (void)expiry;
#line 356 "klib-src/tls/session.ts"
    handshake_timer_fired(bound(s), overruns);
    closure_finish();
}

#line 354 "klib-src/tls/session.ts"
static void arm_timer(session s)
{
#line 355 "klib-src/tls/session.ts"
    if (s->handshake_timeout == 0)
#line 355 "klib-src/tls/session.ts"
        return;
    timer_handler fire = closure(s->h, arm_timer_fire, s);
    if (fire == INVALID_ADDRESS)
#line 357 "klib-src/tls/session.ts"
        return;
    s->timer_armed = true;
    register_timer(kernel_timers, &s->timer, CLOCK_ID_MONOTONIC, seconds(s->handshake_timeout),
                   false, 0, fire);
}

#line 362 "klib-src/tls/session.ts"
static void disarm_timer(session s)
{
#line 363 "klib-src/tls/session.ts"
    if (!s->timer_armed)
#line 363 "klib-src/tls/session.ts"
        return;
    s->timer_armed = false;
    remove_timer(kernel_timers, &s->timer, 0);
}

#line 368 "klib-src/tls/session.ts"
static void handshake_timer_fired(session s, u64 overruns)
{
#line 369 "klib-src/tls/session.ts"
    if (overruns == timer_disabled)
#line 369 "klib-src/tls/session.ts"
        return;
    s->timer_armed = false;
    if (s->phase != PHASE_HANDSHAKING || s->closing)
#line 371 "klib-src/tls/session.ts"
        return;
    enter(s);
    rprintf("tls: %s: handshake timed out after %lu s\n", name_of(s), s->handshake_timeout);
    close_tcp(s);
    leave(s);
}

#line 380 "klib-src/tls/session.ts"
static void report_handshake_failure(session s, s32 r)
{
#line 381 "klib-src/tls/session.ts"
    if (r != MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        report_error(s, ss("handshake failed"), r);
        return;
    }
    u32 flags = mbedtls_ssl_get_verify_result(&s->ssl);
    rprintf("tls: %s: certificate rejected: %s (flags %u)\n", name_of(s), verify_problem(flags),
            flags);
}

#line 390 "klib-src/tls/session.ts"
static sstring verify_problem(u32 flags)
{
#line 391 "klib-src/tls/session.ts"
    if ((flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) != 0)
#line 391 "klib-src/tls/session.ts"
        return ss("not issued by a trusted CA (unknown CA, or self-signed)");
    if ((flags & MBEDTLS_X509_BADCERT_EXPIRED) != 0)
#line 392 "klib-src/tls/session.ts"
        return ss("expired");
    if ((flags & MBEDTLS_X509_BADCERT_FUTURE) != 0)
#line 393 "klib-src/tls/session.ts"
        return ss("not valid yet");
    if ((flags & MBEDTLS_X509_BADCERT_CN_MISMATCH) != 0)
#line 394 "klib-src/tls/session.ts"
        return ss("issued for another host name");
    return ss("not acceptable");
}

#line 398 "klib-src/tls/session.ts"
static void report_error(session s, sstring what, s32 r)
{
#line 399 "klib-src/tls/session.ts"
    buffer text = allocate_buffer(s->h, ERROR_TEXT_MAX);
    if (text == INVALID_ADDRESS) {
        rprintf("tls: %s: %s (mbedtls error %d)\n", name_of(s), what, r);
        return;
    }
    mbedtls_strerror(r, (char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX);
    rprintf("tls: %s: %s: %s\n", name_of(s), what,
            sstring_from_cstring((const char *)((u8 *)buffer_ref(text, 0)), ERROR_TEXT_MAX));
#line 406 "klib-src/tls/session.ts"
    deallocate_buffer(text);
}
