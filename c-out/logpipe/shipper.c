/* generated from klib-src/logpipe/shipper.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/shutdown_deadline.h"
#include "batch.h"
#include "kept_body.h"
#include "retry.h"
#include "ring.h"
#include "sink.h"
#include "stats.h"
#include "writer.h"
#include "shipper.h"

/* The sink runtime: ships a log pipe's lines to an API, the API known only through a SinkApi
 * record (sink.ts). It owns the console driver (copy into the ring, and a kick when the ring fills
 * up), the flush timer, the setup requests before the first batch, taking a batch and making its
 * body in parts as it is sent, the answer's outcome (release, retry or drop), pacing, the retry
 * policy (retry.ts), failure lines (lib/failures.ts), counters (stats.ts) and the drain at
 * shutdown (lib/shutdown_deadline.ts holds the VM's halt; lines after its release are flushed from
 * a zero-delay timer). README.md describes the policy; docs/adding-a-sink.md how a sink uses it.
 *
 * One request in flight at a time, on the endpoint's kept-alive connection. Everything here runs
 * on the flush path (timers, the HTTP client's completion), one call at a time; the console
 * driver's write runs anywhere and only copies (logpipe/writer.ts) and arms the kick timer. */

/* Spare room asked for beyond twice the batch's bytes: the body's head and tail, a part's worth. */
#define KEPT_BODY_SLACK (32 * 1024)

static void pump(shipper s);
static void not_made(shipper s, failure_run run);
static boolean write_part(shipper s, buffer b);
static void answered(shipper s, status st);
static void after(shipper s);
static void back_off(shipper s);
static void check_drained(shipper s);

closure_function(1, 2, void, shipper_new_on_flush,
                 shipper, s,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    if (logpipe_flush_tick(bound(s)->pipe, false))
        pump(bound(s));
}

closure_function(1, 2, void, shipper_new_on_kick,
                 shipper, s,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    pump(bound(s));
}

closure_function(1, 2, void, shipper_new_on_wake,
                 shipper, s,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    pump(bound(s));
    check_drained(bound(s));
}

closure_function(1, 2, void, shipper_new_on_stats,
                 shipper, s,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    shipper_stats_print(bound(s)->klib, bound(s)->stats, bound(s)->pipe);
}

closure_function(1, 1, void, shipper_new_on_answer,
                 shipper, s,
                 status st)
{
    answered(bound(s), st);
}

closure_function(1, 1, boolean, shipper_new_body_parts,
                 shipper, s,
                 buffer b)
{
    if (b == 0) {
        bound(s)->phase = BODY_PHASE_HEAD;
        return false;
    }
    return write_part(bound(s), b);
}

closure_function(1, 0, void, shipper_new_on_late_line,
                 shipper, s)
{
    if (logpipe_flush_tick(bound(s)->pipe, true))
        pump(bound(s));
}

/* A shipper for `pipe` (its limits set) to the API `api`, a batch every `flushInterval` at most
 * while batches are not full, a stats line every `statsInterval` (0: only at shutdown). Lines are
 * kept from shipperStart on, and sent once the endpoint is known (shipperConnect) and the sink is
 * ready. Null when out of memory. */
