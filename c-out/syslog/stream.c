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

#define BATCH_BYTES (64 * 1024)
#define SHUTDOWN_WAIT_SECONDS 5

enum link_state {
    LINK_STATE_IDLE,
    LINK_STATE_CONNECTING,
    LINK_STATE_CONNECTED,
};

static struct syslog_stream {
    heap heap;
    enum link_state link;
    buffer_handler out;
    u32 failures;
    timestamp next_try;
    status_handler closing;
    boolean close_after_sending;
    struct config *shutdown_config;
    buffer shutdown_host;
    buffer shutdown_scratch;
    struct timer deadline;
    closure_struct(input_buffer_handler, on_input);
    closure_struct(connection_handler, on_connected);
    closure_struct(timer_handler, on_shutdown_deadline);
} syslog_stream = {
    .link = LINK_STATE_IDLE,
};

static void failed(void);
static void finish_shutdown(void);
static void send_all_and_close(void);

#line 51 "klib-src/syslog/stream.ts"
closure_func_basic(input_buffer_handler, boolean, on_input,
                   buffer b)
{
#line 52 "klib-src/syslog/stream.ts"
    if (b != 0)
#line 52 "klib-src/syslog/stream.ts"
        return false;
#line 54 "klib-src/syslog/stream.ts"
    syslog_stream.out = 0;
    failed();
    finish_shutdown();
    return false;
}

#line 60 "klib-src/syslog/stream.ts"
closure_func_basic(connection_handler, input_buffer_handler, on_connected,
                   buffer_handler o)
{
#line 61 "klib-src/syslog/stream.ts"
    if (o == 0) {
        failed();
        finish_shutdown();
        return INVALID_ADDRESS;
    }
    syslog_stream.link = LINK_STATE_CONNECTED;
    syslog_stream.out = o;
    syslog_stream.failures = 0;
    if (syslog_stream.closing != 0) {
#line 71 "klib-src/syslog/stream.ts"
        syslog_stream.close_after_sending = true;
    }
    return init_closure_func(&syslog_stream.on_input, input_buffer_handler, on_input);
}

#line 84 "klib-src/syslog/stream.ts"
closure_func_basic(timer_handler, void, on_shutdown_deadline,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 85 "klib-src/syslog/stream.ts"
    if (overruns == timer_disabled)
#line 85 "klib-src/syslog/stream.ts"
        return;
    finish_shutdown();
}

#line 40 "klib-src/syslog/stream.ts"
void stream_init(heap h)
{
#line 41 "klib-src/syslog/stream.ts"
    syslog_stream.heap = h;
}

#line 44 "klib-src/syslog/stream.ts"
static void failed(void)
{
#line 45 "klib-src/syslog/stream.ts"
    syslog_stream.link = LINK_STATE_IDLE;
    syslog_stream.next_try = kern_now(CLOCK_ID_MONOTONIC) + backoff_delay(syslog_stream.failures);
    syslog_stream.failures++;
    resolve_stale();
}

#line 77 "klib-src/syslog/stream.ts"
static void finish_shutdown(void)
{
#line 78 "klib-src/syslog/stream.ts"
    status_handler done = syslog_stream.closing;
    if (done == 0)
#line 79 "klib-src/syslog/stream.ts"
        return;
    syslog_stream.closing = 0;
    apply(done, STATUS_OK);
}

#line 89 "klib-src/syslog/stream.ts"
static void connect(config c)
{
#line 90 "klib-src/syslog/stream.ts"
    syslog_stream.link = LINK_STATE_CONNECTING;
    if (c->protocol == PROTOCOL_TLS) {
        if (!tls_connect_start(c,
                               init_closure_func(&syslog_stream.on_connected, connection_handler, on_connected))) {
#line 93 "klib-src/syslog/stream.ts"
            failed();
            finish_shutdown();
        }
        return;
    }
    status s = direct_connect(syslog_stream.heap, server_address(), (u16)c->port,
                              init_closure_func(&syslog_stream.on_connected, connection_handler, on_connected));
#line 99 "klib-src/syslog/stream.ts"
    if (!is_ok(s)) {
        timm_dealloc(s);
        failed();
        finish_shutdown();
    }
}

