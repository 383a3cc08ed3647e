/* generated from klib-src/logpipe/sink.ts by klibc - do not edit */
#pragma once
#include "../lib/http_client.h"
#include "ring.h"

/* What an answer means for the request that got it. */
enum sink_outcome {
    /* Stored (a batch the service says it already has, such as DataAlreadyAccepted, included). */
    SINK_OUTCOME_DELIVERED,
    /* Stored but for `answer.refused` lines the service refused (too old, invalid): those are
     * dropped. */
    SINK_OUTCOME_PARTIAL,
    /* Not stored, worth sending again after a backoff: throttled, a server error, an answer not
     * understood. */
    SINK_OUTCOME_RETRY,
    /* The credentials or token were refused: the sink renews them (ready() is false meanwhile),
     * then the same request goes again. */
    SINK_OUTCOME_RENEW,
    /* Send the same batch again at once: the sink took what the answer asked for
     * (InvalidSequenceToken's expected token). */
    SINK_OUTCOME_RESEND,
    /* The destination is gone (ResourceNotFound): the setup requests run again, then the batch goes
     * again. */
    SINK_OUTCOME_SETUP,
    /* Refused for good: the batch is dropped (`answer.refused` lines, or all of them when 0). */
    SINK_OUTCOME_REFUSED,
};

/* What SinkSetup did. */
enum sink_setup_step {
    /* Nothing is due: batches may go. */
    SINK_SETUP_STEP_DONE,
    /* A setup request was started. */
    SINK_SETUP_STEP_SENT,
    /* One is due but could not be made (out of memory): the shipper retries after a backoff. */
    SINK_SETUP_STEP_NOT_SENT,
};

/* Filled by the shipper and the sink's classify for one answer. */
typedef struct sink_answer {
    /* Lines (events) of the batch the answer is for; 0 for a setup request. */
    u32 lines;
    /* Lines the service refused (Partial; Refused when only some of them). */
    u32 refused;
    /* The service's error code (ThrottlingException, RESOURCE_EXHAUSTED), for the console line;
     * empty when none. Never a message or a body. */
    buffer code;
} *sink_answer;

/* Where the body writer is in the batch: the event's index, and the sink's progress within it. */
typedef struct body_cursor {
    /* The event's index in the batch (0 for the first: no separator before it). */
    u32 index;
    /* Bytes of the event the sink has written so far (0 at its start); the sink's to use. */
    u32 offset;
    /* The sink has written the event's opening (its own flag: false at each event's start). */
    boolean begun;
} *body_cursor;

typedef struct sink_api {
    /* The sink's own record, passed to every function below. */
    void *sink;
    /* The batch request's name in console lines (PutLogEvents, entries.write). */
    sstring operation;
    /* The setup requests' name in console lines (CreateLogGroup/CreateLogStream); unused without
     * setup. */
    sstring setup_operation;
    /* The service's name, for the line of a shutdown deadline ("CloudWatch Logs was never
     * reached"). */
    sstring service;
    boolean (*ready)(void *);
    enum sink_setup_step (*setup)(void *, status_handler);
    void (*write_head)(void *, buffer);
    boolean (*write_event)(void *, buffer, log_event, body_cursor, bytes);
    void (*write_tail)(void *, buffer);
    boolean (*send)(void *, input_buffer_handler, status_handler);
    enum sink_outcome (*classify)(void *, http_client, sink_answer);
    /* `send` reads the body twice (cloudwatch: hashed for the signature, then sent): the shipper
     * then keeps the parts it makes in the ring's spare room, so the second reading copies them
     * (kept_body.ts). False by default. */
    boolean body_read_twice;
} *sink_api;

sink_api sink_api_new(heap h, void *sink);
boolean always_ready(void *sink);
enum sink_setup_step no_setup(void *sink, status_handler done);
sink_answer sink_answer_new(heap h);
