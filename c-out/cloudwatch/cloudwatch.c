/* generated from klib-src/cloudwatch/cloudwatch.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/large_ranges.h"
#include "../lib/shutdown_deadline.h"
#include "../logpipe/batch.h"
#include "../logpipe/kept_body.h"
#include "../logpipe/retry.h"
#include "../logpipe/ring.h"
#include "../logpipe/shipper.h"
#include "../logpipe/sink.h"
#include "../logpipe/stats.h"
#include "../tls/tls.h"
#include "aws_request.h"
#include "config.h"
#include "credentials.h"
#include "log_body.h"
#include "logs.h"
#include "metadata.h"
#include "metrics.h"
#include "sigv4.h"

/* cloudwatch: ships the console (program output and kernel messages) to CloudWatch Logs and,
 * optionally, memory metrics to CloudWatch, as the stock klib's configuration asks. The log
 * shipper (logpipe/shipper.ts) owns the console driver, the ring's flush path and the drain at
 * shutdown; this module wires it to the CloudWatch Logs sink (logs.ts) once the instance metadata
 * (metadata.ts) is known (README.md). */

struct tls_trust;

/* PutLogEvents limits, as CloudWatch counts them: a message's bytes in UTF-8 plus 26 per event.
 * The log pipe counts each event's bytes after invalid UTF-8 becomes U+FFFD (what the body
 * carries), so batches fill up to the real limit whatever the bytes are. */
#define MAX_EVENTS 10000

#define MAX_BATCH_BYTES 1048576
#define EVENT_OVERHEAD 26

/* An event of 256 KiB counting its 26 bytes. AWS raised the limit to 1 MB in April 2025, but not
 * necessarily in every partition (GovCloud, China) at once; longer lines are split, nothing is
 * lost, and four such events still fill a batch exactly. */
#define MAX_EVENT_BYTES 262118

#define MAX_SPAN_SECONDS (24 * 3600)

/* A line as long as one event; the pipe also keeps it to an eighth of the ring (below). */
#define LINE_CAP MAX_EVENT_BYTES

/* Room for an API answer's header block and body (they are small). */
#define HEAD_CAP 8192

#define BODY_CAP 65536

/* The klib: its configuration and the parts it runs. */
typedef struct cloudwatch_klib {
    heap h;
    struct config *config;
    struct credentials *creds;
    struct tls_trust *trust;
    struct imds *imds;
    /* The log shipper and its sink; null without log shipping. */
    struct shipper *shipper;
    struct sink_api *logs;
    struct cloudwatch_metrics *metrics;
    /* The metadata has been known once: the endpoints are made. */
    boolean connected;
    status_handler on_flushed;
    thunk on_deadline;
    /* Runs after each fetch of the credentials. */
    thunk on_metadata;
} *cloudwatch_klib;

static struct cloudwatch {
    /* The klib's one piece of module state: its record, reachable for as long as the klib lives
     * (the kernel holds only the closures it was given). Everything else is passed explicitly. */
    struct cloudwatch_klib *klib;
} cloudwatch;

/* The default log group: the IMAGE_NAME environment variable, else the program (as the stock
 * klib). */
static buffer default_group(void)
{
    tuple env = get_environment();
    if (env != 0) {
        buffer image = get_string(env, sym_this("IMAGE_NAME"));
        if (image != 0 && buffer_length(image) > 0)
            return image;
    }
    value program = get(get_root_tuple(), sym_this("program"));
    if (program != 0 && is_string(program) && buffer_length((buffer)(program)) > 0)
        return (buffer)(program);
    return 0;
}

/* The endpoint for `service` (logs, monitoring): the configured host[:port], else
 * <service>.<region>.amazonaws.com, over HTTPS. */
static endpoint aws_endpoint(cloudwatch_klib cw, buffer configured, sstring service, buffer region)
{
    if (configured != 0)
        return endpoint_new(cw->h, ss("cloudwatch"), configured, 443, ss(""), true, cw->trust,
                            HEAD_CAP, BODY_CAP);
    buffer name = allocate_buffer(cw->h, 64);
    if (name == INVALID_ADDRESS)
        return 0;
    bprintf(name, "%s.%b.amazonaws.com", service, region);
    endpoint e = endpoint_new(cw->h, ss("cloudwatch"), name, 443, ss(""), true, cw->trust, HEAD_CAP,
                              BODY_CAP);
    deallocate_buffer(name);
    return e;
}

/* The metadata is known (the first time): the endpoints, then shipping and metrics start. */
static void connect(cloudwatch_klib cw, imds m)
{
    config c = cw->config;
    buffer region = imds_region(m);
    shipper s = cw->shipper;
    if (s != 0) {
        endpoint e = aws_endpoint(cw, c->logs_endpoint, ss("logs"), region);
        aws_api a = e != 0 ? aws_api_new(cw->h, e, cw->creds, region, ss("logs")) : 0;
        if (a == 0 || !shipper_connect(s, e)) {
            rprintf("cloudwatch: out of memory: log shipping disabled\n");
        } else {
            logs_connect(cw->logs, a, m, imds_instance_id(m));
            shipper_kick(s);
        }
    }
    if (c->metrics_interval > 0 && !shutdown_started()) {
        endpoint e = aws_endpoint(cw, c->metrics_endpoint, ss("monitoring"), region);
        aws_api a = e != 0 ? aws_api_new(cw->h, e, cw->creds, region, ss("monitoring")) : 0;
        cw->metrics = a != 0
                      ? metrics_start(cw->h, a, m, c->metrics_interval, imds_hostname(m), s)
                      : 0;
        if (cw->metrics == 0)
            rprintf("cloudwatch: out of memory: metrics disabled\n");
    }
}

