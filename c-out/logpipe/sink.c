/* generated from klib-src/logpipe/sink.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "ring.h"
#include "sink.h"

/* What a sink gives the shipper (shipper.ts): a record of functions that know one API, and the
 * outcomes an answer can have. Everything else (the ring, batches, timers, pacing, retries,
 * failure lines, counters, the drain at shutdown) is the shipper's. docs/adding-a-sink.md walks
 * through writing one.
 *
 * Each function gets the sink's own record (`sink`, as given in SinkApi.sink) first. They run on
 * the flush path: a timer or the HTTP client's completion, one at a time. */

/* A SinkApi to fill in (ready and setup default to always ready, no setup); null when out of
 * memory. */
sink_api sink_api_new(heap h, void *sink)
{
    sink_api a = allocate(h, sizeof(struct sink_api));
    if (a == INVALID_ADDRESS)
        return 0;
    a->sink = sink;
    a->setup_operation = ss("");
    a->ready = always_ready;
    a->setup = no_setup;
    a->body_read_twice = false;
    return a;
}

/* For sinks that need nothing (credentials, names) before a request can be made. */
boolean always_ready(void *sink __attribute__((unused)))
{
    return true;
}

/* For sinks with nothing to do before the first batch. */
enum sink_setup_step no_setup(void *sink __attribute__((unused)),
                              status_handler done __attribute__((unused)))
{
    return SINK_SETUP_STEP_DONE;
}

/* The answer record of a shipper. */
sink_answer sink_answer_new(heap h)
{
    sink_answer a = allocate(h, sizeof(struct sink_answer));
    if (a == INVALID_ADDRESS)
        return 0;
    a->code = allocate_buffer(h, 64);
    if (a->code == INVALID_ADDRESS)
        return 0;
    a->lines = 0;
    a->refused = 0;
    return a;
}
