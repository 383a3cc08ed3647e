/* generated from klib-src/cloudwatch/metrics.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include <pagecache.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/shutdown_deadline.h"
#include "aws_request.h"
#include "config.h"
#include "credentials.h"
#include "endpoint.h"
#include "metadata.h"
#include "sigv4.h"
#include "metrics.h"

/* Memory metrics: every mem_metrics_interval seconds, one PutMetricData (JSON 1.0 protocol,
 * X-Amz-Target GraniteServiceVersion20100801.PutMetricData) over HTTPS to
 * monitoring.<region>.amazonaws.com, with the stock klib's names: namespace CWAgent, mem_total,
 * mem_used, mem_used_percent, mem_available, mem_available_percent, mem_free, mem_cached, each with
 * the dimension host = the instance's host name. A sample whose request fails is not resent (the
 * next one supersedes it), but expired credentials are renewed. Sampling stops when the shutdown
 * begins: no request starts after that, and one in flight holds nothing (the VM may halt under
 * it). */

#define CONTENT_TYPE ss("application/x-amz-json-1.0")
#define TARGET ss("GraniteServiceVersion20100801.PutMetricData")

/* A server that closes mid-request (FIN is not reported to klibs) is noticed through this. */
#define REQUEST_TIMEOUT_SECONDS 10

static struct cloudwatch_metrics {
    struct aws_api *api;
    struct credentials *creds;
    buffer region;
    buffer host;
    buffer body;
    boolean in_flight;
    struct timer tick;
    boolean reported_refusal;
    /* Samples sent and accepted, for the tests' and the bench's reports. */
    u64 accepted;
    closure_struct(status_handler, on_response);
    closure_struct(timer_handler, on_tick);
} cloudwatch_metrics;

static void metric(buffer b, sstring name, sstring unit, u64 value, boolean first);

closure_func_basic(status_handler, void, on_response,
                   status s)
{
    cloudwatch_metrics.in_flight = false;
    aws_api a = cloudwatch_metrics.api;
    enum aws_outcome outcome = aws_outcome(a, s);
    if (outcome == AWS_OUTCOME_OK) {
        cloudwatch_metrics.accepted++;
        cloudwatch_metrics.reported_refusal = false;
    } else if (outcome == AWS_OUTCOME_RENEW) {
        metadata_renew_credentials();
    } else if (outcome == AWS_OUTCOME_REFUSED && !cloudwatch_metrics.reported_refusal) {
        cloudwatch_metrics.reported_refusal = true;
        rprintf("cloudwatch: PutMetricData refused (HTTP %u %b)\n",
                a->endpoint->client->response->status, a->error);
    }
}

closure_func_basic(timer_handler, void, on_tick,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    if (cloudwatch_metrics.in_flight || !cloudwatch_metrics.creds->valid || shutdown_started())
        return;
    kernel_heaps kh = get_kernel_heaps();
    u64 total = heap_total(heap_physical(kh));
    u64 allocated = heap_allocated(heap_physical(kh));
    u64 free = total > allocated ? total - allocated : 0;
    u64 cached = pagecache_get_occupancy();
    u64 available = free + cached > total ? total : free + cached;
    u64 used = total - available;
    buffer b = cloudwatch_metrics.body;
    buffer_clear(b);
    bprintf(b, "{\"Namespace\":\"CWAgent\",\"MetricData\":[");
    metric(b, ss("mem_available"), ss("Bytes"), available, true);
    metric(b, ss("mem_available_percent"), ss("Percent"), total > 0 ? available * 100 / total : 0,
           false);
    metric(b, ss("mem_cached"), ss("Bytes"), cached, false);
    metric(b, ss("mem_free"), ss("Bytes"), free, false);
    metric(b, ss("mem_total"), ss("Bytes"), total, false);
    metric(b, ss("mem_used"), ss("Bytes"), used, false);
    metric(b, ss("mem_used_percent"), ss("Percent"), total > 0 ? used * 100 / total : 0, false);
    bprintf(b, "]}");
    cloudwatch_metrics.in_flight = aws_post(cloudwatch_metrics.api, cloudwatch_metrics.creds,
                                            cloudwatch_metrics.region, ss("monitoring"), TARGET,
                                            CONTENT_TYPE, b, seconds(REQUEST_TIMEOUT_SECONDS),
                                            init_closure_func(&cloudwatch_metrics.on_response,
                                                              status_handler, on_response));
}

boolean metrics_init(heap h, aws_api a, credentials k)
{
    cloudwatch_metrics.api = a;
    cloudwatch_metrics.creds = k;
    cloudwatch_metrics.body = allocate_buffer(h, 2048);
    return cloudwatch_metrics.body != INVALID_ADDRESS;
}

/* Starts sampling every `interval` seconds, the first sample at once; not once the shutdown has
 * begun. */
void metrics_start(u64 interval, buffer aws_region, buffer host_name)
{
    if (shutdown_started())
        return;
    cloudwatch_metrics.region = aws_region;
    cloudwatch_metrics.host = host_name;
    register_timer(kernel_timers, &cloudwatch_metrics.tick, CLOCK_ID_MONOTONIC, 0, false,
                   seconds(interval),
                   init_closure_func(&cloudwatch_metrics.on_tick, timer_handler, on_tick));
}

static void metric(buffer b, sstring name, sstring unit, u64 value, boolean first)
{
    if (!first)
        buffer_write_byte(b, ',');
    bprintf(b,
            "{\"MetricName\":\"%s\",\"Unit\":\"%s\",\"Value\":%lu,"
            "\"Dimensions\":[{\"Name\":\"host\",\"Value\":\"%b\"}]}",
            name, unit, value, cloudwatch_metrics.host);
}

/* The shutdown has begun: no more samples (a request in flight is not waited for). */
void metrics_shutdown(void)
{
    remove_timer(kernel_timers, &cloudwatch_metrics.tick, 0);
}

u64 metrics_accepted(void)
{
    return cloudwatch_metrics.accepted;
}
