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
#include "../tls/tls.h"
#include "aws_request.h"
#include "config.h"
#include "credentials.h"
#include "endpoint.h"
#include "logs.h"
#include "metadata.h"
#include "metrics.h"
#include "sigv4.h"

/* cloudwatch: ships the console (program output and kernel messages) to CloudWatch Logs and,
 * optionally, memory metrics to CloudWatch, as the stock klib's configuration asks. The console
 * driver only copies lines into the log pipe's preallocated ring; a flush timer and the
 * connection's handlers do everything else (README.md). */

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
    /* Ring bytes in use above which a write asks the flush path to run at once. */
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

closure_func_basic(timer_handler, void, on_kick,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    logs_pump();
}

closure_func_basic(timer_handler, void, on_flush,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    log_pipe p = cloudwatch.pipe;
    if (p != 0 && logpipe_flush_tick(p, false))
        logs_pump();
}

closure_func_basic(status_handler, void, on_logs_flushed,
                   status s)
{
    shutdown_part_done();
}

closure_func_basic(thunk, void, on_shutdown_deadline)
{
    logs_report_unshipped(cloudwatch.config->shutdown_timeout);
}

/* A console line after the halt was released (the kernel's last lines): sent at once, open or
 * not. */
closure_func_basic(thunk, void, on_late_line)
{
    log_pipe p = cloudwatch.pipe;
    if (p != 0 && logpipe_flush_tick(p, true))
        logs_pump();
}

/* At shutdown: no metrics sample starts any more, and what the ring holds is sent; the VM's halt
 * waits for that, but never longer than shutdown_timeout (the kernel itself would wait forever). */
closure_func_basic(shutdown_handler, void, on_shutdown,
                   s32 status, merge m)
{
    metrics_shutdown();
    log_pipe p = cloudwatch.pipe;
    shutdown_begin(apply_merge(m), p != 0 ? 1 : 0, seconds(cloudwatch.config->shutdown_timeout),
                   init_closure_func(&cloudwatch.on_shutdown_deadline, thunk,
                                     on_shutdown_deadline));
    if (p == 0)
        return;
    logpipe_flush_tick(p, true);
    logs_shutdown(init_closure_func(&cloudwatch.on_logs_flushed, status_handler, on_logs_flushed));
}

/* The metadata is known: start the parts that were configured. */
closure_func_basic(thunk, void, on_ready)
{
    config c = cloudwatch.config;
    buffer region = metadata_region();
    if (cloudwatch.pipe != 0) {
        buffer name = aws_host_name(ss("logs"), region);
        endpoint e = name != 0
                     ? endpoint_new(cloudwatch.h, c->logs_endpoint, name, 443, true,
                                    cloudwatch.trust)
                     : 0;
        if (name != 0)
            deallocate_buffer(name);
        aws_api a = e != 0 ? aws_api_new(cloudwatch.h, e) : 0;
        if (a == 0) {
            rprintf("cloudwatch: out of memory: log shipping disabled\n");
        } else {
            logs_start(a, cloudwatch.group,
                       c->log_stream != 0 ? c->log_stream : metadata_instance_id(), region);
        }
    }
    if (c->metrics_interval > 0) {
        buffer name = aws_host_name(ss("monitoring"), region);
        endpoint e = name != 0
                     ? endpoint_new(cloudwatch.h, c->metrics_endpoint, name, 443, true,
                                    cloudwatch.trust)
                     : 0;
        if (name != 0)
            deallocate_buffer(name);
        aws_api a = e != 0 ? aws_api_new(cloudwatch.h, e) : 0;
        if (a == 0 || !metrics_init(cloudwatch.h, a, cloudwatch.creds)) {
            rprintf("cloudwatch: out of memory: metrics disabled\n");
        } else {
            metrics_start(c->metrics_interval, region, metadata_hostname());
        }
    }
}

/* The console write path (under the console lock, any context): copy into the ring; when the ring
 * fills up, arm a timer so the flush path runs before the next interval. */
