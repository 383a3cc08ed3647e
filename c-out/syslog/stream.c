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
#define HURRY_RETRY_NO_ROUTE_MS 250
#define HURRY_RETRY_MS 1000

enum link_state {
    LINK_STATE_IDLE,
    LINK_STATE_CONNECTING,
    LINK_STATE_CONNECTED,
};

static struct syslog_stream {
    heap heap;
    struct ip_addr target;
    struct spinlock send_lock;
    struct spinlock lock;
    enum link_state link;
    buffer_handler out;
    u32 failures;
    timestamp next_try;
    boolean hurry;
    closure_struct(input_buffer_handler, on_input);
    closure_struct(connection_handler, on_connected);
} syslog_stream = {
    .link = LINK_STATE_IDLE,
};

static void failed(boolean started);

#line 109 "klib-src/syslog/stream.ts"
closure_func_basic(input_buffer_handler, boolean, on_input,
                   buffer b)
{
#line 110 "klib-src/syslog/stream.ts"
    if (b != 0)
#line 110 "klib-src/syslog/stream.ts"
        return false;
#line 113 "klib-src/syslog/stream.ts"
    spin_lock(&syslog_stream.send_lock);
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    failed(true);
    spin_unlock_irq(&syslog_stream.lock, flags);
    spin_unlock(&syslog_stream.send_lock);
    return false;
}

#line 121 "klib-src/syslog/stream.ts"
closure_func_basic(connection_handler, input_buffer_handler, on_connected,
                   buffer_handler o)
{
#line 122 "klib-src/syslog/stream.ts"
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

#line 94 "klib-src/syslog/stream.ts"
void stream_init(heap h, config c)
{
    (void)c;
#line 95 "klib-src/syslog/stream.ts"
    syslog_stream.heap = h;
}

#line 100 "klib-src/syslog/stream.ts"
static void failed(boolean started)
{
#line 101 "klib-src/syslog/stream.ts"
    syslog_stream.link = LINK_STATE_IDLE;
    syslog_stream.out = 0;
    u64 retry = started ? HURRY_RETRY_MS : HURRY_RETRY_NO_ROUTE_MS;
    syslog_stream.next_try = kern_now(CLOCK_ID_MONOTONIC) + (syslog_stream.hurry ? milliseconds(retry) : backoff_delay(syslog_stream.failures));
    syslog_stream.failures++;
    resolve_stale();
}

#line 136 "klib-src/syslog/stream.ts"
static boolean start_connection(config c)
{
#line 137 "klib-src/syslog/stream.ts"
    if (c->protocol == PROTOCOL_TLS)
#line 137 "klib-src/syslog/stream.ts"
        return tls_connect_start(c, &syslog_stream.target,
                                 init_closure_func(&syslog_stream.on_connected, connection_handler, on_connected));
#line 138 "klib-src/syslog/stream.ts"
    status s = direct_connect(syslog_stream.heap, &syslog_stream.target, (u16)c->port,
                              init_closure_func(&syslog_stream.on_connected, connection_handler, on_connected));
#line 139 "klib-src/syslog/stream.ts"
    if (is_ok(s))
#line 139 "klib-src/syslog/stream.ts"
        return true;
    timm_dealloc(s);
    return false;
}

#line 145 "klib-src/syslog/stream.ts"
static void connect(config c)
{
#line 146 "klib-src/syslog/stream.ts"
    resolve_copy_address(&syslog_stream.target);
    if (start_connection(c))
#line 147 "klib-src/syslog/stream.ts"
        return;
#line 149 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    failed(false);
    spin_unlock_irq(&syslog_stream.lock, flags);
}

#line 155 "klib-src/syslog/stream.ts"
static buffer_handler live_output(void)
{
#line 156 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return o;
}

#line 164 "klib-src/syslog/stream.ts"
static boolean hand_over(buffer b)
{
#line 165 "klib-src/syslog/stream.ts"
    spin_lock(&syslog_stream.send_lock);
    buffer_handler o = live_output();
    boolean sent = false;
    if (o == 0) {
        deallocate_buffer(b);
    } else {
        status s = apply(o, b);
        sent = is_ok(s);
        if (!sent) {
#line 175 "klib-src/syslog/stream.ts"
            timm_dealloc(s);
            deallocate_buffer(b);
        }
    }
    spin_unlock(&syslog_stream.send_lock);
    return sent;
}

#line 186 "klib-src/syslog/stream.ts"
static bytes send_batch(config c, buffer host, buffer scratch, bytes limit)
{
#line 187 "klib-src/syslog/stream.ts"
    if (live_output() == 0)
#line 187 "klib-src/syslog/stream.ts"
        return 0;
    u64 end = ring_head();
    u64 pos = ring_tail(READER_NET);
    if (pos == end)
#line 190 "klib-src/syslog/stream.ts"
        return 0;
    buffer b = allocate_buffer(syslog_stream.heap, limit + c->max_message + 512);
    if (b == INVALID_ADDRESS)
#line 192 "klib-src/syslog/stream.ts"
        return 0;
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
    bytes n = buffer_length(b);
    if (n == 0) {
        deallocate_buffer(b);
        ring_release(READER_NET, pos);
        return 0;
    }
#line 210 "klib-src/syslog/stream.ts"
    if (!hand_over(b))
#line 210 "klib-src/syslog/stream.ts"
        return 0;
    ring_release(READER_NET, pos);
    return n;
}

#line 216 "klib-src/syslog/stream.ts"
void stream_hurry(void)
{
#line 217 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    syslog_stream.hurry = true;
    syslog_stream.next_try = 0;
    spin_unlock_irq(&syslog_stream.lock, flags);
}

#line 227 "klib-src/syslog/stream.ts"
boolean stream_flush(config c, buffer host, buffer scratch, boolean everything)
{
#line 229 "klib-src/syslog/stream.ts"
    boolean answer_due = resolve_in_flight();
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    boolean connect_now = syslog_stream.link == LINK_STATE_IDLE && !answer_due && kern_now(CLOCK_ID_MONOTONIC) >= syslog_stream.next_try;
    if (connect_now)
#line 232 "klib-src/syslog/stream.ts"
        syslog_stream.link = LINK_STATE_CONNECTING;
    boolean up = syslog_stream.link == LINK_STATE_CONNECTED;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (connect_now) {
        connect(c);
        return false;
    }
    if (!up)
#line 239 "klib-src/syslog/stream.ts"
        return false;
    boolean handed = false;
    boolean more = true;
    while (more) {
        u64 from = ring_tail(READER_NET);
        if (send_batch(c, host, scratch, BATCH_BYTES) > 0)
#line 244 "klib-src/syslog/stream.ts"
            handed = true;
#line 246 "klib-src/syslog/stream.ts"
        u64 to = ring_tail(READER_NET);
        more = everything && to != from && to != ring_head();
    }
    return handed;
}
