/* generated from klib-src/syslog/network.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/failures.h"
#include "../logpipe/batch.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "config.h"
#include "console_watch.h"
#include "hostname.h"
#include "lines.h"
#include "resolve.h"
#include "shutdown.h"
#include "stream.h"
#include "tls_bridge.h"
#include "udp.h"
#include "network.h"

/* NetworkOutput output: waits for the server's address and for the HOSTNAME field, then hands the
 * log pipe's lines to the configured transport. At shutdown nothing waits any more (HOSTNAME is "-"
 * until an address comes, a connect is tried at once): a ticker ships what the console printed, the
 * kernel's last lines included, until shutdown.ts gives the merge back; after that a console line
 * is flushed at once (shutdown.ts, "After the release"). */

/* How often the shutdown ships what the console prints. */
#define SHUTDOWN_TICK_MS 10

/* UDP: while lines wait after a flush, the next comes after this long (udp.ts: small bursts). */
#define UDP_PACE_MS 10

/* How long bytes handed to a TCP or TLS connection get to leave before the VM may halt. A klib is
 * told nothing of TCP's acknowledgements, so this is a guess: ample for a LAN (lwIP holds up to
 * 208 KiB a connection and sends it within a few round trips), and what a lost segment or a
 * server that stopped reading would need is not waited for. */
#define STREAM_LINGER_MS 1000

/* The same for datagrams: udp_sendto hands them to the interface's queue, which the VM's exit
 * drops (in a Nanos VM under QEMU, the last 77 of a 1000-datagram burst sent right before the
 * halt were lost without this wait). */
#define UDP_LINGER_MS 250

closure_function(1, 2, void, network_new_on_pace,
                 network_output, n,
                 u64 expiry, u64 overruns)
{
    if (overruns != timer_disabled)
        network_flush(bound(n));
}

closure_function(1, 2, void, network_new_on_shutdown_tick,
                 network_output, n,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    lines_tick(bound(n)->lines, false, true);
    network_flush(bound(n));
}

closure_function(1, 2, void, network_new_on_late_write,
                 network_output, n,
                 u64 expiry, u64 overruns)
{
    /* First: a line printed during this flush arms the timer again (it is not queued while its
     * handler runs). */
    shutdown_late_flushed(bound(n)->hold);
    if (overruns == timer_disabled)
        return;
    lines_tick(bound(n)->lines, true, true);
    network_flush(bound(n));
}

/* The network output to `server` (the configuration's): its record, its resolver and transport,
 * its timers' handlers. Null when memory is short. */
network_output network_new(heap h, config c, buffer server, console_lines l, buffer scratch,
                           hostname_field host, shutdown_hold hold)
{
    network_output n = allocate(h, sizeof(struct network_output));
    resolver r = resolver_new(h, server, c->resolve_interval);
    if (n == INVALID_ADDRESS || r == 0)
        return 0;
    n->resolver = r;
    n->h = h;
    n->config = c;
    n->lines = l;
    n->pipe = l->pipe;
    n->scratch = scratch;
    n->host = host;
    n->hold = hold;
    n->udp = 0;
    n->stream = 0;
    if (c->protocol == PROTOCOL_UDP) {
        n->udp = udp_transport_new(h);
        if (n->udp == 0)
            return 0;
    } else {
        n->stream = stream_new(h, c, l->pipe, r);
        if (n->stream == 0)
            return 0;
    }
    spin_lock_init(&n->guard);
    init_timer(&n->ticker);
    init_timer(&n->late_timer);
    init_timer(&n->pace_timer);
    n->on_pace = closure(h, network_new_on_pace, n);
    n->on_shutdown_tick = closure(h, network_new_on_shutdown_tick, n);
    n->on_late_write = closure(h, network_new_on_late_write, n);
    if (n->on_pace == INVALID_ADDRESS || n->on_shutdown_tick == INVALID_ADDRESS ||
        n->on_late_write == INVALID_ADDRESS) {
        return 0;
    }
    return n;
}

/* UDP lines wait after this flush: flush again soon (not at shutdown: its ticker does). Under the
 * guard. */
static void pace_again(network_output n)
{
    /* Not while it is queued (the kernel asserts on that); inside its own handler it is not. */
    if (!timer_is_active(&n->pace_timer)) {
        register_timer(kernel_timers, &n->pace_timer, CLOCK_ID_MONOTONIC, milliseconds(UDP_PACE_MS),
                       false, 0, n->on_pace);
    }
}

void network_flush(network_output n)
{
    if (!spin_try(&n->guard))
        return;
    config c = n->config;
    log_pipe p = n->pipe;
    boolean urgent = shutdown_started(n->hold);
    resolve_if_due(n->resolver);
    buffer host = urgent ? hostname_or_nil(n->host) : hostname(n->host);
    boolean handed = false;
    if (host != 0 && server_known(n->resolver)) {
        udp_transport u = n->udp;
        stream_transport t = n->stream;
        if (u != 0) {
            handed = udp_flush(u, n->resolver, p, c, host, n->scratch);
            if (!urgent && udp_backlog(u))
                pace_again(n);
        } else if (t != 0) {
            handed = stream_flush(t, p, c, host, n->scratch, urgent);
        }
    }
    enum release release = urgent
                           ? shutdown_check(n->hold, logpipe_pending(p), handed)
                           : RELEASE_HOLD;
    /* Counted only when it is said (the pipe's batches are this guard's). */
    u64 unsent = release == RELEASE_DEADLINE ? logpipe_undelivered(p) : 0;
    spin_unlock(&n->guard);
    if (release == RELEASE_HOLD)
        return;
    if (release == RELEASE_DEADLINE)
        shutdown_report_unsent(unsent);
    lines_final_report(n->lines);
    /* The merge is given back here, and the kernel may halt inside: nothing follows. */
    shutdown_give_back(n->hold);
}

/* At shutdown: holds `done` until what the pipe holds (and what the console prints meanwhile) is
 * sent, or until shutdown.ts's deadline. A connection is never closed (stream.ts, at the top). */
void network_shutdown(network_output n, status_handler done)
{
    u64 linger = n->config->protocol == PROTOCOL_UDP ? UDP_LINGER_MS : STREAM_LINGER_MS;
    if (shutdown_hold_merge(n->hold, done, linger)) {
        resolve_hurry(n->resolver);
        if (n->stream != 0)
            stream_hurry(n->stream);
        /* Once only, and never removed: a later shutdown (kernel_shutdown again after a halt)
         * finds it running. */
        register_timer(kernel_timers, &n->ticker, CLOCK_ID_MONOTONIC,
                       milliseconds(SHUTDOWN_TICK_MS), false, milliseconds(SHUTDOWN_TICK_MS),
                       n->on_shutdown_tick);
    }
    network_flush(n);
}

/* For the console write path, after the copy: once the merge is given back, arms the zero-delay
 * timer that flushes the line (unless it is armed already). Nothing else happens in the write. */
void network_console_written(network_output n)
{
    if (shutdown_late_write(n->hold)) {
        register_timer(kernel_timers, &n->late_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                       n->on_late_write);
    }
}
