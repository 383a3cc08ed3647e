/* generated from klib-src/gcp/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_values.h"
#include "json_text.h"
#include "config.h"

/* The `gcp` manifest tuple. The stock keys keep their meaning and defaults (logging,
 * logging.log_id, metrics, metrics.interval with its 60 s minimum, metrics.disk,
 * metrics.disk.include_readonly); ours are documented in the README. A value that is not valid
 * gives one console line naming the key, and the klib stays off: the VM keeps running (the stock
 * klib halted the boot). */

#define MIN_INTERVAL 60
#define DEFAULT_FLUSH_INTERVAL 1
#define MAX_FLUSH_INTERVAL 3600
#define MAX_SHUTDOWN_TIMEOUT 3600
#define MAX_LABELS 64
#define MAX_LABEL_KEY 512
#define MAX_LABEL_VALUE 1024
#define MAX_LOG_ID 512
#define MAX_HOST 253

static struct gcp_config {
    boolean valid;
    struct gcp_settings *parsing;
    /* The record being read; kept afterwards too, so nothing allocated here is unreachable. */
    u64 label_count;
} gcp_config = {
    .valid = true,
};

static void invalid(sstring key, sstring why)
{
    rprintf("gcp: invalid configuration: '%s' %s; the gcp klib is off\n", key, why);
    gcp_config.valid = false;
}

/* on/off switches: "on", "true", "off", "false". */
static boolean switch_of(sstring key, value v, boolean dflt)
{
    if (!is_string(v)) {
        invalid(key, ss("must be on or off"));
        return dflt;
    }
    buffer b = (buffer)(v);
    if (buffer_strstr(b, ss("on")) == 0 && buffer_length(b) == 2)
        return true;
    if (buffer_strstr(b, ss("true")) == 0 && buffer_length(b) == 4)
        return true;
    if (buffer_strstr(b, ss("off")) == 0 && buffer_length(b) == 3)
        return false;
    if (buffer_strstr(b, ss("false")) == 0 && buffer_length(b) == 5)
        return false;
    invalid(key, ss("must be on or off"));
    return dflt;
}

/* A host name: 1 to 253 letters, digits, dots and dashes. */
static buffer host_of(sstring key, value v)
{
    if (!is_string(v)) {
        invalid(key, ss("must be a host name"));
        return 0;
    }
    buffer b = (buffer)(v);
    bytes n = buffer_length(b);
    boolean ok = n > 0 && n <= MAX_HOST;
    for (bytes i = 0; ok && i < n; i++) {
        u8 c = byte(b, i);
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '-';
    }
    if (!ok) {
        invalid(key, ss("must be a host name"));
        return 0;
    }
    return b;
}

