/* generated from klib-src/syslog/network.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "config.h"
#include "hostname.h"
#include "resolve.h"
#include "ring.h"
#include "shutdown.h"
#include "stream.h"
#include "udp.h"
#include "network.h"

#define SHUTDOWN_TICK_MS 10
#define SHUTDOWN_PARTIAL_WAIT_MS 100
#define STREAM_LINGER_MS 1000
#define UDP_LINGER_MS 250

static struct syslog_network {
    struct spinlock guard;
    struct config *shutdown_config;
    buffer shutdown_scratch;
    struct timer ticker;
    struct timer late_timer;
    closure_struct(timer_handler, on_shutdown_tick);
    closure_struct(timer_handler, on_late_write);
} syslog_network;

#line 67 "klib-src/syslog/network.ts"
closure_func_basic(timer_handler, void, on_shutdown_tick,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 68 "klib-src/syslog/network.ts"
    config c = syslog_network.shutdown_config;
    buffer scratch = syslog_network.shutdown_scratch;
    if (overruns == timer_disabled || c == 0 || scratch == 0)
#line 70 "klib-src/syslog/network.ts"
        return;
    ring_commit_stale(milliseconds(SHUTDOWN_PARTIAL_WAIT_MS));
    network_flush(c, scratch);
}

#line 75 "klib-src/syslog/network.ts"
closure_func_basic(timer_handler, void, on_late_write,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 78 "klib-src/syslog/network.ts"
    shutdown_late_flushed();
    config c = syslog_network.shutdown_config;
    buffer scratch = syslog_network.shutdown_scratch;
    if (overruns == timer_disabled || c == 0 || scratch == 0)
#line 81 "klib-src/syslog/network.ts"
        return;
    ring_commit_stale(0);
    network_flush(c, scratch);
}

#line 50 "klib-src/syslog/network.ts"
void network_flush(config c, buffer scratch)
{
#line 51 "klib-src/syslog/network.ts"
    if (c->server == 0 || !spin_try(&syslog_network.guard))
#line 51 "klib-src/syslog/network.ts"
        return;
    boolean urgent = shutdown_started();
    resolve_if_due();
    buffer host = urgent ? hostname_or_nil() : hostname();
    boolean handed = false;
    if (host != 0 && server_known()) {
        if (c->protocol == PROTOCOL_UDP)
#line 57 "klib-src/syslog/network.ts"
            handed = udp_flush(c, host, scratch, urgent);
        else
#line 58 "klib-src/syslog/network.ts"
            handed = stream_flush(c, host, scratch, urgent);
    }
    boolean pending = urgent && ring_net_pending();
    u64 unsent = pending ? ring_net_lines() : 0;
    spin_unlock(&syslog_network.guard);
#line 64 "klib-src/syslog/network.ts"
    if (urgent)
#line 64 "klib-src/syslog/network.ts"
        shutdown_progress(pending, handed, unsent);
}

#line 90 "klib-src/syslog/network.ts"
void network_shutdown(heap h, config c, buffer scratch, status_handler done)
{
#line 91 "klib-src/syslog/network.ts"
    if (c->server == 0) {
        apply(done, STATUS_OK);
        return;
    }
    spin_lock(&syslog_network.guard);
    syslog_network.shutdown_config = c;
    syslog_network.shutdown_scratch = scratch;
    spin_unlock(&syslog_network.guard);
    u64 linger = c->protocol == PROTOCOL_UDP ? UDP_LINGER_MS : STREAM_LINGER_MS;
    if (shutdown_hold(h, done, linger)) {
        resolve_hurry();
        stream_hurry();
#line 105 "klib-src/syslog/network.ts"
        register_timer(kernel_timers, &syslog_network.ticker, CLOCK_ID_MONOTONIC,
                       milliseconds(SHUTDOWN_TICK_MS), false, milliseconds(SHUTDOWN_TICK_MS),
                       init_closure_func(&syslog_network.on_shutdown_tick, timer_handler, on_shutdown_tick));
    }
#line 108 "klib-src/syslog/network.ts"
    network_flush(c, scratch);
}

#line 115 "klib-src/syslog/network.ts"
void network_console_written(void)
{
#line 116 "klib-src/syslog/network.ts"
    if (shutdown_late_write())
#line 116 "klib-src/syslog/network.ts"
        register_timer(kernel_timers, &syslog_network.late_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                       init_closure_func(&syslog_network.on_late_write, timer_handler, on_late_write));
}
