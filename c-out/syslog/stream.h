/* generated from klib-src/syslog/stream.ts by klibc - do not edit */
#pragma once
#include "../lib/failures.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "config.h"
#include "resolve.h"
#include "tls_bridge.h"

enum link_state {
    LINK_STATE_IDLE,
    LINK_STATE_CONNECTING,
    LINK_STATE_CONNECTED,
};

/* What went wrong with a connection, for the failure lines. Unavailable: protocol tls without the
 * syslog_tls klib, which tls_bridge.ts says once on its own. */
enum stream_failure {
    STREAM_FAILURE_NONE,
    STREAM_FAILURE_NOT_STARTED,
    STREAM_FAILURE_REFUSED,
    STREAM_FAILURE_LOST,
    STREAM_FAILURE_UNAVAILABLE,
};

/* The connection: allocated at init, passed to the network path; the callbacks capture it. */
typedef struct stream_transport {
    /* Set at init, then only read. */
    heap h;
    struct resolver *resolver;
    sstring protocol_name;
    /* Protocol tls: what the syslog_tls klib's connector reads (tls_bridge.ts); else null. */
    struct tls_request *tls;
    connection_handler on_connected;
    input_buffer_handler on_input;
    /* Used by the network path only (one at a time, under network.ts's guard). */
    struct ip_addr target;
    struct failure_run *failure_run;
    buffer reason;
    /* Held across out(b) (rule 5). */
    struct spinlock send_lock;
    struct spinlock lock;
    enum link_state link;
    buffer_handler out;
    struct logpipe_retry *retry;
    timestamp next_try;
    /* At shutdown: connect without the backoff's wait. */
    boolean hurry;
    /* Outcomes not yet reported (reportFailures): failures since the last report, the last one's
     * kind, and whether a connection came up (before those failures, or after). */
    u32 failed_count;
    enum stream_failure failed_how;
    boolean came_up;
    boolean came_up_first;
    /* The connect under way started before the interface had an address: its failure is not
     * told. */
    boolean connect_quiet;
} *stream_transport;

stream_transport stream_new(heap h, config c, log_pipe p, resolver r);
void stream_hurry(stream_transport t);
boolean stream_flush(stream_transport t, log_pipe p, config c, buffer host, buffer scratch,
                     boolean everything);
