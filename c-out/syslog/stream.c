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
    struct ip_addr target;
    struct spinlock send_lock;
    struct spinlock lock;
    enum link_state link;
    buffer_handler out;
    u32 link_generation;
    boolean moving;
    u32 failures;
    timestamp next_try;
    status_handler closing;
    boolean close_after_sending;
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

#line 127 "klib-src/syslog/stream.ts"
closure_func_basic(input_buffer_handler, boolean, on_input,
                   buffer b)
{
#line 128 "klib-src/syslog/stream.ts"
    if (b != 0)
#line 128 "klib-src/syslog/stream.ts"
        return false;
#line 132 "klib-src/syslog/stream.ts"
    spin_lock(&syslog_stream.send_lock);
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    status_handler done = 0;
    if (syslog_stream.moving) {
#line 138 "klib-src/syslog/stream.ts"
        syslog_stream.link = LINK_STATE_IDLE;
        syslog_stream.out = 0;
        syslog_stream.moving = false;
        syslog_stream.next_try = 0;
    } else {
#line 144 "klib-src/syslog/stream.ts"
        failed();
        done = take_shutdown();
    }
    spin_unlock_irq(&syslog_stream.lock, flags);
    spin_unlock(&syslog_stream.send_lock);
    finish_shutdown(done);
    return false;
}

#line 153 "klib-src/syslog/stream.ts"
closure_func_basic(connection_handler, input_buffer_handler, on_connected,
                   buffer_handler o)
{
#line 154 "klib-src/syslog/stream.ts"
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
#line 168 "klib-src/syslog/stream.ts"
    if (syslog_stream.closing != 0)
#line 168 "klib-src/syslog/stream.ts"
        syslog_stream.close_after_sending = true;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return init_closure_func(&syslog_stream.on_input, input_buffer_handler, on_input);
}

#line 173 "klib-src/syslog/stream.ts"
closure_func_basic(timer_handler, void, on_shutdown_deadline,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 174 "klib-src/syslog/stream.ts"
    if (overruns == timer_disabled)
#line 174 "klib-src/syslog/stream.ts"
        return;
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    status_handler done = take_shutdown();
    spin_unlock_irq(&syslog_stream.lock, flags);
    finish_shutdown(done);
}

#line 101 "klib-src/syslog/stream.ts"
void stream_init(heap h, config c)
{
    (void)c;
#line 102 "klib-src/syslog/stream.ts"
    syslog_stream.heap = h;
}

#line 106 "klib-src/syslog/stream.ts"
static void failed(void)
{
#line 107 "klib-src/syslog/stream.ts"
    syslog_stream.link = LINK_STATE_IDLE;
    syslog_stream.out = 0;
    syslog_stream.moving = false;
    syslog_stream.next_try = kern_now(CLOCK_ID_MONOTONIC) + backoff_delay(syslog_stream.failures);
    syslog_stream.failures++;
    resolve_stale();
}

#line 116 "klib-src/syslog/stream.ts"
static status_handler take_shutdown(void)
{
#line 117 "klib-src/syslog/stream.ts"
    status_handler done = syslog_stream.closing;
    syslog_stream.closing = 0;
    return done;
}

#line 123 "klib-src/syslog/stream.ts"
static void finish_shutdown(status_handler done)
{
#line 124 "klib-src/syslog/stream.ts"
    if (done != 0)
#line 124 "klib-src/syslog/stream.ts"
        apply(done, STATUS_OK);
}

#line 182 "klib-src/syslog/stream.ts"
static boolean start_connection(config c)
{
#line 183 "klib-src/syslog/stream.ts"
    if (c->protocol == PROTOCOL_TLS)
#line 183 "klib-src/syslog/stream.ts"
        return tls_connect_start(c, &syslog_stream.target,
                                 init_closure_func(&syslog_stream.on_connected, connection_handler, on_connected));
#line 184 "klib-src/syslog/stream.ts"
    status s = direct_connect(syslog_stream.heap, &syslog_stream.target, (u16)c->port,
                              init_closure_func(&syslog_stream.on_connected, connection_handler, on_connected));
#line 185 "klib-src/syslog/stream.ts"
    if (is_ok(s))
#line 185 "klib-src/syslog/stream.ts"
        return true;
    timm_dealloc(s);
    return false;
}

#line 191 "klib-src/syslog/stream.ts"
static void connect(config c)
{
#line 192 "klib-src/syslog/stream.ts"
    u32 generation = resolve_copy_address(&syslog_stream.target);
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    syslog_stream.link_generation = generation;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (start_connection(c))
#line 196 "klib-src/syslog/stream.ts"
        return;
#line 198 "klib-src/syslog/stream.ts"
    flags = spin_lock_irq(&syslog_stream.lock);
    failed();
    status_handler done = take_shutdown();
    spin_unlock_irq(&syslog_stream.lock, flags);
    finish_shutdown(done);
}

#line 206 "klib-src/syslog/stream.ts"
static buffer_handler live_output(void)
{
#line 207 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    spin_unlock_irq(&syslog_stream.lock, flags);
    return o;
}

#line 215 "klib-src/syslog/stream.ts"
static boolean hand_over(buffer b)
{
#line 216 "klib-src/syslog/stream.ts"
    spin_lock(&syslog_stream.send_lock);
    buffer_handler o = live_output();
    boolean sent = false;
    if (o == 0) {
        deallocate_buffer(b);
    } else {
        status s = apply(o, b);
        sent = is_ok(s);
        if (!sent) {
#line 226 "klib-src/syslog/stream.ts"
            timm_dealloc(s);
            deallocate_buffer(b);
        }
    }
    spin_unlock(&syslog_stream.send_lock);
    return sent;
}

