/* generated from klib-src/gcp/metrics.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <pagecache.h>
#include <fs.h>
#include <lwip.h>
#include <storage.h>
#include "../lib/ascii.h"
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
#include "config.h"
#include "entry.h"
#include "json_text.h"
#include "metadata.h"
#include "structured.h"
#include "metrics.h"

/* Memory (and, with metrics.disk, disk) metrics to Cloud Monitoring (timeSeries.create), the series
 * the stock klib sends as the Ops Agent's agent.googleapis.com/memory/ *: bytes_used and
 * percent_used for the states cached, free and used, and disk/ * per volume; one point each, every
 * `metrics.interval` seconds (the first right after the metadata is known). With log shipping on,
 * the same request carries the log shipper's own series, custom.googleapis.com/nanos/logs/ *
 * (README.md). Best effort, as stock: a sample that fails is not sent again (the next one is newer
 * anyway), and a sample still in flight makes the next tick skip; failures are reported by the
 * failure rule (lib/failures.ts). Once the shutdown has begun no sample starts; one in flight is
 * waited for, within the klib's shutdown deadline. */

struct filesystem;

#define REQUEST_TIMEOUT_SECONDS 30

/* timeSeries.create takes at most 200 series per request; memory takes 6, the log shipper 7, each
 * volume 4. */
#define MAX_SERIES 200

#define DISK_SERIES 4
#define LOG_SERIES 7

static void write_resource(gcp_metrics g, buffer b);

/* Appends x * 100 / total with two decimals (a JSON number). */
static void write_percent(buffer b, u64 x, u64 total)
{
    u64 hundredths = total == 0 ? 0 : (x * 10000) / total;
    u64 whole = hundredths / 100;
    u64 fraction = hundredths % 100;
    if (fraction < 10)
        bprintf(b, "%lu.0%lu", whole, fraction);
    else
        bprintf(b, "%lu.%lu", whole, fraction);
}

/* One series of agent.googleapis.com/<group>/<type>, labelled `state` (and `device`, when not
 * null); `total` 0 means the value is a byte count, otherwise a percentage of total. */
static void write_sample(gcp_metrics g, buffer b, timestamp now, sstring group, sstring type,
                         buffer device, sstring state, u64 value, u64 total)
{
    if (g->series > 0)
        buffer_write_cstring(b, ",");
    g->series++;
    buffer_write_cstring(b, "{\"metric\":{\"type\":\"agent.googleapis.com/");
    buffer_write_sstring(b, group);
    buffer_write_cstring(b, "/");
    buffer_write_sstring(b, type);
    buffer_write_cstring(b, "\",\"labels\":{");
    if (device != 0) {
        buffer_write_cstring(b, "\"device\":");
        json_append_string(b, device);
        buffer_write_cstring(b, ",");
    }
    buffer_write_cstring(b, "\"state\":\"");
    buffer_write_sstring(b, state);
    buffer_write_cstring(b, "\"}},");
    write_resource(g, b);
    buffer_write_cstring(b,
                         ",\"metricKind\":\"GAUGE\",\"valueType\":\"DOUBLE\","
                         "\"points\":[{\"interval\":{\"endTime\":");
    write_rfc3339(b, now);
    buffer_write_cstring(b, "},\"value\":{\"doubleValue\":");
    if (total == 0)
        bprintf(b, "%lu", value);
    else
        write_percent(b, value, total);
    buffer_write_cstring(b, "}}]}");
}

/* The device label: the volume's label, or its UUID as text when it has none. */
static void name_device(buffer device, u8 *uuid, sstring label)
{
    buffer_clear(device);
    if ((label).len > 0) {
        buffer_write_sstring(device, label);
        return;
    }
    for (u32 i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            buffer_write_cstring(device, "-");
        buffer_write_byte(device, hex_digit(uuid[i] >> 4));
        buffer_write_byte(device, hex_digit(uuid[i] & 15));
    }
}

