/* generated from klib-src/gcp/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_keys.h"
#include "../lib/config_map.h"
#include "json_text.h"
#include "config.h"

/* The `gcp` manifest tuple: its keys, declared once (KEYS), read by the one reader
 * (lib/config_map.ts), listed in the README from the same rows. The stock keys keep their meaning
 * and defaults (logging, logging.log_id, metrics, metrics.interval with its 60 s minimum,
 * metrics.disk, metrics.disk.include_readonly). A value that is not valid gives one console line
 * naming the key, and the klib stays off: the VM keeps running (the stock klib halted the boot). */

#define OFF ss("the gcp klib is off")

/* Cloud Logging's limits on a label (LogEntry.labels). */
#define MAX_LABEL_KEY 512

#define MAX_LABEL_VALUE 1024

/* Counts the labels written while they are turned into JSON. */
typedef struct label_writer {
    buffer out;
    u64 count;
    boolean fits;
} *label_writer;

/* The keys of the `gcp` tuple (lib/config_map.ts says how a row reads). */
static const struct config_key keys[] = {
    { .name = ss_static_init("logging"), .kind = CONFIG_KIND_SECTION,
      .field = offsetof(gcp_settings, logging), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("its presence ships the console to Cloud Logging (stock); absent: "
                            "no log shipping") },
    { .name = ss_static_init("logging.log_id"), .kind = CONFIG_KIND_TEXT,
      .field = offsetof(gcp_settings, log_id), .initial = ss_static_init(""),
      .range = ss_static_init("1..512 [A-Za-z0-9_./-]"),
      .doc = ss_static_init("the log's id, as Cloud Logging requires it (percent-encoded in "
                            "`logName`; the stock klib sent any text unencoded); absent: the "
                            "instance host name from the metadata server (stock)") },
    { .name = ss_static_init("logging.endpoint"), .kind = CONFIG_KIND_HOST,
      .field = offsetof(gcp_settings, logging_endpoint),
      .initial = ss_static_init("logging.googleapis.com"), .range = ss_static_init(""),
      .doc = ss_static_init("host name of the Logging API (port 443)") },
    { .name = ss_static_init("logging.flush_interval"), .kind = CONFIG_KIND_MILLISECONDS,
      .field = offsetof(gcp_settings, flush_ms), .initial = ss_static_init("1s"),
      .range = ss_static_init("10ms..1h"),
      .doc = ss_static_init("time between flushes of the console buffer (stock: 10 s)") },
    { .name = ss_static_init("logging.buffer_size"), .kind = CONFIG_KIND_SIZE,
      .field = offsetof(gcp_settings, buffer_size), .initial = ss_static_init("8m"),
      .range = ss_static_init("64k..256m"),
      .doc = ss_static_init("the console buffer (the log ring), as in the cloudwatch klib "
                            "(stock: 8192 entries)") },
    { .name = ss_static_init("logging.severity"), .kind = CONFIG_KIND_SWITCH,
      .field = offsetof(gcp_settings, severity), .initial = ss_static_init("on"),
      .range = ss_static_init(""), .doc = ss_static_init("detect each entry's severity") },
    { .name = ss_static_init("logging.labels"), .kind = CONFIG_KIND_LABELS,
      .field = offsetof(gcp_settings, label_tuple), .initial = ss_static_init(""),
      .range = ss_static_init("..64"),
      .doc = ss_static_init("labels on every entry: names of at most 512 bytes, values of at "
                            "most 1024") },
    { .name = ss_static_init("metrics"), .kind = CONFIG_KIND_SECTION,
      .field = offsetof(gcp_settings, metrics), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("its presence sends memory metrics (stock); absent: no metrics") },
    { .name = ss_static_init("metrics.interval"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(gcp_settings, interval), .initial = ss_static_init("60s"),
      .range = ss_static_init("60s.."), .doc = ss_static_init("time between samples (stock)") },
    { .name = ss_static_init("metrics.endpoint"), .kind = CONFIG_KIND_HOST,
      .field = offsetof(gcp_settings, metrics_endpoint),
      .initial = ss_static_init("monitoring.googleapis.com"), .range = ss_static_init(""),
      .doc = ss_static_init("host name of the Monitoring API (port 443)") },
    { .name = ss_static_init("metrics.disk"), .kind = CONFIG_KIND_LAX_SECTION,
      .field = offsetof(gcp_settings, disk), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("its presence also sends disk series per volume (stock)") },
    { .name = ss_static_init("metrics.disk.include_readonly"), .kind = CONFIG_KIND_PRESENCE,
      .field = offsetof(gcp_settings, include_readonly), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("its presence includes read-only volumes (stock)") },
    { .name = ss_static_init("ca_cert"), .kind = CONFIG_KIND_PEM,
      .field = offsetof(gcp_settings, ca_cert), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("the CAs to trust for both APIs instead of the tls klib's default "
                            "trust; absent: the tls klib's (Debian's CA bundle)") },
    { .name = ss_static_init("shutdown_timeout"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(gcp_settings, shutdown_timeout), .initial = ss_static_init("10s"),
      .range = ss_static_init("1s..1h"),
      .doc = ss_static_init("how long the shutdown flush may hold the VM's halt; then the VM "
                            "halts with what is left (one console line says what)") },
    { .name = ss_static_init("stats_interval"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(gcp_settings, stats_interval), .initial = ss_static_init(""),
      .range = ss_static_init("0s..24h"),
      .doc = ss_static_init("time between the log shipper's stats lines (lines, bytes, "
                            "requests, failures, drops); absent or 0: one at shutdown") },
};

closure_function(1, 2, boolean, labels_json_h,
                 label_writer, w,
                 value k, value v)
{
    buffer name = symbol_string((symbol)(k));
    buffer value = (buffer)(v);
    if (buffer_length(name) > MAX_LABEL_KEY || buffer_length(value) > MAX_LABEL_VALUE)
        bound(w)->fits = false;
    if (!bound(w)->fits)
        return false;
    if (bound(w)->count > 0)
        buffer_write_byte(bound(w)->out, ',');
    json_append_string(bound(w)->out, name);
    buffer_write_byte(bound(w)->out, ':');
    json_append_string(bound(w)->out, value);
    bound(w)->count++;
    return true;
}

/* logging.labels as the JSON members of an object (`"k":"v",...`); null (after the line naming the
 * key) when a name or value is longer than Cloud Logging takes, or when out of memory. */
static buffer labels_json(heap h, tuple t)
{
    label_writer w = allocate(h, sizeof(struct label_writer));
    if (w == INVALID_ADDRESS)
        return 0;
    w->out = allocate_buffer(h, 256);
    w->count = 0;
    w->fits = w->out != INVALID_ADDRESS;
    if (w->fits) {
        iterate(t, stack_closure(labels_json_h, w));
    }
    buffer out = w->out;
    if (w->out == INVALID_ADDRESS) {
        rprintf("gcp: invalid configuration: 'logging.labels' cannot be stored: out of memory; "
                "%s\n",
                OFF);
        out = 0;
    } else if (!w->fits) {
        deallocate_buffer(w->out);
        report_invalid(ss("gcp"), ss("logging.labels"),
                       ss("a tuple of at most 64 names of at most 512 bytes with string values "
                          "of at most 1024"),
                       OFF);
        out = 0;
    }
    deallocate(h, w, sizeof(struct label_writer));
    return out;
}

/* Reads the manifest's `gcp` tuple. Null when it is absent (nothing to do) or not valid (after one
 * console line naming the key). */
gcp_settings read_config(heap h)
{
    gcp_settings c = allocate(h, sizeof(struct gcp_settings));
    if (c == INVALID_ADDRESS)
        return 0;
    c->labels = 0;
    enum config_status status = read_config_map(h, get(get_root_tuple(), sym_this("gcp")),
                                                ss("gcp"), OFF, keys, _countof(keys), c);
    if (status == CONFIG_STATUS_VALID && c->label_tuple != 0) {
        c->labels = labels_json(h, c->label_tuple);
        if (c->labels == 0)
            status = CONFIG_STATUS_INVALID;
    }
    if (status == CONFIG_STATUS_VALID)
        return c;
    free_config_map(keys, _countof(keys), c);
    deallocate(h, c, sizeof(struct gcp_settings));
    return 0;
}