#line 108 "klib-src/syslog/stream.ts"
static boolean send_batch(config c, buffer host, buffer scratch, bytes limit)
{
#line 109 "klib-src/syslog/stream.ts"
    if (syslog_stream.out == 0)
#line 109 "klib-src/syslog/stream.ts"
        return false;
    u64 end = ring_head();
    u64 pos = ring_tail(READER_NET);
    if (pos == end)
#line 112 "klib-src/syslog/stream.ts"
        return false;
    buffer b = allocate_buffer(syslog_stream.heap, limit + c->max_message + 512);
    if (b == INVALID_ADDRESS)
#line 114 "klib-src/syslog/stream.ts"
        return false;
    while (pos < end && buffer_length(b) < limit) {
        if (!is_empty_record(pos)) {
            buffer_clear(scratch);
            write_message(scratch, c, host, pos);
            write_decimal(b, buffer_length(scratch), 1, 48);
            buffer_write_byte(b, 32);
            push_buffer(b, scratch);
        }
        pos = record_next(pos);
    }
    if (buffer_length(b) == 0) {
        deallocate_buffer(b);
        ring_release(READER_NET, pos);
        return true;
    }
    status s = apply(syslog_stream.out, b);
    if (!is_ok(s)) {
#line 133 "klib-src/syslog/stream.ts"
        timm_dealloc(s);
        return false;
    }
    ring_release(READER_NET, pos);
    return true;
}

#line 141 "klib-src/syslog/stream.ts"
void stream_flush(config c, buffer host, buffer scratch)
{
#line 142 "klib-src/syslog/stream.ts"
    if (syslog_stream.link == LINK_STATE_CONNECTING)
#line 142 "klib-src/syslog/stream.ts"
        return;
    if (syslog_stream.link == LINK_STATE_IDLE) {
        if (kern_now(CLOCK_ID_MONOTONIC) >= syslog_stream.next_try)
#line 144 "klib-src/syslog/stream.ts"
            connect(c);
        return;
    }
    if (syslog_stream.close_after_sending) {
        syslog_stream.close_after_sending = false;
        send_all_and_close();
        return;
    }
    send_batch(c, host, scratch, BATCH_BYTES);
}

#line 159 "klib-src/syslog/stream.ts"
void stream_shutdown(config c, buffer host, buffer scratch, status_handler done)
{
#line 160 "klib-src/syslog/stream.ts"
    if (host == 0 || !server_known()) {
        apply(done, STATUS_OK);
        return;
    }
    syslog_stream.closing = done;
    syslog_stream.shutdown_config = c;
    syslog_stream.shutdown_host = host;
    syslog_stream.shutdown_scratch = scratch;
    register_timer(kernel_timers, &syslog_stream.deadline, CLOCK_ID_MONOTONIC,
                   seconds(SHUTDOWN_WAIT_SECONDS), false, 0,
                   init_closure_func(&syslog_stream.on_shutdown_deadline, timer_handler, on_shutdown_deadline));
#line 170 "klib-src/syslog/stream.ts"
    if (syslog_stream.link == LINK_STATE_IDLE)
#line 170 "klib-src/syslog/stream.ts"
        connect(c);
    else
#line 171 "klib-src/syslog/stream.ts"
        if (syslog_stream.link == LINK_STATE_CONNECTED)
#line 171 "klib-src/syslog/stream.ts"
            send_all_and_close();
}

#line 174 "klib-src/syslog/stream.ts"
static void send_all_and_close(void)
{
#line 175 "klib-src/syslog/stream.ts"
    config c = syslog_stream.shutdown_config;
    buffer host = syslog_stream.shutdown_host;
    buffer scratch = syslog_stream.shutdown_scratch;
    if (c == 0 || host == 0 || scratch == 0 || syslog_stream.out == 0)
#line 178 "klib-src/syslog/stream.ts"
        return;
    while (send_batch(c, host, scratch, BATCH_BYTES)) {
    }
#line 180 "klib-src/syslog/stream.ts"
    buffer_handler o = syslog_stream.out;
    apply(o, 0);
}