/* Sets up log shipping; false when the klib must stay off. A ring that cannot be allocated only
 * leaves log shipping off (no shipper): metrics, if configured, still run. */
static boolean start_logging(cloudwatch_klib cw)
{
    heap h = cw->h;
    config c = cw->config;
    buffer group = c->log_group != 0 ? c->log_group : default_group();
    if (group == 0) {
        rprintf("cloudwatch: no log group: set logging.log_group or the IMAGE_NAME environment "
                "variable; CloudWatch disabled\n");
        return false;
    }
    /* The pipe wants a whole line to fit in a quarter of the ring with its header. */
    u64 line_cap = c->buffer_size >> 3 < LINE_CAP ? c->buffer_size >> 3 : LINE_CAP;
    /* The ring can be larger than the most the locked heap (an mcache) gives, one piece of physical
     * memory (2 MiB): it comes from vmem, when the memory is there (lib/large_ranges.ts). */
    heap ring_heap = large_range_heap(c->buffer_size);
    log_pipe p = ring_heap != 0 ? logpipe_create(h, ring_heap, c->buffer_size, (u32)line_cap) : 0;
    if (p == 0) {
        rprintf("cloudwatch: out of memory for 'logging.buffer_size' (%lu bytes): log shipping "
                "disabled\n",
                c->buffer_size);
        return true;
    }
    sink_api api = logs_new(h, group, c->log_stream, c->retention_days);
    shipper s = api != 0 &&
                logpipe_set_limits(p, (u32)MAX_EVENTS, MAX_BATCH_BYTES, (u32)EVENT_OVERHEAD,
                                   (u32)MAX_EVENT_BYTES, seconds(MAX_SPAN_SECONDS) - 1)
                ? shipper_new(h, ss("cloudwatch"), p, api, milliseconds(c->flush_ms),
                              seconds(c->stats_interval))
                : 0;
    if (s == 0) {
        logpipe_destroy(p);
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
        return false;
    }
    cw->logs = api;
    cw->shipper = s;
    shipper_start(s);
    return true;
}

/* At shutdown: no metrics sample starts any more, and what the ring holds is sent; the VM's halt
 * waits for that, but never longer than shutdown_timeout (the kernel itself would wait forever). */
static void shutdown(cloudwatch_klib cw, status_handler done)
{
    cloudwatch_metrics m = cw->metrics;
    if (m != 0)
        metrics_shutdown(m);
    shipper s = cw->shipper;
    shutdown_begin(done, s != 0 ? 1 : 0, seconds(cw->config->shutdown_timeout), cw->on_deadline);
    if (s != 0)
        shipper_shutdown(s, cw->on_flushed);
}

closure_function(0, 1, void, init_on_flushed,
                 status s)
{
    shutdown_part_done();
}

closure_function(1, 0, void, init_on_deadline,
                 cloudwatch_klib, cw)
{
    shipper s = bound(cw)->shipper;
    if (s != 0)
        shipper_deadline_passed(s, bound(cw)->config->shutdown_timeout);
}

closure_function(1, 0, void, init_on_metadata,
                 cloudwatch_klib, cw)
{
    imds m = bound(cw)->imds;
    if (m == 0)
        return;
    if (!bound(cw)->connected) {
        bound(cw)->connected = true;
        connect(bound(cw), m);
    }
    shipper s = bound(cw)->shipper;
    if (s != 0)
        shipper_kick(s);
}

closure_function(0, 2, void, init_h,
                 s32 status, merge m)
{
    cloudwatch_klib k = cloudwatch.klib;
    if (k != 0)
        shutdown(k, apply_merge(m));
}

s32 init(status_handler complete __attribute__((unused)))
{
    heap h = heap_locked(get_kernel_heaps());
    config c = read_manifest_config(h);
    /* Absent or invalid configuration: the klib stays off and the VM keeps running. */
    if (c == 0 || (!c->logging && c->metrics_interval == 0))
        return KLIB_INIT_OK;
    cloudwatch_klib cw = allocate(h, sizeof(struct cloudwatch_klib));
    credentials creds = credentials_new(h);
    if (cw == INVALID_ADDRESS || creds == 0) {
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
        return KLIB_INIT_OK;
    }
    cloudwatch.klib = cw;
    cw->h = h;
    cw->config = c;
    cw->creds = creds;
    cw->trust = 0;
    cw->imds = 0;
    cw->shipper = 0;
    cw->logs = 0;
    cw->metrics = 0;
    cw->connected = false;
    buffer pem = c->ca_cert;
    if (pem != 0) {
        cw->trust = tls_trust_create((u8 *)buffer_ref(pem, 0), buffer_length(pem));
        if (cw->trust == 0) {
            rprintf("cloudwatch: invalid configuration: 'ca_cert' holds no usable certificate: "
                    "CloudWatch disabled\n");
            return KLIB_INIT_OK;
        }
    }
    cw->on_flushed = closure(h, init_on_flushed);
    cw->on_deadline = closure(h, init_on_deadline, cw);
    /* Runs after each fetch of the credentials: the first time everything is known. */
    cw->on_metadata = closure(h, init_on_metadata, cw);
    if (cw->on_metadata == INVALID_ADDRESS || cw->on_flushed == INVALID_ADDRESS ||
        cw->on_deadline == INVALID_ADDRESS) {
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
        return KLIB_INIT_OK;
    }
    if (c->logging && !start_logging(cw))
        return KLIB_INIT_OK;
    if (cw->shipper == 0 && c->metrics_interval == 0)
        return KLIB_INIT_OK;
    cw->imds = imds_start(h, c->region, creds, cw->on_metadata);
    if (cw->imds == 0) {
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
        return KLIB_INIT_OK;
    }
    add_shutdown_completion(closure(h, init_h));
    return KLIB_INIT_OK;
}
