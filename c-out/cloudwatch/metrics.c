/* generated from klib-src/cloudwatch/metrics.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include <pagecache.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/shutdown_deadline.h"
#include "../logpipe/batch.h"
#include "../logpipe/kept_body.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/shipper.h"
#include "../logpipe/sink.h"
#include "../logpipe/stats.h"
#include "aws_request.h"
#include "credentials.h"
#include "metadata.h"
#include "sigv4.h"
#include "metrics.h"

/* Metrics: every mem_metrics_interval seconds, one PutMetricData (JSON 1.0 protocol, X-Amz-Target
 * GraniteServiceVersion20100801.PutMetricData) over HTTPS to monitoring.<region>.amazonaws.com,
 * with the stock klib's names: namespace CWAgent, mem_total, mem_used, mem_used_percent,
 * mem_available, mem_available_percent, mem_free, mem_cached, each with the dimension host = the
 * instance's host name. With log shipping on, a second PutMetricData follows in a namespace of
 * ours, NanosKlibs/Logs (README.md): the log shipper's counters since the last sample and its
 * backlog. A sample whose request fails is not resent (the next one supersedes it), but expired
 * credentials are renewed; failures are reported by the failure rule (lib/failures.ts). Sampling
 * stops when the shutdown begins: no request starts after that, and one in flight holds nothing. */

#define CONTENT_TYPE ss("application/x-amz-json-1.0")
#define TARGET ss("GraniteServiceVersion20100801.PutMetricData")

/* A server that closes mid-request (FIN is not reported to klibs) is noticed through this. */
#define REQUEST_TIMEOUT_SECONDS 10

static void metric(cloudwatch_metrics m, buffer b, sstring name, sstring unit, u64 value,
                   boolean first)
{
    if (!first)
        buffer_write_byte(b, ',');
    bprintf(b,
            "{\"MetricName\":\"%s\",\"Unit\":\"%s\",\"Value\":%lu,"
            "\"Dimensions\":[{\"Name\":\"host\",\"Value\":\"%b\"}]}",
            name, unit, value, m->host);
}

static void post(cloudwatch_metrics m)
{
    m->in_flight = aws_post(m->aws, TARGET, CONTENT_TYPE, m->body, seconds(REQUEST_TIMEOUT_SECONDS),
                            m->on_answer);
}

/* The memory sample, as the stock klib computes it. */
static void send_memory(cloudwatch_metrics m)
{
    kernel_heaps kh = get_kernel_heaps();
    u64 total = heap_total(heap_physical(kh));
    u64 allocated = heap_allocated(heap_physical(kh));
    u64 free = total > allocated ? total - allocated : 0;
    u64 cached = pagecache_get_occupancy();
    u64 available = free + cached > total ? total : free + cached;
    u64 used = total - available;
    buffer b = m->body;
    buffer_clear(b);
    bprintf(b, "{\"Namespace\":\"CWAgent\",\"MetricData\":[");
    metric(m, b, ss("mem_available"), ss("Bytes"), available, true);
    metric(m, b, ss("mem_available_percent"), ss("Percent"),
           total > 0 ? available * 100 / total : 0, false);
    metric(m, b, ss("mem_cached"), ss("Bytes"), cached, false);
    metric(m, b, ss("mem_free"), ss("Bytes"), free, false);
    metric(m, b, ss("mem_total"), ss("Bytes"), total, false);
    metric(m, b, ss("mem_used"), ss("Bytes"), used, false);
    metric(m, b, ss("mem_used_percent"), ss("Percent"), total > 0 ? used * 100 / total : 0, false);
    bprintf(b, "]}");
    m->ours = false;
    post(m);
}