shipper shipper_new(heap h, sstring klib, log_pipe pipe, sink_api api, timestamp flush_interval,
                    timestamp stats_interval)
{
    shipper s = allocate(h, sizeof(struct shipper));
    if (s == INVALID_ADDRESS)
        return 0;
    logpipe_retry retry = logpipe_retry_create(h, milliseconds(RETRY_BASE_MS),
                                               seconds(RETRY_CAP_SECONDS));
    sink_answer answer = sink_answer_new(h);
    shipper_stats stats = shipper_stats_new(h);
    s->cursor = allocate(h, sizeof(struct body_cursor));
    s->reason = allocate_buffer(h, 160);
    if (retry == 0 || answer == 0 || stats == 0 || s->cursor == INVALID_ADDRESS ||
        s->reason == INVALID_ADDRESS)
        return 0;
    s->h = h;
    s->klib = klib;
    s->pipe = pipe;
    s->api = api;
    s->endpoint = 0;
    s->sending = 0;
    s->refusing = 0;
    s->setting = 0;
    s->flush_interval = flush_interval;
    s->stats_interval = stats_interval;
    /* An eighth of the ring (a burst: waiting would lose lines), or one request's worth. */
    u64 eighth = pipe->size >> 3;
    s->full_bytes = eighth < pipe->max_bytes ? eighth : pipe->max_bytes;
    s->retry = retry;
    s->answer = answer;
    s->stats = stats;
    s->setup_done = false;
    s->in_flight = false;
    s->batch_in_flight = false;
    s->sent_before = false;
    s->last_sent = 0;
    s->phase = BODY_PHASE_DONE;
    s->event = 0;
    s->shutdown_done = 0;
    init_timer(&s->flush_timer);
    init_timer(&s->kick_timer);
    init_timer(&s->retry_timer);
    init_timer(&s->pace_timer);
    init_timer(&s->stats_timer);
    s->on_flush = closure(h, shipper_new_on_flush, s);
    s->on_kick = closure(h, shipper_new_on_kick, s);
    s->on_wake = closure(h, shipper_new_on_wake, s);
    s->on_stats = closure(h, shipper_new_on_stats, s);
    s->on_answer = closure(h, shipper_new_on_answer, s);
    s->body_parts = closure(h, shipper_new_body_parts, s);
    /* A console line after the VM's halt was released (the kernel's last lines): sent at once. */
    s->on_late_line = closure(h, shipper_new_on_late_line, s);
    if (s->on_flush == INVALID_ADDRESS || s->on_kick == INVALID_ADDRESS ||
        s->on_wake == INVALID_ADDRESS || s->on_stats == INVALID_ADDRESS ||
        s->on_answer == INVALID_ADDRESS || s->body_parts == INVALID_ADDRESS ||
        s->on_late_line == INVALID_ADDRESS)
        return 0;
    s->kept = 0;
    if (api->body_read_twice) {
        s->kept = kept_body_new(h, pipe, s->body_parts);
        if (s->kept == 0)
            return 0;
    }
    return s;
}

/* The console driver's write (any context, console lock held): copy into the ring and, when the
 * ring fills up, arm the timer that runs the flush path at once. No allocation, no printing. */
static void shipper_console_write(void *d, const char *text, bytes count)
{
    /* The driver is the shipper's first field: its address is the shipper's. */
    shipper s = (shipper)d;
    log_pipe p = s->pipe;
    logpipe_write(p, text, count);
    if (p->head - p->tail > s->full_bytes && !timer_is_active(&s->kick_timer)) {
        register_timer(kernel_timers, &s->kick_timer, CLOCK_ID_MONOTONIC, 0, false, 0, s->on_kick);
    }
    shutdown_console_written();
}

/* Attaches the console driver and starts the timers: lines are kept from now on, sent once
 * api.ready(). */
void shipper_start(shipper s)
{
    /* The record comes from a heap, not zeroed: every field the kernel reads is set. */
    s->driver.write = shipper_console_write;
    s->driver.config = 0;
    s->driver.name = s->klib;
    s->driver.disabled = false;
    attach_console_driver(&s->driver);
    register_timer(kernel_timers, &s->flush_timer, CLOCK_ID_MONOTONIC, s->flush_interval, false,
                   s->flush_interval, s->on_flush);
    if (s->stats_interval > 0) {
        register_timer(kernel_timers, &s->stats_timer, CLOCK_ID_MONOTONIC, s->stats_interval, false,
                       s->stats_interval, s->on_stats);
    }
    shutdown_set_late_flush(s->on_late_line);
}

/* The requests go to `to` from now on (once the sink is ready). False when out of memory. */
boolean shipper_connect(shipper s, endpoint to)
{
    failure_run sending = failure_run_new(s->h, s->klib, s->api->operation, to->name);
    failure_run refusing = failure_run_new(s->h, s->klib, s->api->operation, to->name);
    failure_run setting = failure_run_new(s->h, s->klib, s->api->setup_operation, to->name);
    if (sending == 0 || refusing == 0 || setting == 0)
        return false;
    s->sending = sending;
    s->refusing = refusing;
    s->setting = setting;
    s->endpoint = to;
    shipper_kick(s);
    return true;
}

/* Something the sink waited for is there (metadata, credentials, a token): send what waits. */
void shipper_kick(shipper s)
{
    pump(s);
    check_drained(s);
}