/* The four series of one volume (as stock), unless it is read-only and those are not wanted. */
static void write_disk(gcp_metrics g, buffer b, timestamp now, buffer device, u8 *uuid,
                       sstring label, struct filesystem *fs, boolean include_readonly)
{
    if (filesystem_is_readonly(fs) && !include_readonly)
        return;
    u64 block_size = fs_blocksize(fs);
    u64 total_blocks = fs_totalblocks(fs);
    u64 free_blocks0 = fs_freeblocks(fs);
    /* A filesystem reporting no blocks has nothing to say (the stock klib divided by zero). */
    if (total_blocks == 0)
        return;
    if (g->series + DISK_SERIES + LOG_SERIES > MAX_SERIES) {
        if (!g->warned_series)
            rprintf("gcp: metrics.disk: more volumes than one request can carry; the rest are "
                    "left out\n");
        g->warned_series = true;
        return;
    }
    u64 free_blocks = free_blocks0 < total_blocks ? free_blocks0 : total_blocks;
    name_device(device, uuid, label);
    write_sample(g, b, now, ss("disk"), ss("bytes_used"), device, ss("free"),
                 free_blocks * block_size, 0);
    write_sample(g, b, now, ss("disk"), ss("bytes_used"), device, ss("used"),
                 (total_blocks - free_blocks) * block_size, 0);
    write_sample(g, b, now, ss("disk"), ss("percent_used"), device, ss("free"), free_blocks,
                 total_blocks);
    write_sample(g, b, now, ss("disk"), ss("percent_used"), device, ss("used"),
                 total_blocks - free_blocks, total_blocks);
}

/* The gce_instance resource of every series. */
static void write_resource(gcp_metrics g, buffer b)
{
    gcp_metadata m = g->metadata;
    buffer_write_cstring(b, "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"project_id\":");
    json_append_string(b, m->project_id);
    buffer_write_cstring(b, ",\"instance_id\":");
    json_append_string(b, m->instance_id);
    buffer_write_cstring(b, ",\"zone\":");
    json_append_string(b, m->zone);
    buffer_write_cstring(b, "}}");
}

/* One series of custom.googleapis.com/nanos/logs/<name>: INT64, a counter since the klib started or
 * a gauge. */
static void write_ours(gcp_metrics g, buffer b, timestamp now, sstring name, boolean cumulative,
                       u64 value)
{
    buffer_write_cstring(b, ",{\"metric\":{\"type\":\"custom.googleapis.com/nanos/logs/");
    buffer_write_sstring(b, name);
    buffer_write_cstring(b, "\"},");
    write_resource(g, b);
    if (cumulative) {
        buffer_write_cstring(b,
                             ",\"metricKind\":\"CUMULATIVE\",\"valueType\":\"INT64\","
                             "\"points\":[{\"interval\":{\"startTime\":");
        write_rfc3339(b, g->started);
        buffer_write_cstring(b, ",\"endTime\":");
    } else {
        buffer_write_cstring(b,
                             ",\"metricKind\":\"GAUGE\",\"valueType\":\"INT64\","
                             "\"points\":[{\"interval\":{\"endTime\":");
    }
    write_rfc3339(b, now);
    bprintf(b, "},\"value\":{\"int64Value\":\"%lu\"}}]}", value);
    g->series++;
}

/* The log shipper's series (README.md): its counters since the klib started, its backlog now. */
static void write_log_series(gcp_metrics g, buffer b, timestamp now, shipper s)
{
    shipper_stats st = s->stats;
    log_pipe p = s->pipe;
    write_ours(g, b, now, ss("lines_shipped"), true, st->lines_shipped);
    write_ours(g, b, now, ss("bytes_shipped"), true, st->bytes_shipped);
    write_ours(g, b, now, ss("lines_retried"), true, st->lines_retried);
    write_ours(g, b, now, ss("lines_dropped"), true, p->total_lost_lines);
    write_ours(g, b, now, ss("lines_refused"), true, st->lines_refused);
    write_ours(g, b, now, ss("backlog_bytes"), false, logpipe_used(p));
    write_ours(g, b, now, ss("oldest_unsent_age"), false, shipper_backlog_age_ms(p));
}

