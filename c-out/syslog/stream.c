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
    LINK_STATE_CLOSING,
};

static struct syslog_stream {
    heap heap;
    struct timer deadline;
    struct spinlock lock;
    enum link_state link;
    buffer_handler out;
    u32 failures;
    timestamp next_try;
    status_handler closing;
    boolean close_after_sending;
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

#line 89 "klib-src/syslog/stream.ts"
closure_func_basic(input_buffer_handler, boolean, on_input,
                   buffer b)
{
#line 90 "klib-src/syslog/stream.ts"
    if (b != 0)
#line 90 "klib-src/syslog/stream.ts"
        return false;
#line 93 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    failed();
    status_handler done = take_shutdown();
    spin_unlock_irq(&syslog_stream.lock, flags);
    finish_shutdown(done);
    return false;
}

#line 101 "klib-src/syslog/stream.ts"
closure_func_basic(connection_handler, input_buffer_handler, on_connected,
                   buffer_handler o)
{
#line 102 "klib-src/syslog/stream.ts"
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
#line 115 "klib-src/syslog/stream.ts"
    if (syslog_stream.closing != 0)
#line 115 "klib-src/syslog/stream.ts"
        syslog_stream.close_after_sending = true;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return init_closure_func(&syslog_stream.on_input, input_buffer_handler, on_input);
}

#line 120 "klib-src/syslog/stream.ts"
closure_func_basic(timer_handler, void, on_shutdown_deadline,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 121 "klib-src/syslog/stream.ts"
    if (overruns == timer_disabled)
#line 121 "klib-src/syslog/stream.ts"
        return;
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    status_handler done = take_shutdown();
    spin_unlock_irq(&syslog_stream.lock, flags);
    finish_shutdown(done);
}

#line 64 "klib-src/syslog/stream.ts"
void stream_init(heap h)
{
#line 65 "klib-src/syslog/stream.ts"
    syslog_stream.heap = h;
}

#line 69 "klib-src/syslog/stream.ts"
static void failed(void)
{
#line 70 "klib-src/syslog/stream.ts"
    syslog_stream.link = LINK_STATE_IDLE;
    syslog_stream.out = 0;
    syslog_stream.next_try = kern_now(CLOCK_ID_MONOTONIC) + backoff_delay(syslog_stream.failures);
    syslog_stream.failures++;
    resolve_stale();
}

#line 78 "klib-src/syslog/stream.ts"
static status_handler take_shutdown(void)
{
#line 79 "klib-src/syslog/stream.ts"
    status_handler done = syslog_stream.closing;
    syslog_stream.closing = 0;
    return done;
}

#line 85 "klib-src/syslog/stream.ts"
static void finish_shutdown(status_handler done)
{
#line 86 "klib-src/syslog/stream.ts"
    if (done != 0)
#line 86 "klib-src/syslog/stream.ts"
        apply(done, STATUS_OK);
}

#line 129 "klib-src/syslog/stream.ts"
static boolean start_connection(config c)
{
#line 130 "klib-src/syslog/stream.ts"
    if (c->protocol == PROTOCOL_TLS)
#line 130 "klib-src/syslog/stream.ts"
        return tls_connect_start(c,
                                 init_closure_func(&syslog_stream.on_connected, connection_handler, on_connected));
#line 131 "klib-src/syslog/stream.ts"
    status s = direct_connect(syslog_stream.heap, server_address(), (u16)c->port,
                              init_closure_func(&syslog_stream.on_connected, connection_handler, on_connected));
#line 132 "klib-src/syslog/stream.ts"
    if (is_ok(s))
#line 132 "klib-src/syslog/stream.ts"
        return true;
    timm_dealloc(s);
    return false;
}

#line 138 "klib-src/syslog/stream.ts"
static void connect(config c)
{
#line 139 "klib-src/syslog/stream.ts"
    if (start_connection(c))
#line 139 "klib-src/syslog/stream.ts"
        return;
#line 141 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    failed();
    status_handler done = take_shutdown();
    spin_unlock_irq(&syslog_stream.lock, flags);
    finish_shutdown(done);
}

#line 149 "klib-src/syslog/stream.ts"
static buffer_handler live_output(void)
{
#line 150 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return o;
}

#line 158 "klib-src/syslog/stream.ts"
static boolean send_batch(config c, buffer host, buffer scratch, bytes limit)
{
#line 159 "klib-src/syslog/stream.ts"
    if (live_output() == 0)
#line 159 "klib-src/syslog/stream.ts"
        return false;
    u64 end = ring_head();
    u64 pos = ring_tail(READER_NET);
    if (pos == end)
#line 162 "klib-src/syslog/stream.ts"
        return false;
    buffer b = allocate_buffer(syslog_stream.heap, limit + c->max_message + 512);
    if (b == INVALID_ADDRESS)
#line 164 "klib-src/syslog/stream.ts"
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
#line 181 "klib-src/syslog/stream.ts"
    buffer_handler o = live_output();
    if (o == 0) {
        deallocate_buffer(b);
        return false;
    }
    status s = apply(o, b);
    if (!is_ok(s)) {
#line 189 "klib-src/syslog/stream.ts"
        timm_dealloc(s);
        return false;
    }
    ring_release(READER_NET, pos);
    return true;
}

#line 197 "klib-src/syslog/stream.ts"
void stream_flush(config c, buffer host, buffer scratch)
{
#line 198 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    boolean connect_now = syslog_stream.link == LINK_STATE_IDLE && kern_now(CLOCK_ID_MONOTONIC) >= syslog_stream.next_try;
    if (connect_now)
#line 200 "klib-src/syslog/stream.ts"
        syslog_stream.link = LINK_STATE_CONNECTING;
    boolean close_now = syslog_stream.link == LINK_STATE_CONNECTED && syslog_stream.close_after_sending;
    if (close_now)
#line 202 "klib-src/syslog/stream.ts"
        syslog_stream.close_after_sending = false;
    boolean send_now = syslog_stream.link == LINK_STATE_CONNECTED && !close_now;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (connect_now)
#line 205 "klib-src/syslog/stream.ts"
        connect(c);
    else
#line 206 "klib-src/syslog/stream.ts"
        if (close_now)
#line 206 "klib-src/syslog/stream.ts"
            send_all_and_close();
        else
#line 207 "klib-src/syslog/stream.ts"
            if (send_now)
#line 207 "klib-src/syslog/stream.ts"
                send_batch(c, host, scratch, BATCH_BYTES);
}

#line 214 "klib-src/syslog/stream.ts"
void stream_shutdown(config c, buffer host, buffer scratch, status_handler done)
{
#line 215 "klib-src/syslog/stream.ts"
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
#line 225 "klib-src/syslog/stream.ts"
        syslog_stream.link = LINK_STATE_CONNECTING;
    boolean send_now = syslog_stream.link == LINK_STATE_CONNECTED;
    spin_unlock_irq(&syslog_stream.lock, flags);
#line 229 "klib-src/syslog/stream.ts"
    register_timer(kernel_timers, &syslog_stream.deadline, CLOCK_ID_MONOTONIC,
                   seconds(SHUTDOWN_WAIT_SECONDS), false, 0,
                   init_closure_func(&syslog_stream.on_shutdown_deadline, timer_handler, on_shutdown_deadline));
#line 231 "klib-src/syslog/stream.ts"
    if (connect_now)
#line 231 "klib-src/syslog/stream.ts"
        connect(c);
    else
#line 232 "klib-src/syslog/stream.ts"
        if (send_now)
#line 232 "klib-src/syslog/stream.ts"
            send_all_and_close();
}

#line 235 "klib-src/syslog/stream.ts"
static void send_all_and_close(void)
{
#line 236 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    config c = syslog_stream.shutdown_config;
    buffer host = syslog_stream.shutdown_host;
    buffer scratch = syslog_stream.shutdown_scratch;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (c == 0 || host == 0 || scratch == 0)
#line 241 "klib-src/syslog/stream.ts"
        return;
    while (send_batch(c, host, scratch, BATCH_BYTES)) {
    }
#line 243 "klib-src/syslog/stream.ts"
    flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    if (o != 0)
#line 245 "klib-src/syslog/stream.ts"
        syslog_stream.link = LINK_STATE_CLOSING;
    spin_unlock_irq(&syslog_stream.lock, flags);
#line 249 "klib-src/syslog/stream.ts"
    if (o != 0)
#line 249 "klib-src/syslog/stream.ts"
        apply(o, 0);
}