/* Whether a batch goes without waiting for the pace: the ring holds a full one, or the VM stops. */
static boolean urgent(shipper s)
{
    return s->shutdown_done != 0 || shutdown_released() || logpipe_used(s->pipe) >= s->full_bytes;
}

/* Sends the next request, unless one is in flight, a backoff or the pace says wait, or the sink is
 * not ready (it kicks the shipper when it is). */
static void pump(shipper s)
{
    sink_api api = s->api;
    if (s->endpoint == 0 || s->in_flight || timer_is_active(&s->retry_timer) ||
        !api->ready(api->sink))
        return;
    if (!s->setup_done) {
        enum sink_setup_step step = api->setup(api->sink, s->on_answer);
        if (step == SINK_SETUP_STEP_SENT) {
            s->in_flight = true;
            s->batch_in_flight = false;
            return;
        }
        if (step == SINK_SETUP_STEP_NOT_SENT) {
            not_made(s, s->setting);
            return;
        }
        s->setup_done = true;
    }
    log_pipe p = s->pipe;
    if (!p->in_flight && s->last_sent != 0 && !urgent(s)) {
        /* Pacing: a batch that is not full waits until a flush interval has passed since the last
         * request was sent, so lines that come meanwhile go with it (one request per interval). */
        timestamp due = s->last_sent + s->flush_interval;
        timestamp now = kern_now(CLOCK_ID_MONOTONIC);
        if (now < due) {
            if (!timer_is_active(&s->pace_timer))
                register_timer(kernel_timers, &s->pace_timer, CLOCK_ID_MONOTONIC, due - now, false,
                               0, s->on_wake);
            return;
        }
    }
    u32 n = logpipe_take_batch(p);
    /* At shutdown no flush tick may come again: close any open line, write a pending loss
     * report. */
    if (n == 0 && s->shutdown_done != 0 && logpipe_flush_tick(p, true))
        n = logpipe_take_batch(p);
    if (n == 0)
        return;
    s->answer->lines = n;
    if (s->sent_before)
        s->stats->lines_retried += n;
    s->sent_before = true;
    s->stats->requests++;
    s->in_flight = true;
    s->batch_in_flight = true;
    s->last_sent = kern_now(CLOCK_ID_MONOTONIC);
    input_buffer_handler parts = s->body_parts;
    kept_body kept = s->kept;
    if (kept != 0) {
        /* Room for the body: its events, escaping, and each event's JSON around them. */
        kept_body_renew(kept, 2 * logpipe_batch_bytes(p) + KEPT_BODY_SLACK);
        parts = kept->parts;
    }
    if (!api->send(api->sink, parts, s->on_answer)) {
        s->in_flight = false;
        not_made(s, s->sending);
    }
}

/* A request could not be made (out of memory): one line, and a retry after a backoff. */
static void not_made(shipper s, failure_run run)
{
    buffer_clear(s->reason);
    bprintf(s->reason, "the request could not be made (out of memory); retrying");
    failure_noted(run, failure_kind_http(0, 0, 0), s->reason);
    back_off(s);
}

/* The body of the batch in flight: the sink's head, its events, its tail, about HTTP_BODY_PART
 * bytes per call; true after the last part. */
static boolean write_part(shipper s, buffer b)
{
    sink_api api = s->api;
    body_cursor c = s->cursor;
    bytes limit = buffer_length(b) + HTTP_BODY_PART;
    while (buffer_length(b) < limit) {
        switch (s->phase) {
        case BODY_PHASE_HEAD:
            api->write_head(api->sink, b);
            s->event = logpipe_first_event(s->pipe);
            c->index = 0;
            c->offset = 0;
            c->begun = false;
            s->phase = s->event == 0 ? BODY_PHASE_TAIL : BODY_PHASE_EVENTS;
            break;
        case BODY_PHASE_EVENTS:
            {
                bytes before = buffer_length(b);
                if (api->write_event(api->sink, b, s->event, c, limit - before)) {
                    s->event = logpipe_next_event(s->pipe);
                    c->index++;
                    c->offset = 0;
                    c->begun = false;
                    if (s->event == 0)
                        s->phase = BODY_PHASE_TAIL;
                } else if (buffer_length(b) == before) {
                    /* No progress (out of memory): end here; the request fails and is retried. */
                    s->phase = BODY_PHASE_DONE;
                    return true;
                }
                break;
            }
        case BODY_PHASE_TAIL:
            api->write_tail(api->sink, b);
            s->phase = BODY_PHASE_DONE;
            return true;
        default:
            return true;
        }
    }
    return s->phase == BODY_PHASE_DONE;
}