closure_function(5, 4, void, build_body_vh,
                 gcp_metrics, g, buffer, b, timestamp, now, buffer, device,
                 boolean, include_readonly,
                 u8 * uuid, sstring label, struct filesystem * fs, u64 mount_dir)
{
    write_disk(bound(g), bound(b), bound(now), bound(device), uuid, label, fs,
               bound(include_readonly));
}

static void build_body(gcp_metrics g, buffer b)
{
    u64 total = heap_total(heap_physical(get_kernel_heaps()));
    u64 allocated = heap_allocated(heap_physical(get_kernel_heaps()));
    u64 occupancy = pagecache_get_occupancy();
    u64 free = allocated < total ? total - allocated : 0;
    u64 cached = occupancy < total - free ? occupancy : total - free;
    u64 used = total - free - cached;
    timestamp now = kern_now(CLOCK_ID_REALTIME);
    buffer_clear(b);
    buffer_write_cstring(b, "{\"timeSeries\":[");
    g->series = 0;
    write_sample(g, b, now, ss("memory"), ss("bytes_used"), 0, ss("cached"), cached, 0);
    write_sample(g, b, now, ss("memory"), ss("bytes_used"), 0, ss("free"), free, 0);
    write_sample(g, b, now, ss("memory"), ss("bytes_used"), 0, ss("used"), used, 0);
    write_sample(g, b, now, ss("memory"), ss("percent_used"), 0, ss("cached"), cached, total);
    write_sample(g, b, now, ss("memory"), ss("percent_used"), 0, ss("free"), free, total);
    write_sample(g, b, now, ss("memory"), ss("percent_used"), 0, ss("used"), used, total);
    gcp_settings c = g->config;
    if (c->disk) {
        boolean include_readonly = c->include_readonly;
        buffer device = g->device_name;
        storage_iterate(stack_closure(build_body_vh, g, b, now, device, include_readonly));
    }
    /* A cumulative series needs its end after its start (a second's margin). */
    shipper s = g->shipper;
    if (s != 0 && now > g->started + seconds(1))
        write_log_series(g, b, now, s);
    buffer_write_cstring(b, "]}");
}

/* The sample in flight is done (either way): a shutdown waiting for it may go on. */
static void settled(gcp_metrics g)
{
    g->pending = false;
    status_handler done = g->shutdown_done;
    g->shutdown_done = 0;
    if (done != 0)
        apply(done, STATUS_OK);
}

static void answered(gcp_metrics g, status s)
{
    settled(g);
    buffer r = g->reason;
    buffer_clear(r);
    if (!is_ok(s)) {
        endpoint_write_reason(r, s);
        u64 kind = failure_kind_http(0, (u8 *)buffer_ref(r, 0), buffer_length(r));
        bprintf(r, "; samples are lost until it works again");
        endpoint_failure(g->failures, kind, r);
        return;
    }
    u32 status = g->endpoint->client->response->status;
    if (status == 200) {
        failure_recovered(g->failures);
        return;
    }
    if (status == 401) {
        metadata_token_refused(g->metadata);
        return;
    }
    /* The google.rpc.Status's code name, for the line. */
    buffer code = g->code;
    buffer_clear(code);
    buffer body = http_response_body(g->endpoint->client);
    json_reader_init(g->reader, (u8 *)buffer_ref(body, 0), buffer_length(body), 16,
                     buffer_length(body));
    if (json_find(g->reader, "error.status", 12, g->value) && g->value->kind == JSON_KIND_STRING &&
        buffer_extend(code, 48)) {
        s64 n = json_decode_string(g->reader, g->value, (u8 *)buffer_end(code), 48);
        if (n > 0)
            buffer_produce(code, (bytes)n);
    }
    if (buffer_length(code) > 0)
        bprintf(r, "HTTP %u %b; samples are lost until it works again", status, code);
    else
        bprintf(r, "HTTP %u; samples are lost until it works again", status);
    endpoint_failure(g->failures,
                     failure_kind_http(status, (u8 *)buffer_ref(code, 0), buffer_length(code)), r);
}

