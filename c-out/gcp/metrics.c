/* generated from klib-src/gcp/metrics.ts by klibc - do not edit */
#include <kernel.h>
#include <pagecache.h>
#include <fs.h>
#include <lwip.h>
#include <storage.h>
#include "../lib/ascii.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/json_reader.h"
#include "../lib/shutdown_deadline.h"
#include "config.h"
#include "endpoint.h"
#include "entry.h"
#include "json_text.h"
#include "metadata.h"
#include "structured.h"
#include "metrics.h"

/* Memory (and, with metrics.disk, disk) metrics to Cloud Monitoring (timeSeries.create), the series
 * the stock klib sends as the Ops Agent's agent.googleapis.com/memory/ *: bytes_used and
 * percent_used for the states cached, free and used, and disk/ * per volume; one point each, every
 * `metrics.interval` seconds (the first right after the metadata is known). Best effort, as stock:
 * a sample that fails is not sent again (the next one is newer anyway), and a sample still in
 * flight makes the next tick skip. Once the shutdown has begun no sample starts; one in flight is
 * waited for, within the klib's shutdown deadline. */

struct filesystem;

#define REQUEST_TIMEOUT_SECONDS 30

/* timeSeries.create takes at most 200 series per request; memory takes 6, each volume 4. */
#define MAX_SERIES 200

#define DISK_SERIES 4

static struct gcp_metrics {
    heap h;
    struct gcp_settings *config;
    struct endpoint *endpoint;
    buffer body;
    buffer path;
    struct timer tick;
    boolean pending;
    u32 last_status;
    buffer device_name;
    /* Series written into the body being built. */
    u32 series;
    boolean warned_series;
    status_handler shutdown_done;
    /* Samples written (answered 200). */
    u64 samples_sent;
    closure_struct(thunk, on_resolved);
    closure_struct(timer_handler, on_tick);
} gcp_metrics = {
    .last_status = 200,
};

static void build_body(buffer b);
static void report(u32 status);
static void settled(void);
static void answered(status s);

closure_function(0, 1, void, on_resolved_done,
                 status s)
{
    answered(s);
    closure_finish();
}

closure_func_basic(thunk, void, on_resolved)
{
    endpoint e = gcp_metrics.endpoint;
    if (!e->known || !metadata_ready()) {
        settled();
        report(0);
        return;
    }
    http_client c = e->client;
    build_body(gcp_metrics.body);
    if (!http_request_begin(c, ss("POST"), buffer_to_sstring(gcp_metrics.path), false) ||
        !http_request_header(c, ss("Authorization"), buffer_to_sstring(metadata_authorization())) ||
        !http_request_header(c, ss("Content-Type"), ss("application/json")) ||
        !http_request_send(c, gcp_metrics.body, seconds(REQUEST_TIMEOUT_SECONDS),
                           closure(gcp_metrics.h, on_resolved_done))) {
        settled();
    }
}