#line 236 "klib-src/syslog/stream.ts"
static boolean send_batch(config c, buffer host, buffer scratch, bytes limit)
{
#line 237 "klib-src/syslog/stream.ts"
    if (live_output() == 0)
#line 237 "klib-src/syslog/stream.ts"
        return false;
    u64 end = ring_head();
    u64 pos = ring_tail(READER_NET);
    if (pos == end)
#line 240 "klib-src/syslog/stream.ts"
        return false;
    buffer b = allocate_buffer(syslog_stream.heap, limit + c->max_message + 512);
    if (b == INVALID_ADDRESS)
#line 242 "klib-src/syslog/stream.ts"
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
#line 259 "klib-src/syslog/stream.ts"
    if (!hand_over(b))
#line 259 "klib-src/syslog/stream.ts"
        return false;
    ring_release(READER_NET, pos);
    return true;
}

#line 265 "klib-src/syslog/stream.ts"
static void move(void)
{
#line 266 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    if (o != 0) {
        syslog_stream.link = LINK_STATE_CLOSING;
        syslog_stream.moving = true;
    }
    spin_unlock_irq(&syslog_stream.lock, flags);
#line 274 "klib-src/syslog/stream.ts"
    if (o != 0)
#line 274 "klib-src/syslog/stream.ts"
        apply(o, 0);
}

#line 278 "klib-src/syslog/stream.ts"
void stream_flush(config c, buffer host, buffer scratch)
{
#line 279 "klib-src/syslog/stream.ts"
    u32 generation = resolve_generation();
#line 281 "klib-src/syslog/stream.ts"
    boolean answer_due = resolve_in_flight();
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    boolean connect_now = syslog_stream.link == LINK_STATE_IDLE && !answer_due && kern_now(CLOCK_ID_MONOTONIC) >= syslog_stream.next_try;
    if (connect_now)
#line 284 "klib-src/syslog/stream.ts"
        syslog_stream.link = LINK_STATE_CONNECTING;
    boolean up = syslog_stream.link == LINK_STATE_CONNECTED;
    boolean closable = up && syslog_stream.settled;
    if (up)
#line 287 "klib-src/syslog/stream.ts"
        syslog_stream.settled = true;
    boolean close_now = closable && syslog_stream.close_after_sending;
    if (close_now)
#line 289 "klib-src/syslog/stream.ts"
        syslog_stream.close_after_sending = false;
    boolean move_now = closable && !close_now && syslog_stream.closing == 0 && generation != syslog_stream.link_generation;
    boolean send_now = up && !close_now && !move_now;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (connect_now)
#line 293 "klib-src/syslog/stream.ts"
        connect(c);
    else
#line 294 "klib-src/syslog/stream.ts"
        if (close_now)
#line 294 "klib-src/syslog/stream.ts"
            send_all_and_close();
        else
#line 295 "klib-src/syslog/stream.ts"
            if (move_now)
#line 295 "klib-src/syslog/stream.ts"
                move();
            else
#line 296 "klib-src/syslog/stream.ts"
                if (send_now)
#line 296 "klib-src/syslog/stream.ts"
                    send_batch(c, host, scratch, BATCH_BYTES);
}

#line 303 "klib-src/syslog/stream.ts"
void stream_shutdown(config c, buffer host, buffer scratch, status_handler done)
{
#line 304 "klib-src/syslog/stream.ts"
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
#line 314 "klib-src/syslog/stream.ts"
        syslog_stream.link = LINK_STATE_CONNECTING;
#line 316 "klib-src/syslog/stream.ts"
    boolean send_now = syslog_stream.link == LINK_STATE_CONNECTED && syslog_stream.settled;
    if (syslog_stream.link == LINK_STATE_CONNECTED && !syslog_stream.settled)
#line 317 "klib-src/syslog/stream.ts"
        syslog_stream.close_after_sending = true;
    spin_unlock_irq(&syslog_stream.lock, flags);
#line 320 "klib-src/syslog/stream.ts"
    register_timer(kernel_timers, &syslog_stream.deadline, CLOCK_ID_MONOTONIC,
                   seconds(SHUTDOWN_WAIT_SECONDS), false, 0,
                   init_closure_func(&syslog_stream.on_shutdown_deadline, timer_handler, on_shutdown_deadline));
#line 322 "klib-src/syslog/stream.ts"
    if (connect_now)
#line 322 "klib-src/syslog/stream.ts"
        connect(c);
    else
#line 323 "klib-src/syslog/stream.ts"
        if (send_now)
#line 323 "klib-src/syslog/stream.ts"
            send_all_and_close();
}

#line 326 "klib-src/syslog/stream.ts"
static void send_all_and_close(void)
{
#line 327 "klib-src/syslog/stream.ts"
    u64 flags = spin_lock_irq(&syslog_stream.lock);
    config c = syslog_stream.shutdown_config;
    buffer host = syslog_stream.shutdown_host;
    buffer scratch = syslog_stream.shutdown_scratch;
    spin_unlock_irq(&syslog_stream.lock, flags);
    if (c == 0 || host == 0 || scratch == 0)
#line 332 "klib-src/syslog/stream.ts"
        return;
    while (send_batch(c, host, scratch, BATCH_BYTES)) {
    }
#line 334 "klib-src/syslog/stream.ts"
    flags = spin_lock_irq(&syslog_stream.lock);
    buffer_handler o = syslog_stream.link == LINK_STATE_CONNECTED ? syslog_stream.out : 0;
    if (o != 0)
#line 336 "klib-src/syslog/stream.ts"
        syslog_stream.link = LINK_STATE_CLOSING;
    spin_unlock_irq(&syslog_stream.lock, flags);
#line 340 "klib-src/syslog/stream.ts"
    if (o != 0)
#line 340 "klib-src/syslog/stream.ts"
        apply(o, 0);
}