/* The log shipper's sample: what its counters gained since the last one, and where it stands. */
static void send_ours(cloudwatch_metrics m, shipper s)
{
    shipper_stats st = s->stats;
    log_pipe p = s->pipe;
    buffer b = m->body;
    buffer_clear(b);
    bprintf(b, "{\"Namespace\":\"NanosKlibs/Logs\",\"MetricData\":[");
    metric(m, b, ss("LinesShipped"), ss("Count"), st->lines_shipped - m->last_shipped, true);
    metric(m, b, ss("BytesShipped"), ss("Bytes"), st->bytes_shipped - m->last_bytes, false);
    metric(m, b, ss("LinesRetried"), ss("Count"), st->lines_retried - m->last_retried, false);
    metric(m, b, ss("LinesDropped"), ss("Count"), p->total_lost_lines - m->last_dropped, false);
    metric(m, b, ss("LinesRefused"), ss("Count"), st->lines_refused - m->last_refused, false);
    metric(m, b, ss("BacklogBytes"), ss("Bytes"), logpipe_used(p), false);
    metric(m, b, ss("OldestUnsentAge"), ss("Milliseconds"), shipper_backlog_age_ms(p), false);
    bprintf(b, "]}");
    m->last_shipped = st->lines_shipped;
    m->last_bytes = st->bytes_shipped;
    m->last_retried = st->lines_retried;
    m->last_dropped = p->total_lost_lines;
    m->last_refused = st->lines_refused;
    m->ours = true;
    post(m);
}

static void answered(cloudwatch_metrics m, status s)
{
    m->in_flight = false;
    buffer r = m->reason;
    buffer_clear(r);
    if (!is_ok(s)) {
        endpoint_write_reason(r, s);
        u64 kind = failure_kind_http(0, (u8 *)buffer_ref(r, 0), buffer_length(r));
        bprintf(r, "; the sample is lost");
        endpoint_failure(m->failures, kind, r);
        return;
    }
    http_client c = m->aws->endpoint->client;
    enum aws_answer answer = aws_answer_of(m->aws, c, m->code);
    if (answer == AWS_ANSWER_OK) {
        failure_recovered(m->failures);
        shipper s2 = m->shipper;
        if (!m->ours && s2 != 0 && !shutdown_started())
            send_ours(m, s2);
        return;
    }
    if (answer == AWS_ANSWER_RENEW)
        imds_renew_credentials(m->imds);
    if (buffer_length(m->code) > 0)
        bprintf(r, "HTTP %u %b; the sample is lost", c->response->status, m->code);
    else
        bprintf(r, "HTTP %u; the sample is lost", c->response->status);
    endpoint_failure(m->failures,
                     failure_kind_http(c->response->status, (u8 *)buffer_ref(m->code, 0),
                                       buffer_length(m->code)),
                     r);
}

closure_function(1, 2, void, metrics_start_on_tick,
                 cloudwatch_metrics, m,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled || bound(m)->in_flight || !bound(m)->aws->creds->valid ||
        shutdown_started())
        return;
    send_memory(bound(m));
}

closure_function(1, 1, void, metrics_start_on_answer,
                 cloudwatch_metrics, m,
                 status st)
{
    answered(bound(m), st);
}

/* Samples every `interval` seconds to `a` (the first at once), with `hostName` as the dimension,
 * and the counters of `s` when not null. Null when out of memory. */
cloudwatch_metrics metrics_start(heap h, aws_api a, imds metadata, u64 interval, buffer host_name,
                                 shipper s)
{
    cloudwatch_metrics m = allocate(h, sizeof(struct cloudwatch_metrics));
    if (m == INVALID_ADDRESS)
        return 0;
    m->aws = a;
    m->imds = metadata;
    m->host = host_name;
    m->shipper = s;
    m->last_shipped = 0;
    m->last_bytes = 0;
    m->last_retried = 0;
    m->last_dropped = 0;
    m->last_refused = 0;
    m->in_flight = false;
    m->ours = false;
    m->body = allocate_buffer(h, 2048);
    m->reason = allocate_buffer(h, 160);
    m->code = allocate_buffer(h, 64);
    failure_run failures = failure_run_new(h, ss("cloudwatch"), ss("PutMetricData"),
                                           a->endpoint->name);
    m->on_tick = closure(h, metrics_start_on_tick, m);
    m->on_answer = closure(h, metrics_start_on_answer, m);
    if (m->body == INVALID_ADDRESS || m->reason == INVALID_ADDRESS || m->code == INVALID_ADDRESS ||
        failures == 0 || m->on_tick == INVALID_ADDRESS || m->on_answer == INVALID_ADDRESS)
        return 0;
    m->failures = failures;
    init_timer(&m->tick);
    register_timer(kernel_timers, &m->tick, CLOCK_ID_MONOTONIC, 0, false, seconds(interval),
                   m->on_tick);
    return m;
}

/* The shutdown has begun: no more samples (a request in flight is not waited for). */
void metrics_shutdown(cloudwatch_metrics m)
{
    remove_timer(kernel_timers, &m->tick, 0);
}
