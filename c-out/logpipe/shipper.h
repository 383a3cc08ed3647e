/* generated from klib-src/logpipe/shipper.ts by klibc - do not edit */
#pragma once
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "kept_body.h"
#include "retry.h"
#include "ring.h"
#include "sink.h"
#include "stats.h"

struct console_driver;

/* The retry policy's numbers (README.md): the first delays are below half a second, none above a
 * minute. */
#define RETRY_BASE_MS 500

#define RETRY_CAP_SECONDS 60

enum body_phase {
    BODY_PHASE_HEAD,
    BODY_PHASE_EVENTS,
    BODY_PHASE_TAIL,
    BODY_PHASE_DONE,
};

typedef struct shipper {
    /* The console driver, first: the kernel calls its write with the driver's address, which is
     * then the shipper's (shipperConsoleWrite). */
    struct console_driver driver;
    heap h;
    /* The klib's name, at the start of its console lines. */
    sstring klib;
    struct log_pipe *pipe;
    struct sink_api *api;
    /* Where the requests go: null until the sink's endpoint is known (shipperConnect). */
    struct endpoint *endpoint;
    timestamp flush_interval;
    timestamp stats_interval;
    /* Ring bytes in use from which a batch is full: it goes at once, and the console path kicks the
     * flush path. */
    u64 full_bytes;
    struct logpipe_retry *retry;
    /* Failure runs (from shipperConnect): batch requests that failed, lines the service refused,
     * setup requests. */
    struct failure_run *sending;
    struct failure_run *refusing;
    struct failure_run *setting;
    struct sink_answer *answer;
    buffer reason;
    struct shipper_stats *stats;
    /* The setup requests are done (until an answer asks for them again). */
    boolean setup_done;
    /* A request is in flight; it carries the batch (not a setup request). */
    boolean in_flight;
    boolean batch_in_flight;
    /* The batch taken has been sent before: sending it again is a retry. */
    boolean sent_before;
    /* When the last batch request was sent (monotonic; 0: none yet), for pacing: counted from the
     * send, not the answer, so that a line waits at most a flush interval and one request. */
    timestamp last_sent;
    /* The body being made: phase, event, cursor. */
    enum body_phase phase;
    struct log_event *event;
    struct body_cursor *cursor;
    status_handler shutdown_done;
    struct timer flush_timer;
    struct timer kick_timer;
    struct timer retry_timer;
    struct timer pace_timer;
    struct timer stats_timer;
    timer_handler on_flush;
    timer_handler on_kick;
    timer_handler on_wake;
    timer_handler on_stats;
    status_handler on_answer;
    input_buffer_handler body_parts;
    /* The body made once and read twice, when the sink reads it twice (SinkApi.bodyReadTwice); else
     * null. */
    struct kept_body *kept;
    thunk on_late_line;
} *shipper;

shipper shipper_new(heap h, sstring klib, log_pipe pipe, sink_api api, timestamp flush_interval,
                    timestamp stats_interval);
void shipper_start(shipper s);
boolean shipper_connect(shipper s, endpoint to);
void shipper_kick(shipper s);
void shipper_shutdown(shipper s, status_handler done);
bytes shipper_unshipped(shipper s);
void shipper_deadline_passed(shipper s, u64 limit_seconds);
