/* generated from klib-src/syslog/network.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "config.h"
#include "hostname.h"
#include "lines.h"
#include "resolve.h"
#include "shutdown.h"
#include "stream.h"
#include "udp.h"

/* The flush timer, the shutdown completion, the shutdown ticker and the late flush can run on
 * different CPUs: one at a time, under the record's `guard`. Everything the transports keep for the
 * network path alone (the UdpTransport record, the pipe's batches, the scratch buffer, the
 * HostnameField record, the failure reports) relies on this guard. What other contexts touch has a
 * lock of its own: stream.ts's connection state (connection callbacks), resolve.ts's answer (DNS
 * callbacks), the pipe's positions (console writes, the file's follower), the shutdown's hold. */
typedef struct network_output {
    heap h;
    struct config *config;
    struct console_lines *lines;
    struct log_pipe *pipe;
    /* One message's text, formatted before it is sent. */
    buffer scratch;
    struct hostname_field *host;
    struct shutdown_hold *hold;
    struct resolver *resolver;
    /* One transport: UDP, or a stream (protocol tcp or tls). */
    struct udp_transport *udp;
    struct stream_transport *stream;
    struct spinlock guard;
    /* Started by the first shutdown, never removed. */
    struct timer ticker;
    struct timer late_timer;
    /* UDP's pace timer, armed under the guard while lines wait. */
    struct timer pace_timer;
    timer_handler on_pace;
    timer_handler on_shutdown_tick;
    timer_handler on_late_write;
} *network_output;

network_output network_new(heap h, config c, buffer server, console_lines l, buffer scratch,
                           hostname_field host, shutdown_hold hold);
void network_flush(network_output n);
void network_shutdown(network_output n, status_handler done);
void network_console_written(network_output n);
