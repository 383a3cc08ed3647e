/* generated from klib-src/cloudwatch/cloudwatch.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/large_ranges.h"
#include "../lib/shutdown_deadline.h"
#include "../logpipe/batch.h"
#include "../logpipe/ring.h"
#include "../logpipe/writer.h"
#include "aws_request.h"
#include "config.h"
#include "credentials.h"
#include "endpoint.h"
#include "logs.h"
#include "metadata.h"
#include "metrics.h"
#include "sigv4.h"
#include "cloudwatch.h"

struct tls_trust;

#define MAX_EVENTS 10000
#define MAX_BATCH_BYTES 1048576
#define EVENT_OVERHEAD 26
#define MAX_EVENT_BYTES 262118
#define MAX_SPAN_SECONDS (24 * 3600)
#define LINE_CAP MAX_EVENT_BYTES

static struct cloudwatch {
    heap h;
    struct config *config;
    struct log_pipe *pipe;
    struct credentials *creds;
    struct tls_trust *trust;
    buffer group;
    struct console_driver driver;
    struct timer flush_timer;
    struct timer kick_timer;
    u64 kick_threshold;
    closure_struct(timer_handler, on_kick);
    closure_struct(timer_handler, on_flush);
    closure_struct(status_handler, on_logs_flushed);
    closure_struct(thunk, on_shutdown_deadline);
    closure_struct(thunk, on_late_line);
    closure_struct(shutdown_handler, on_shutdown);
    closure_struct(thunk, on_ready);
} cloudwatch;

static buffer aws_host_name(sstring service, buffer region);

#line 69 "klib-src/cloudwatch/cloudwatch.ts"
closure_func_basic(timer_handler, void, on_kick,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 70 "klib-src/cloudwatch/cloudwatch.ts"
    if (overruns == timer_disabled)
#line 70 "klib-src/cloudwatch/cloudwatch.ts"
        return;
    logs_pump();
}

#line 74 "klib-src/cloudwatch/cloudwatch.ts"
closure_func_basic(timer_handler, void, on_flush,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 75 "klib-src/cloudwatch/cloudwatch.ts"
    if (overruns == timer_disabled)
#line 75 "klib-src/cloudwatch/cloudwatch.ts"
        return;
    log_pipe p = cloudwatch.pipe;
    if (p != 0 && logpipe_flush_tick(p, false))
#line 77 "klib-src/cloudwatch/cloudwatch.ts"
        logs_pump();
}

#line 80 "klib-src/cloudwatch/cloudwatch.ts"
closure_func_basic(status_handler, void, on_logs_flushed,
                   status s)
{
    (void)s;
#line 81 "klib-src/cloudwatch/cloudwatch.ts"
    shutdown_part_done();
}

#line 84 "klib-src/cloudwatch/cloudwatch.ts"
closure_func_basic(thunk, void, on_shutdown_deadline)
{
#line 85 "klib-src/cloudwatch/cloudwatch.ts"
    logs_report_unshipped(cloudwatch.config->shutdown_timeout);
}

#line 89 "klib-src/cloudwatch/cloudwatch.ts"
closure_func_basic(thunk, void, on_late_line)
{
#line 90 "klib-src/cloudwatch/cloudwatch.ts"
    log_pipe p = cloudwatch.pipe;
    if (p != 0 && logpipe_flush_tick(p, true))
#line 91 "klib-src/cloudwatch/cloudwatch.ts"
        logs_pump();
}

#line 96 "klib-src/cloudwatch/cloudwatch.ts"
closure_func_basic(shutdown_handler, void, on_shutdown,
                   s32 status, merge m)
{
    (void)status;
#line 97 "klib-src/cloudwatch/cloudwatch.ts"
    metrics_shutdown();
    log_pipe p = cloudwatch.pipe;
    shutdown_begin(apply_merge(m), p != 0 ? 1 : 0, seconds(cloudwatch.config->shutdown_timeout),
                   init_closure_func(&cloudwatch.on_shutdown_deadline, thunk, on_shutdown_deadline));
#line 100 "klib-src/cloudwatch/cloudwatch.ts"
    if (p == 0)
#line 100 "klib-src/cloudwatch/cloudwatch.ts"
        return;
    logpipe_flush_tick(p, true);
    logs_shutdown(init_closure_func(&cloudwatch.on_logs_flushed, status_handler, on_logs_flushed));
}

#line 126 "klib-src/cloudwatch/cloudwatch.ts"
closure_func_basic(thunk, void, on_ready)
{
#line 127 "klib-src/cloudwatch/cloudwatch.ts"
    config c = cloudwatch.config;
    buffer region = metadata_region();
    if (cloudwatch.pipe != 0) {
        buffer name = aws_host_name(ss("logs"), region);
        endpoint e = name != 0 ? endpoint_new(cloudwatch.h, c->logs_endpoint, name, 443, true, cloudwatch.trust) : 0;
        if (name != 0)
#line 132 "klib-src/cloudwatch/cloudwatch.ts"
            deallocate_buffer(name);
        aws_api a = e != 0 ? aws_api_new(cloudwatch.h, e) : 0;
        if (a == 0) {
            rprintf("cloudwatch: out of memory: log shipping disabled\n");
        } else {
            logs_start(a, cloudwatch.group,
                       c->log_stream != 0 ? c->log_stream : metadata_instance_id(), region);
        }
    }
#line 140 "klib-src/cloudwatch/cloudwatch.ts"
    if (c->metrics_interval > 0) {
        buffer name = aws_host_name(ss("monitoring"), region);
        endpoint e = name != 0 ? endpoint_new(cloudwatch.h, c->metrics_endpoint, name, 443, true, cloudwatch.trust) : 0;
        if (name != 0)
#line 143 "klib-src/cloudwatch/cloudwatch.ts"
            deallocate_buffer(name);
        aws_api a = e != 0 ? aws_api_new(cloudwatch.h, e) : 0;
        if (a == 0 || !metrics_init(cloudwatch.h, a, cloudwatch.creds)) {
            rprintf("cloudwatch: out of memory: metrics disabled\n");
        } else {
            metrics_start(c->metrics_interval, region, metadata_hostname());
        }
    }
}

#line 59 "klib-src/cloudwatch/cloudwatch.ts"
static void cloudwatch_console_write(void *d, const char *s, bytes count)
{
    (void)d;
#line 60 "klib-src/cloudwatch/cloudwatch.ts"
    log_pipe p = cloudwatch.pipe;
    if (p == 0)
#line 61 "klib-src/cloudwatch/cloudwatch.ts"
        return;
    logpipe_write(p, s, count);
    if (p->head - p->tail > cloudwatch.kick_threshold && !timer_is_active(&cloudwatch.kick_timer)) {
        register_timer(kernel_timers, &cloudwatch.kick_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                       init_closure_func(&cloudwatch.on_kick, timer_handler, on_kick));
    }
#line 66 "klib-src/cloudwatch/cloudwatch.ts"
    shutdown_console_written();
}

#line 106 "klib-src/cloudwatch/cloudwatch.ts"
static buffer default_group(void)
{
#line 107 "klib-src/cloudwatch/cloudwatch.ts"
    tuple env = get_environment();
    if (env != 0) {
        buffer image = get_string(env, sym_this("IMAGE_NAME"));
        if (image != 0 && buffer_length(image) > 0)
#line 110 "klib-src/cloudwatch/cloudwatch.ts"
            return image;
    }
    value program = get(get_root_tuple(), sym_this("program"));
    if (program != 0 && is_string(program) && buffer_length(((buffer)(program))) > 0)
#line 113 "klib-src/cloudwatch/cloudwatch.ts"
        return ((buffer)(program));
    return 0;
}

#line 118 "klib-src/cloudwatch/cloudwatch.ts"
static buffer aws_host_name(sstring service, buffer region)
{
#line 119 "klib-src/cloudwatch/cloudwatch.ts"
    buffer b = allocate_buffer(cloudwatch.h, 64);
    if (b == INVALID_ADDRESS)
#line 120 "klib-src/cloudwatch/cloudwatch.ts"
        return 0;
    bprintf(b, "%s.%b.amazonaws.com", service, region);
    return b;
}

#line 155 "klib-src/cloudwatch/cloudwatch.ts"
static boolean start_logging(config c)
{
#line 156 "klib-src/cloudwatch/cloudwatch.ts"
    buffer g = c->log_group != 0 ? c->log_group : default_group();
    if (g == 0) {
        rprintf("cloudwatch: no log group: set logging.log_group or the IMAGE_NAME environment variable; CloudWatch disabled\n");
        return false;
    }
    cloudwatch.group = g;
#line 163 "klib-src/cloudwatch/cloudwatch.ts"
    u64 line_cap = c->buffer_size >> 3 < LINE_CAP ? c->buffer_size >> 3 : LINE_CAP;
#line 166 "klib-src/cloudwatch/cloudwatch.ts"
    heap ring_heap = large_range_heap(c->buffer_size);
    log_pipe p = ring_heap != 0 ? logpipe_create(cloudwatch.h, ring_heap, c->buffer_size, (u32)line_cap) : 0;
    if (p == 0) {
        rprintf("cloudwatch: out of memory for 'logging.buffer_size' (%lu bytes): log shipping disabled\n",
                c->buffer_size);
#line 170 "klib-src/cloudwatch/cloudwatch.ts"
        return true;
    }
    if (!logpipe_set_limits(p, (u32)MAX_EVENTS, MAX_BATCH_BYTES, (u32)EVENT_OVERHEAD, (u32)MAX_EVENT_BYTES, seconds(MAX_SPAN_SECONDS) - 1) || !logs_init(cloudwatch.h,
                                                                                                                                                         c,
                                                                                                                                                         p,
                                                                                                                                                         cloudwatch.creds)) {
#line 175 "klib-src/cloudwatch/cloudwatch.ts"
        logpipe_destroy(p);
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
        return false;
    }
    cloudwatch.pipe = p;
    cloudwatch.kick_threshold = c->buffer_size >> 3;
    cloudwatch.driver.write = cloudwatch_console_write;
    cloudwatch.driver.name = ss("cloudwatch");
    attach_console_driver(&cloudwatch.driver);
    register_timer(kernel_timers, &cloudwatch.flush_timer, CLOCK_ID_MONOTONIC,
                   milliseconds(c->flush_ms), false, milliseconds(c->flush_ms),
                   init_closure_func(&cloudwatch.on_flush, timer_handler, on_flush));
#line 186 "klib-src/cloudwatch/cloudwatch.ts"
    shutdown_set_late_flush(init_closure_func(&cloudwatch.on_late_line, thunk, on_late_line));
    return true;
}

#line 190 "klib-src/cloudwatch/cloudwatch.ts"
s32 init(status_handler complete)
{
    (void)complete;
#line 191 "klib-src/cloudwatch/cloudwatch.ts"
    cloudwatch.h = heap_locked(get_kernel_heaps());
    config c = read_manifest_config(cloudwatch.h);
#line 194 "klib-src/cloudwatch/cloudwatch.ts"
    if (c == 0 || (!c->logging && c->metrics_interval == 0))
#line 194 "klib-src/cloudwatch/cloudwatch.ts"
        return KLIB_INIT_OK;
    cloudwatch.config = c;
    buffer pem = c->ca_cert;
    if (pem != 0) {
        cloudwatch.trust = ({ extern struct tls_trust *tls_trust_create(void *, u64); tls_trust_create(((u8 *)buffer_ref(pem, 0)), buffer_length(pem)); });
        if (cloudwatch.trust == 0) {
            rprintf("cloudwatch: invalid configuration: 'ca_cert' holds no usable certificate: CloudWatch disabled\n");
            return KLIB_INIT_OK;
        }
    }
    cloudwatch.creds = credentials_new(cloudwatch.h);
    if (cloudwatch.creds == 0) {
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
        return KLIB_INIT_OK;
    }
    if (c->logging && !start_logging(c))
#line 209 "klib-src/cloudwatch/cloudwatch.ts"
        return KLIB_INIT_OK;
    if (cloudwatch.pipe == 0 && c->metrics_interval == 0)
#line 210 "klib-src/cloudwatch/cloudwatch.ts"
        return KLIB_INIT_OK;
    add_shutdown_completion(init_closure_func(&cloudwatch.on_shutdown, shutdown_handler, on_shutdown));
    if (!metadata_start(cloudwatch.h, c, cloudwatch.creds,
                        init_closure_func(&cloudwatch.on_ready, thunk, on_ready)))
#line 212 "klib-src/cloudwatch/cloudwatch.ts"
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
    return KLIB_INIT_OK;
}