static void cloudwatch_console_write(void *d __attribute__((unused)), const char *s, bytes count)
{
    log_pipe p = cloudwatch.pipe;
    if (p == 0)
        return;
    logpipe_write(p, s, count);
    if (p->head - p->tail > cloudwatch.kick_threshold && !timer_is_active(&cloudwatch.kick_timer)) {
        register_timer(kernel_timers, &cloudwatch.kick_timer, CLOCK_ID_MONOTONIC, 0, false, 0,
                       init_closure_func(&cloudwatch.on_kick, timer_handler, on_kick));
    }
    shutdown_console_written();
}

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

/* "<service>.<region>.amazonaws.com" */
static buffer aws_host_name(sstring service, buffer region)
{
    buffer b = allocate_buffer(cloudwatch.h, 64);
    if (b == INVALID_ADDRESS)
        return 0;
    bprintf(b, "%s.%b.amazonaws.com", service, region);
    return b;
}

/* Sets up log shipping; false when the klib must stay off. A ring that cannot be allocated only
 * leaves log shipping off (pipe stays null): metrics, if configured, still run. */
static boolean start_logging(config c)
{
    buffer g = c->log_group != 0 ? c->log_group : default_group();
    if (g == 0) {
        rprintf("cloudwatch: no log group: set logging.log_group or the IMAGE_NAME environment "
                "variable; CloudWatch disabled\n");
        return false;
    }
    cloudwatch.group = g;
    /* The pipe wants a whole line to fit in a quarter of the ring with its header. */
    u64 line_cap = c->buffer_size >> 3 < LINE_CAP ? c->buffer_size >> 3 : LINE_CAP;
    /* The ring can be larger than the most the locked heap (an mcache) gives, one piece of physical
     * memory (2 MiB): it comes from vmem, when the memory is there (lib/large_ranges.ts). */
    heap ring_heap = large_range_heap(c->buffer_size);
    log_pipe p = ring_heap != 0
                 ? logpipe_create(cloudwatch.h, ring_heap, c->buffer_size, (u32)line_cap)
                 : 0;
    if (p == 0) {
        rprintf("cloudwatch: out of memory for 'logging.buffer_size' (%lu bytes): log shipping "
                "disabled\n",
                c->buffer_size);
        return true;
    }
    if (!logpipe_set_limits(p, (u32)MAX_EVENTS, MAX_BATCH_BYTES, (u32)EVENT_OVERHEAD,
                            (u32)MAX_EVENT_BYTES, seconds(MAX_SPAN_SECONDS) - 1) ||
        !logs_init(cloudwatch.h, c, p, cloudwatch.creds)) {
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
    shutdown_set_late_flush(init_closure_func(&cloudwatch.on_late_line, thunk, on_late_line));
    return true;
}

s32 init(status_handler complete __attribute__((unused)))
{
    cloudwatch.h = heap_locked(get_kernel_heaps());
    config c = read_manifest_config(cloudwatch.h);
    /* Absent or invalid configuration: the klib stays off and the VM keeps running. */
    if (c == 0 || (!c->logging && c->metrics_interval == 0))
        return KLIB_INIT_OK;
    cloudwatch.config = c;
    buffer pem = c->ca_cert;
    if (pem != 0) {
        cloudwatch.trust = tls_trust_create((u8 *)buffer_ref(pem, 0), buffer_length(pem));
        if (cloudwatch.trust == 0) {
            rprintf("cloudwatch: invalid configuration: 'ca_cert' holds no usable certificate: "
                    "CloudWatch disabled\n");
            return KLIB_INIT_OK;
        }
    }
    cloudwatch.creds = credentials_new(cloudwatch.h);
    if (cloudwatch.creds == 0) {
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
        return KLIB_INIT_OK;
    }
    if (c->logging && !start_logging(c))
        return KLIB_INIT_OK;
    if (cloudwatch.pipe == 0 && c->metrics_interval == 0)
        return KLIB_INIT_OK;
    add_shutdown_completion(init_closure_func(&cloudwatch.on_shutdown, shutdown_handler,
                                              on_shutdown));
    if (!metadata_start(cloudwatch.h, c, cloudwatch.creds,
                        init_closure_func(&cloudwatch.on_ready, thunk, on_ready)))
        rprintf("cloudwatch: out of memory: CloudWatch disabled\n");
    return KLIB_INIT_OK;
}