/* What Cloud Logging takes as a LOG_ID: 1 to 512 of [A-Za-z0-9_./-]. */
static boolean is_log_id(buffer b)
{
    bytes n = buffer_length(b);
    if (n == 0 || n > MAX_LOG_ID)
        return false;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '_' || c == '.' || c == '/' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

static buffer copy_text(heap h, sstring text)
{
    buffer b = allocate_buffer(h, 32);
    if (b != INVALID_ADDRESS)
        bprintf(b, "%s", text);
    return b;
}

static void read_label(gcp_settings c, symbol k, value v)
{
    buffer name = symbol_string(k);
    if (!is_string(v) || buffer_length((buffer)(v)) > MAX_LABEL_VALUE ||
        buffer_length(name) > MAX_LABEL_KEY || gcp_config.label_count == MAX_LABELS) {
        invalid(ss("logging.labels"),
                ss("must map at most 64 names to strings of at most 1024 bytes"));
        return;
    }
    buffer out = c->labels;
    if (out == 0)
        return;
    if (gcp_config.label_count > 0)
        buffer_write_byte(out, ',');
    json_append_string(out, name);
    buffer_write_byte(out, ':');
    json_append_string(out, (buffer)(v));
    gcp_config.label_count++;
}

closure_function(0, 2, boolean, read_logging_h,
                 value k, value val)
{
    if (gcp_config.parsing != 0)
        read_label(gcp_config.parsing, (symbol)(k), val);
    return true;
}

static void read_logging(gcp_settings c, heap h, tuple t)
{
    value log_id = get(t, sym_this("log_id"));
    if (log_id != 0) {
        if (!is_string(log_id) || !is_log_id((buffer)(log_id))) {
            /* Cloud Logging would refuse every request: better said once, now. */
            invalid(ss("logging.log_id"), ss("must be 1 to 512 letters, digits, and _ . / -"));
        } else {
            c->log_id = (buffer)(log_id);
        }
    }
    value endpoint = get(t, sym_this("endpoint"));
    if (endpoint != 0) {
        buffer b = host_of(ss("logging.endpoint"), endpoint);
        if (b != 0) {
            if (c->logging_endpoint != INVALID_ADDRESS)
                deallocate_buffer(c->logging_endpoint);
            c->logging_endpoint = b;
        }
    }
    value flush = get(t, sym_this("flush_interval"));
    if (flush != 0) {
        u64 n = number_of(flush);
        if (n == 0 || n > MAX_FLUSH_INTERVAL)
            invalid(ss("logging.flush_interval"), ss("must be a number of seconds, 1 to 3600"));
        else
            c->flush_interval = n;
    }
    value size = get(t, sym_this("buffer_size"));
    if (size != 0) {
        u64 n = log_buffer_size_of(size);
        if (n == NOT_A_NUMBER)
            invalid(ss("logging.buffer_size"), LOG_BUFFER_RULE);
        else
            c->buffer_size = n;
    }
    value severity = get(t, sym_this("severity"));
    if (severity != 0)
        c->severity = switch_of(ss("logging.severity"), severity, true);
    value labels = get(t, sym_this("labels"));
    if (labels != 0) {
        if (!is_tuple(labels)) {
            invalid(ss("logging.labels"), ss("must be a tuple of names and strings"));
            return;
        }
        buffer out = allocate_buffer(h, 256);
        if (out == INVALID_ADDRESS) {
            invalid(ss("logging.labels"), ss("cannot be stored: out of memory"));
            return;
        }
        c->labels = out;
        gcp_config.label_count = 0;
        iterate(labels, stack_closure(read_logging_h));
    }
}

static void read_metrics(gcp_settings c, tuple t)
{
    value interval = get(t, sym_this("interval"));
    if (interval != 0) {
        u64 n = number_of(interval);
        if (n == NOT_A_NUMBER || n < MIN_INTERVAL) {
            invalid(ss("metrics.interval"), ss("must be a number of seconds, at least 60"));
        } else {
            c->interval = n;
        }
    }
    value endpoint = get(t, sym_this("endpoint"));
    if (endpoint != 0) {
        buffer b = host_of(ss("metrics.endpoint"), endpoint);
        if (b != 0) {
            if (c->metrics_endpoint != INVALID_ADDRESS)
                deallocate_buffer(c->metrics_endpoint);
            c->metrics_endpoint = b;
        }
    }
    /* As stock: a disk value that is not a tuple is ignored; any include_readonly value counts. */
    value disk = get(t, sym_this("disk"));
    if (disk != 0 && is_tuple(disk)) {
        c->disk = true;
        c->include_readonly = get((tuple)(disk), sym_this("include_readonly")) != 0;
    }
}

static void read_ca_cert(gcp_settings c, heap h, value v)
{
    if (!is_string(v) || !is_pem_text((buffer)(v))) {
        invalid(ss("ca_cert"), ss("must be PEM text (-----BEGIN CERTIFICATE----- ...)"));
        return;
    }
    buffer pem = copy_with_nul(h, (buffer)(v));
    if (pem == 0) {
        invalid(ss("ca_cert"), ss("cannot be copied: out of memory"));
        return;
    }
    c->ca_cert = pem;
}

/* Reads the manifest's `gcp` tuple. Null when it is absent (nothing to do) or not valid (after one
 * console line naming the key). */
gcp_settings read_config(heap h)
{
    value v = get(get_root_tuple(), sym_this("gcp"));
    if (v == 0)
        return 0;
    if (!is_tuple(v)) {
        rprintf("gcp: invalid configuration: 'gcp' must be a tuple; the gcp klib is off\n");
        return 0;
    }
    tuple t = (tuple)(v);
    gcp_settings c = allocate(h, sizeof(struct gcp_settings));
    if (c == INVALID_ADDRESS)
        return 0;
    c->logging = false;
    c->log_id = 0;
    c->logging_endpoint = copy_text(h, ss("logging.googleapis.com"));
    c->flush_interval = DEFAULT_FLUSH_INTERVAL;
    c->buffer_size = DEFAULT_BUFFER_SIZE;
    c->severity = true;
    c->labels = 0;
    c->metrics = false;
    c->interval = DEFAULT_INTERVAL;
    c->disk = false;
    c->include_readonly = false;
    c->metrics_endpoint = copy_text(h, ss("monitoring.googleapis.com"));
    c->ca_cert = 0;
    c->shutdown_timeout = DEFAULT_SHUTDOWN_TIMEOUT;
    c->stats_interval = 0;
    gcp_config.valid = c->logging_endpoint != INVALID_ADDRESS &&
                       c->metrics_endpoint != INVALID_ADDRESS;
    gcp_config.parsing = c;
    value logging = get(t, sym_this("logging"));
    if (logging != 0) {
        if (is_tuple(logging)) {
            c->logging = true;
            read_logging(c, h, (tuple)(logging));
        } else {
            invalid(ss("logging"), ss("must be a tuple"));
        }
    }
    value metrics = get(t, sym_this("metrics"));
    if (metrics != 0) {
        if (is_tuple(metrics)) {
            c->metrics = true;
            read_metrics(c, (tuple)(metrics));
        } else {
            invalid(ss("metrics"), ss("must be a tuple"));
        }
    }
    value ca = get(t, sym_this("ca_cert"));
    if (ca != 0)
        read_ca_cert(c, h, ca);
    value shutdown_timeout = get(t, sym_this("shutdown_timeout"));
    if (shutdown_timeout != 0) {
        u64 n = number_of(shutdown_timeout);
        if (n == NOT_A_NUMBER || n == 0 || n > MAX_SHUTDOWN_TIMEOUT)
            invalid(ss("shutdown_timeout"), ss("must be a number of seconds, 1 to 3600"));
        else
            c->shutdown_timeout = n;
    }
    value stats = get(t, sym_this("stats_interval"));
    if (stats != 0) {
        u64 n = number_of(stats);
        if (n == NOT_A_NUMBER || n > 86400)
            invalid(ss("stats_interval"), ss("must be a number of seconds, 0 (off) to 86400"));
        else
            c->stats_interval = n;
    }
    if (!gcp_config.valid)
        return 0;
    return c;
}