/* "HTTP 400 InvalidParameterException" (the code when the service gave one). */
static void write_status(shipper s)
{
    buffer code = s->answer->code;
    u32 status = s->endpoint->client->response->status;
    if (buffer_length(code) > 0)
        bprintf(s->reason, "HTTP %u %b", status, code);
    else
        bprintf(s->reason, "HTTP %u", status);
}

static u64 answer_kind(shipper s)
{
    buffer code = s->answer->code;
    return failure_kind_http(s->endpoint->client->response->status, (u8 *)buffer_ref(code, 0),
                             buffer_length(code));
}

/* The batch in flight is done with: stored (but for `refused` lines) or dropped. */
static void release_batch(shipper s, u32 stored, u32 refused)
{
    log_pipe p = s->pipe;
    shipper_stats st = s->stats;
    st->lines_shipped += stored;
    if (stored > 0)
        st->bytes_shipped += logpipe_batch_bytes(p) - (u64)p->event_overhead * s->answer->lines;
    st->lines_refused += refused;
    logpipe_release(p);
    s->sent_before = false;
}

static void answered(shipper s, status st)
{
    s->in_flight = false;
    boolean batch = s->batch_in_flight;
    failure_run run = batch ? s->sending : s->setting;
    buffer r = s->reason;
    buffer_clear(r);
    if (!is_ok(st)) {
        endpoint_write_reason(r, st);
        u64 kind = failure_kind_http(0, (u8 *)buffer_ref(r, 0), buffer_length(r));
        bprintf(r, "; retrying");
        /* A name that cannot be resolved has had its line from the endpoint. */
        if (endpoint_unresolved(s->endpoint))
            failure_counted(run);
        else
            endpoint_failure(run, kind, r);
        back_off(s);
        after(s);
        return;
    }
    sink_answer a = s->answer;
    a->refused = 0;
    buffer_clear(a->code);
    sink_api api = s->api;
    enum sink_outcome outcome = api->classify(api->sink, s->endpoint->client, a);
    u32 lines = batch ? a->lines : 0;
    switch (outcome) {
    case SINK_OUTCOME_DELIVERED:
    case SINK_OUTCOME_PARTIAL:
        {
            logpipe_retry_reset(s->retry);
            failure_recovered(run);
            if (!batch)
                break;
            u32 refused = outcome == SINK_OUTCOME_PARTIAL
                          ? (a->refused < lines ? a->refused : lines)
                          : 0;
            release_batch(s, lines - refused, refused);
            if (refused == 0) {
                failure_recovered(s->refusing);
            } else {
                write_status(s);
                bprintf(r, ": %u of %u lines refused by the service, the rest stored", refused,
                        lines);
                failure_noted(s->refusing, answer_kind(s), r);
            }
            break;
        }
    case SINK_OUTCOME_RETRY:
        write_status(s);
        bprintf(r, "; retrying");
        failure_noted(run, answer_kind(s), r);
        back_off(s);
        break;
    case SINK_OUTCOME_RENEW:
        /* Expired credentials or token: normal, and the sink is renewing them; no line. */
        failure_counted(run);
        back_off(s);
        break;
    case SINK_OUTCOME_RESEND:
        /* The sink took what the answer asked for (an expected sequence token): again, now. */
        failure_counted(run);
        break;
    case SINK_OUTCOME_SETUP:
        write_status(s);
        bprintf(r, "; setting up again");
        failure_noted(run, answer_kind(s), r);
        s->setup_done = false;
        back_off(s);
        break;
    default:
        {
            failure_recovered(run);
            write_status(s);
            if (!batch) {
                /* A setup request refused (e.g. a role that may write to a group but not create
                 * one): the sink goes on with the next; a missing group shows up later. */
                bprintf(r, "; going on without it");
                failure_noted(run, answer_kind(s), r);
                break;
            }
            u32 refused = a->refused > 0 && a->refused < lines ? a->refused : lines;
            release_batch(s, lines - refused, refused);
            bprintf(r, ": %u of %u lines refused by the service and dropped", refused, lines);
            failure_noted(s->refusing, answer_kind(s), r);
            break;
        }
    }
    after(s);
}

