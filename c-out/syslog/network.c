/* generated from klib-src/syslog/network.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../logpipe/batch.h"
#include "../logpipe/ring.h"
#include "config.h"
#include "console_watch.h"
#include "hostname.h"
#include "lines.h"
#include "resolve.h"
#include "shutdown.h"
#include "stream.h"
#include "udp.h"
#include "network.h"

/* Network output: waits for the server's address and for the HOSTNAME field, then hands the log
 * pipe's lines to the configured transport. At shutdown nothing waits any more (HOSTNAME is "-"
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

static struct syslog_network {
    /* The flush timer, the shutdown completion, the shutdown ticker and the late flush can run on
     * different CPUs: one at a time. Everything the transports keep for the network path alone
     * (udp.ts's state, the pipe's batches, the scratch buffer, hostname.ts, the failure reports)
     * relies on this guard. What other contexts touch has a lock of its own: stream.ts's connection
     * state (connection callbacks), resolve.ts's answer (DNS callbacks), the pipe's positions
     * (console writes, the file's follower), shutdown.ts's hold. */
    struct spinlock guard;
    /* Set by the first shutdown, before the ticker starts; the same on a later one. */
    struct config *shutdown_config;
    struct log_pipe *shutdown_pipe;
    buffer shutdown_scratch;
    struct timer ticker;
    struct timer late_timer;
    /* UDP's pace timer, armed under the guard while lines wait, and what its flush needs. */
    struct timer pace_timer;
    struct config *pace_config;
    struct log_pipe *pace_pipe;
    buffer pace_scratch;
    closure_struct(timer_handler, on_pace);
    closure_struct(timer_handler, on_shutdown_tick);
    closure_struct(timer_handler, on_late_write);
} syslog_network;

closure_func_basic(timer_handler, void, on_pace,
                   u64 expiry, u64 overruns)
{
    config c = syslog_network.pace_config;
    log_pipe p = syslog_network.pace_pipe;
    buffer scratch = syslog_network.pace_scratch;
    if (overruns == timer_disabled || c == 0 || p == 0 || scratch == 0)
        return;
    network_flush(c, p, scratch);
}

closure_func_basic(timer_handler, void, on_shutdown_tick,
                   u64 expiry, u64 overruns)
{
    config c = syslog_network.shutdown_config;
    log_pipe p = syslog_network.shutdown_pipe;
    buffer scratch = syslog_network.shutdown_scratch;
    if (overruns == timer_disabled || c == 0 || p == 0 || scratch == 0)
        return;
    lines_tick(p, false, true);
    network_flush(c, p, scratch);
}

closure_func_basic(timer_handler, void, on_late_write,
                   u64 expiry, u64 overruns)
{
    /* First: a line printed during this flush arms the timer again (it is not queued while its
     * handler runs). */
    shutdown_late_flushed();
    config c = syslog_network.shutdown_config;
    log_pipe p = syslog_network.shutdown_pipe;
    buffer scratch = syslog_network.shutdown_scratch;
    if (overruns == timer_disabled || c == 0 || p == 0 || scratch == 0)
        return;
    lines_tick(p, true, true);
    network_flush(c, p, scratch);
}

/* UDP lines wait after this flush: flush again soon (not at shutdown: its ticker does). Under the
 * guard. */
static void pace_again(config c, log_pipe p, buffer scratch)
{
    syslog_network.pace_config = c;
    syslog_network.pace_pipe = p;
    syslog_network.pace_scratch = scratch;
    /* Not while it is queued (the kernel asserts on that); inside its own handler it is not. */
    if (!timer_is_active(&syslog_network.pace_timer)) {
        register_timer(kernel_timers, &syslog_network.pace_timer, CLOCK_ID_MONOTONIC,
                       milliseconds(UDP_PACE_MS), false, 0,
                       init_closure_func(&syslog_network.on_pace, timer_handler, on_pace));
    }
}

void network_flush(config c, log_pipe p, buffer scratch)
{
    if (c->server == 0 || !spin_try(&syslog_network.guard))
        return;
    boolean urgent = shutdown_started();
    resolve_if_due();
    buffer host = urgent ? hostname_or_nil() : hostname();
    boolean handed = false;
    if (host != 0 && server_known()) {
        if (c->protocol == PROTOCOL_UDP) {
            handed = udp_flush(p, c, host, scratch);
            if (!urgent && udp_backlog())
                pace_again(c, p, scratch);
        } else {
            handed = stream_flush(p, c, host, scratch, urgent);
        }
    }
    enum release release = urgent ? shutdown_check(logpipe_pending(p), handed) : RELEASE_HOLD;
    /* Counted only when it is said (the pipe's batches are this guard's). */
    u64 unsent = release == RELEASE_DEADLINE ? logpipe_undelivered(p) : 0;
    spin_unlock(&syslog_network.guard);
    if (release == RELEASE_HOLD)
        return;
    if (release == RELEASE_DEADLINE)
        shutdown_report_unsent(unsent);
    lines_final_report(p);
    /* The merge is given back here, and the kernel may halt inside: nothing follows. */
    shutdown_give_back();
}

/* At shutdown: holds `done` until what the pipe holds (and what the console prints meanwhile) is
 * sent, or until shutdown.ts's deadline. A connection is never closed (stream.ts, at the top). */
void network_shutdown(heap h, config c, log_pipe p, buffer scratch, status_handler done)
{
    if (c->server == 0) {
        apply(done, STATUS_OK);
        return;
    }
    spin_lock(&syslog_network.guard);
    syslog_network.shutdown_config = c;
    syslog_network.shutdown_pipe = p;
    syslog_network.shutdown_scratch = scratch;
    spin_unlock(&syslog_network.guard);
    u64 linger = c->protocol == PROTOCOL_UDP ? UDP_LINGER_MS : STREAM_LINGER_MS;
    if (shutdown_hold(h, done, linger)) {
        resolve_hurry();
        stream_hurry();
        /* Once only, and never removed: a later shutdown (kernel_shutdown again after a halt)
         * finds it running. */
        register_timer(kernel_timers, &syslog_network.ticker, CLOCK_ID_MONOTONIC,
                       milliseconds(SHUTDOWN_TICK_MS), false, milliseconds(SHUTDOWN_TICK_MS),
                       init_closure_func(&syslog_network.on_shutdown_tick, timer_handler,
                                         on_shutdown_tick));
    }
    network_flush(c, p, scratch);
}

/* For the console write path, after the copy: once the merge is given back, arms the zero-delay
 * timer that flushes the line (unless it is armed already). Nothing else happens in the write. */
void network_console_written(void)
{
    if (shutdown_late_write())
        register_timer(kernel_timers, &syslog_network.late_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                       init_closure_func(&syslog_network.on_late_write, timer_handler,
                                         on_late_write));
}