static void sample(gcp_metrics g)
{
    if (g->pending || !metadata_ready(g->metadata) || shutdown_started())
        return;
    buffer p = g->path;
    if (buffer_length(p) == 0) {
        buffer_write_cstring(p, "/v3/projects/");
        push_buffer(p, g->metadata->project_id);
        buffer_write_cstring(p, "/timeSeries");
    }
    http_client c = g->endpoint->client;
    build_body(g, g->body);
    g->pending = http_request_begin(c, ss("POST"), buffer_to_sstring(p), false) &&
                 http_request_header(c, ss("Authorization"),
                                     buffer_to_sstring(g->metadata->authorization)) &&
                 http_request_header(c, ss("Content-Type"), ss("application/json")) &&
                 http_request_send(c, g->body, seconds(REQUEST_TIMEOUT_SECONDS), g->on_answer);
}

/* Metadata is known: start the periodic samples (the first at once) unless they run already or the
 * VM is stopping. */
void metrics_ready(gcp_metrics g)
{
    if (timer_is_active(&g->tick) || shutdown_started())
        return;
    register_timer(kernel_timers, &g->tick, CLOCK_ID_MONOTONIC, 0, false,
                   seconds(g->config->interval), g->on_tick);
}

/* The VM is stopping: a sample in flight is waited for (it is not started again). */
void metrics_shutdown(gcp_metrics g, status_handler done)
{
    remove_timer(kernel_timers, &g->tick, 0);
    if (!g->pending) {
        apply(done, STATUS_OK);
        return;
    }
    g->shutdown_done = done;
}

/* Whether a sample is still on its way (for the shutdown deadline's report). */
boolean metrics_pending(gcp_metrics g)
{
    return g->pending;
}

closure_function(1, 2, void, metrics_new_on_tick,
                 gcp_metrics, g,
                 u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    sample(bound(g));
}

closure_function(1, 1, void, metrics_new_on_answer,
                 gcp_metrics, g,
                 status st)
{
    answered(bound(g), st);
}

/* The metrics to `e`, with the log shipper's series when `s` is not null; null when out of
 * memory. */
gcp_metrics metrics_new(heap h, gcp_settings c, gcp_metadata metadata, endpoint e, shipper s)
{
    gcp_metrics g = allocate(h, sizeof(struct gcp_metrics));
    if (g == INVALID_ADDRESS)
        return 0;
    g->config = c;
    g->metadata = metadata;
    g->endpoint = e;
    g->shipper = s;
    g->started = kern_now(CLOCK_ID_REALTIME);
    g->series = 0;
    g->warned_series = false;
    g->pending = false;
    g->shutdown_done = 0;
    g->body = allocate_buffer(h, 8192);
    g->path = allocate_buffer(h, 128);
    g->device_name = allocate_buffer(h, 64);
    g->reason = allocate_buffer(h, 160);
    g->code = allocate_buffer(h, 64);
    g->reader = allocate(h, sizeof(struct json_reader));
    g->value = allocate(h, sizeof(struct json_value));
    failure_run failures = failure_run_new(h, ss("gcp"), ss("timeSeries.create"), e->name);
    g->on_tick = closure(h, metrics_new_on_tick, g);
    g->on_answer = closure(h, metrics_new_on_answer, g);
    if (g->body == INVALID_ADDRESS || g->path == INVALID_ADDRESS ||
        g->device_name == INVALID_ADDRESS || g->reason == INVALID_ADDRESS ||
        g->code == INVALID_ADDRESS || g->reader == INVALID_ADDRESS || g->value == INVALID_ADDRESS ||
        failures == 0 || g->on_tick == INVALID_ADDRESS || g->on_answer == INVALID_ADDRESS) {
        rprintf("gcp: out of memory: metrics are off\n");
        return 0;
    }
    g->failures = failures;
    init_timer(&g->tick);
    return g;
}