closure_func_basic(timer_handler, void, on_tick,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    if (gcp_metrics.pending || !metadata_ready() || shutdown_started())
        return;
    buffer p = gcp_metrics.path;
    if (buffer_length(p) == 0) {
        buffer_write_cstring(p, "/v3/projects/");
        push_buffer(p, metadata_project_id());
        buffer_write_cstring(p, "/timeSeries");
    }
    gcp_metrics.pending = true;
    endpoint_resolve(gcp_metrics.endpoint,
                     init_closure_func(&gcp_metrics.on_resolved, thunk, on_resolved));
}

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
static void write_sample(buffer b, timestamp now, sstring group, sstring type, buffer device,
                         sstring state, u64 value, u64 total)
{
    if (gcp_metrics.series > 0)
        buffer_write_cstring(b, ",");
    gcp_metrics.series++;
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
    buffer_write_cstring(b,
                         "\"}},\"resource\":{\"type\":\"gce_instance\","
                         "\"labels\":{\"project_id\":");
    json_append_string(b, metadata_project_id());
    buffer_write_cstring(b, ",\"instance_id\":");
    json_append_string(b, metadata_instance_id());
    buffer_write_cstring(b, ",\"zone\":");
    json_append_string(b, metadata_zone());
    buffer_write_cstring(b,
                         "}},\"metricKind\":\"GAUGE\",\"valueType\":\"DOUBLE\","
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
static void write_disk(buffer b, timestamp now, buffer device, u8 *uuid, sstring label,
                       struct filesystem *fs, boolean include_readonly)
{
    if (filesystem_is_readonly(fs) && !include_readonly)
        return;
    u64 block_size = fs_blocksize(fs);
    u64 total_blocks = fs_totalblocks(fs);
    u64 free_blocks0 = fs_freeblocks(fs);
    /* A filesystem reporting no blocks has nothing to say (the stock klib divided by zero). */
    if (total_blocks == 0)
        return;
    if (gcp_metrics.series + DISK_SERIES > MAX_SERIES) {
        if (!gcp_metrics.warned_series)
            rprintf("gcp: metrics.disk: more volumes than one request can carry; the rest are "
                    "left out\n");
        gcp_metrics.warned_series = true;
        return;
    }
    u64 free_blocks = free_blocks0 < total_blocks ? free_blocks0 : total_blocks;
    name_device(device, uuid, label);
    write_sample(b, now, ss("disk"), ss("bytes_used"), device, ss("free"), free_blocks * block_size,
                 0);
    write_sample(b, now, ss("disk"), ss("bytes_used"), device, ss("used"),
                 (total_blocks - free_blocks) * block_size, 0);
    write_sample(b, now, ss("disk"), ss("percent_used"), device, ss("free"), free_blocks,
                 total_blocks);
    write_sample(b, now, ss("disk"), ss("percent_used"), device, ss("used"),
                 total_blocks - free_blocks, total_blocks);
}

closure_function(4, 4, void, build_body_vh,
                 buffer, b, timestamp, now, buffer, device, boolean, include_readonly,
                 u8 * uuid, sstring label, struct filesystem * fs, u64 mount_dir)
{
    write_disk(bound(b), bound(now), bound(device), uuid, label, fs, bound(include_readonly));
}

static void build_body(buffer b)
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
    gcp_metrics.series = 0;
    write_sample(b, now, ss("memory"), ss("bytes_used"), 0, ss("cached"), cached, 0);
    write_sample(b, now, ss("memory"), ss("bytes_used"), 0, ss("free"), free, 0);
    write_sample(b, now, ss("memory"), ss("bytes_used"), 0, ss("used"), used, 0);
    write_sample(b, now, ss("memory"), ss("percent_used"), 0, ss("cached"), cached, total);
    write_sample(b, now, ss("memory"), ss("percent_used"), 0, ss("free"), free, total);
    write_sample(b, now, ss("memory"), ss("percent_used"), 0, ss("used"), used, total);
    if (gcp_metrics.config->disk) {
        boolean include_readonly = gcp_metrics.config->include_readonly;
        buffer device = gcp_metrics.device_name;
        storage_iterate(stack_closure(build_body_vh, b, now, device, include_readonly));
    }
    buffer_write_cstring(b, "]}");
}

static void report(u32 status)
{
    /* One line when the outcome changes, not one per sample. */
    if (status != gcp_metrics.last_status) {
        if (status == 0)
            rprintf("gcp: timeSeries.create: network error or timeout\n");
        else if (status != 200)
            rprintf("gcp: timeSeries.create: HTTP %u; samples are lost until it works again\n",
                    status);
    }
    gcp_metrics.last_status = status;
}

/* The sample in flight is done (either way): a shutdown waiting for it may go on. */
static void settled(void)
{
    gcp_metrics.pending = false;
    status_handler done = gcp_metrics.shutdown_done;
    gcp_metrics.shutdown_done = 0;
    if (done != 0)
        apply(done, STATUS_OK);
}

static void answered(status s)
{
    settled();
    endpoint e = gcp_metrics.endpoint;
    if (!is_ok(s)) {
        timm_dealloc(s);
        endpoint_stale(e);
        report(0);
        return;
    }
    u32 status = e->client->response->status;
    if (status == 200)
        gcp_metrics.samples_sent++;
    if (status == 401) {
        metadata_token_refused();
        return;
    }
    report(status);
}

/* Metadata is known: start the periodic samples (the first at once) unless they run already or the
 * VM is stopping. */
void metrics_ready(void)
{
    gcp_settings c = gcp_metrics.config;
    if (c == 0 || timer_is_active(&gcp_metrics.tick) || shutdown_started())
        return;
    register_timer(kernel_timers, &gcp_metrics.tick, CLOCK_ID_MONOTONIC, 0, false,
                   seconds(c->interval),
                   init_closure_func(&gcp_metrics.on_tick, timer_handler, on_tick));
}

/* The VM is stopping: a sample in flight is waited for (it is not started again). */
void metrics_shutdown(status_handler done)
{
    remove_timer(kernel_timers, &gcp_metrics.tick, 0);
    if (!gcp_metrics.pending) {
        apply(done, STATUS_OK);
        return;
    }
    gcp_metrics.shutdown_done = done;
}

boolean metrics_init(heap klib_heap, gcp_settings c, endpoint e)
{
    gcp_metrics.h = klib_heap;
    gcp_metrics.endpoint = e;
    gcp_metrics.body = allocate_buffer(gcp_metrics.h, 8192);
    gcp_metrics.path = allocate_buffer(gcp_metrics.h, 128);
    gcp_metrics.device_name = allocate_buffer(gcp_metrics.h, 64);
    if (gcp_metrics.body == INVALID_ADDRESS || gcp_metrics.path == INVALID_ADDRESS ||
        gcp_metrics.device_name == INVALID_ADDRESS) {
        rprintf("gcp: out of memory: metrics are off\n");
        return false;
    }
    gcp_metrics.config = c;
    return true;
}

/* Whether a sample is still on its way (for the shutdown deadline's report). */
boolean metrics_pending(void)
{
    return gcp_metrics.pending;
}

u64 metrics_samples_sent(void)
{
    return gcp_metrics.samples_sent;
}