static void after(shipper s)
{
    pump(s);
    check_drained(s);
}

/* Waits before the next try: the retry policy's delay (the base only once the VM is stopping: a
 * long wait would outlast the shutdown deadline), and for a batch that is not full no less than
 * the pace. */
static void back_off(shipper s)
{
    boolean urgently = urgent(s);
    timestamp wait = s->shutdown_done != 0 || shutdown_released()
                     ? milliseconds(RETRY_BASE_MS)
                     : logpipe_retry_delay(s->retry);
    if (!urgently && s->last_sent != 0) {
        timestamp now = kern_now(CLOCK_ID_MONOTONIC);
        timestamp due = s->last_sent + s->flush_interval;
        if (now + wait < due)
            wait = due - now;
    }
    if (timer_is_active(&s->retry_timer))
        remove_timer(kernel_timers, &s->retry_timer, 0);
    register_timer(kernel_timers, &s->retry_timer, CLOCK_ID_MONOTONIC, wait, false, 0, s->on_wake);
}

/* At shutdown: once nothing is in flight or waiting and everything written has gone (or was
 * dropped for good), the summary line, then the shutdown part is done. */
static void check_drained(shipper s)
{
    status_handler done = s->shutdown_done;
    if (done == 0 || s->in_flight || timer_is_active(&s->retry_timer))
        return;
    if (logpipe_flush_tick(s->pipe, true))
        return;
    s->shutdown_done = 0;
    shipper_stats_print(s->klib, s->stats, s->pipe);
    apply(done, STATUS_OK);
}

/* The VM is stopping: send everything buffered (no pacing, no long backoff), then print the
 * summary line and apply `done`. Nothing here gives up: the klib's deadline
 * (lib/shutdown_deadline.ts) releases the VM's halt if this never ends (shipperDeadlinePassed). */
void shipper_shutdown(shipper s, status_handler done)
{
    s->shutdown_done = done;
    if (timer_is_active(&s->retry_timer))
        remove_timer(kernel_timers, &s->retry_timer, 0);
    if (timer_is_active(&s->pace_timer))
        remove_timer(kernel_timers, &s->pace_timer, 0);
    logpipe_flush_tick(s->pipe, true);
    pump(s);
    check_drained(s);
}

/* Bytes of console output not shipped yet (the ring's entries, headers included). */
bytes shipper_unshipped(shipper s)
{
    return logpipe_used(s->pipe);
}

/* The shutdown deadline (the klib's shutdown_timeout, `limitSeconds`) passed: one line saying what
 * was not shipped and why, when something was left, and the summary line. */
void shipper_deadline_passed(shipper s, u64 limit_seconds)
{
    bytes left = logpipe_used(s->pipe);
    sink_api api = s->api;
    sstring service = api->service;
    sstring start = s->klib;
    if (left == 0) {
        rprintf("%s: shutdown_timeout (%lu s) passed; letting the VM halt\n", start, limit_seconds);
    } else if (s->endpoint == 0 || !api->ready(api->sink)) {
        rprintf("%s: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped (%s "
                "was never reached: metadata, credentials or token missing); letting the VM halt\n",
                start, limit_seconds, left, service);
    } else if (s->in_flight) {
        rprintf("%s: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped (a "
                "request to %s is still unanswered); letting the VM halt\n",
                start, limit_seconds, left, service);
    } else if (timer_is_active(&s->retry_timer)) {
        rprintf("%s: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped (%s "
                "kept failing); letting the VM halt\n",
                start, limit_seconds, left, service);
    } else if (!s->setup_done) {
        rprintf("%s: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped "
                "(the setup requests to %s were still under way); letting the VM halt\n",
                start, limit_seconds, left, service);
    } else {
        rprintf("%s: shutdown_timeout (%lu s) passed: %lu bytes of console output not shipped "
                "(there was no time left to send it); letting the VM halt\n",
                start, limit_seconds, left);
    }
    shipper_stats_print(s->klib, s->stats, s->pipe);
}
