/* generated from klib-src/gcp/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_values.h"
#include "json_text.h"
#include "config.h"

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
    u64 label_count;
} gcp_config = {
    .valid = true,
};

#line 56 "klib-src/gcp/config.ts"
static void invalid(sstring key, sstring why)
{
#line 57 "klib-src/gcp/config.ts"
    rprintf("gcp: invalid configuration: '%s' %s; the gcp klib is off\n", key, why);
    gcp_config.valid = false;
}

#line 62 "klib-src/gcp/config.ts"
static boolean switch_of(sstring key, value v, boolean dflt)
{
#line 63 "klib-src/gcp/config.ts"
    if (!is_string(v)) {
        invalid(key, ss("must be on or off"));
        return dflt;
    }
    buffer b = ((buffer)(v));
    if (buffer_strstr(b, ss("on")) == 0 && buffer_length(b) == 2)
#line 68 "klib-src/gcp/config.ts"
        return true;
    if (buffer_strstr(b, ss("true")) == 0 && buffer_length(b) == 4)
#line 69 "klib-src/gcp/config.ts"
        return true;
    if (buffer_strstr(b, ss("off")) == 0 && buffer_length(b) == 3)
#line 70 "klib-src/gcp/config.ts"
        return false;
    if (buffer_strstr(b, ss("false")) == 0 && buffer_length(b) == 5)
#line 71 "klib-src/gcp/config.ts"
        return false;
    invalid(key, ss("must be on or off"));
    return dflt;
}

#line 77 "klib-src/gcp/config.ts"
static buffer host_of(sstring key, value v)
{
#line 78 "klib-src/gcp/config.ts"
    if (!is_string(v)) {
        invalid(key, ss("must be a host name"));
        return 0;
    }
    buffer b = ((buffer)(v));
    bytes n = buffer_length(b);
    boolean ok = n > 0 && n <= MAX_HOST;
    for (bytes i = 0; ok && i < n; i++) {
        u8 c = byte(b, i);
        ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 46 || c == 45;
    }
    if (!ok) {
        invalid(key, ss("must be a host name"));
        return 0;
    }
    return b;
}

#line 97 "klib-src/gcp/config.ts"
static boolean is_log_id(buffer b)
{
#line 98 "klib-src/gcp/config.ts"
    bytes n = buffer_length(b);
    if (n == 0 || n > MAX_LOG_ID)
#line 99 "klib-src/gcp/config.ts"
        return false;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        boolean ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == 46 || c == 47 || c == 45;
#line 104 "klib-src/gcp/config.ts"
        if (!ok)
#line 104 "klib-src/gcp/config.ts"
            return false;
    }
    return true;
}

#line 109 "klib-src/gcp/config.ts"
static buffer copy_text(heap h, sstring text)
{
#line 110 "klib-src/gcp/config.ts"
    buffer b = allocate_buffer(h, 32);
    if (b != INVALID_ADDRESS)
#line 111 "klib-src/gcp/config.ts"
        bprintf(b, "%s", text);
    return b;
}

#line 115 "klib-src/gcp/config.ts"
static void read_label(gcp_settings c, symbol k, value v)
{
#line 116 "klib-src/gcp/config.ts"
    buffer name = symbol_string(k);
    if (!is_string(v) || buffer_length(((buffer)(v))) > MAX_LABEL_VALUE || buffer_length(name) > MAX_LABEL_KEY || gcp_config.label_count == MAX_LABELS) {
#line 119 "klib-src/gcp/config.ts"
        invalid(ss("logging.labels"),
                ss("must map at most 64 names to strings of at most 1024 bytes"));
#line 120 "klib-src/gcp/config.ts"
        return;
    }
    buffer out = c->labels;
    if (out == 0)
#line 123 "klib-src/gcp/config.ts"
        return;
    if (gcp_config.label_count > 0)
#line 124 "klib-src/gcp/config.ts"
        buffer_write_byte(out, 44);
    json_append_string(out, name);
    buffer_write_byte(out, 58);
    json_append_string(out, ((buffer)(v)));
    gcp_config.label_count++;
}

#line 176 "klib-src/gcp/config.ts"
closure_function(0, 2, boolean, read_logging_h,
                 value k, value val)
{
#line 177 "klib-src/gcp/config.ts"
    if (gcp_config.parsing != 0)
#line 177 "klib-src/gcp/config.ts"
        read_label(gcp_config.parsing, ((symbol)(k)), val);
    return true;
}

#line 131 "klib-src/gcp/config.ts"
static void read_logging(gcp_settings c, heap h, tuple t)
{
#line 132 "klib-src/gcp/config.ts"
    value log_id = get(t, sym_this("log_id"));
    if (log_id != 0) {
        if (!is_string(log_id) || !is_log_id(((buffer)(log_id)))) {
#line 136 "klib-src/gcp/config.ts"
            invalid(ss("logging.log_id"), ss("must be 1 to 512 letters, digits, and _ . / -"));
        } else {
            c->log_id = ((buffer)(log_id));
        }
    }
    value endpoint = get(t, sym_this("endpoint"));
    if (endpoint != 0) {
        buffer b = host_of(ss("logging.endpoint"), endpoint);
        if (b != 0) {
            if (c->logging_endpoint != INVALID_ADDRESS)
#line 145 "klib-src/gcp/config.ts"
                deallocate_buffer(c->logging_endpoint);
            c->logging_endpoint = b;
        }
    }
    value flush = get(t, sym_this("flush_interval"));
    if (flush != 0) {
        u64 n = number_of(flush);
        if (n == 0 || n > MAX_FLUSH_INTERVAL)
#line 152 "klib-src/gcp/config.ts"
            invalid(ss("logging.flush_interval"), ss("must be a number of seconds, 1 to 3600"));
        else
#line 153 "klib-src/gcp/config.ts"
            c->flush_interval = n;
    }
    value size = get(t, sym_this("buffer_size"));
    if (size != 0) {
        u64 n = log_buffer_size_of(size);
        if (n == NOT_A_NUMBER)
#line 158 "klib-src/gcp/config.ts"
            invalid(ss("logging.buffer_size"), LOG_BUFFER_RULE);
        else
#line 159 "klib-src/gcp/config.ts"
            c->buffer_size = n;
    }
    value severity = get(t, sym_this("severity"));
    if (severity != 0)
#line 162 "klib-src/gcp/config.ts"
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

#line 183 "klib-src/gcp/config.ts"
static void read_metrics(gcp_settings c, tuple t)
{
#line 184 "klib-src/gcp/config.ts"
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
#line 197 "klib-src/gcp/config.ts"
                deallocate_buffer(c->metrics_endpoint);
            c->metrics_endpoint = b;
        }
    }
#line 202 "klib-src/gcp/config.ts"
    value disk = get(t, sym_this("disk"));
    if (disk != 0 && is_tuple(disk)) {
        c->disk = true;
        c->include_readonly = get(((tuple)(disk)), sym_this("include_readonly")) != 0;
    }
}

#line 209 "klib-src/gcp/config.ts"
static void read_ca_cert(gcp_settings c, heap h, value v)
{
#line 210 "klib-src/gcp/config.ts"
    if (!is_string(v) || !is_pem_text(((buffer)(v)))) {
        invalid(ss("ca_cert"), ss("must be PEM text (-----BEGIN CERTIFICATE----- ...)"));
        return;
    }
    buffer pem = copy_with_nul(h, ((buffer)(v)));
    if (pem == 0) {
        invalid(ss("ca_cert"), ss("cannot be copied: out of memory"));
        return;
    }
    c->ca_cert = pem;
}

#line 226 "klib-src/gcp/config.ts"
gcp_settings read_config(heap h)
{
#line 227 "klib-src/gcp/config.ts"
    value v = get(get_root_tuple(), sym_this("gcp"));
    if (v == 0)
#line 228 "klib-src/gcp/config.ts"
        return 0;
    if (!is_tuple(v)) {
        rprintf("gcp: invalid configuration: 'gcp' must be a tuple; the gcp klib is off\n");
        return 0;
    }
    tuple t = ((tuple)(v));
    gcp_settings c = allocate(h, sizeof(struct gcp_settings));
    if (c == INVALID_ADDRESS)
#line 235 "klib-src/gcp/config.ts"
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
    gcp_config.valid = c->logging_endpoint != INVALID_ADDRESS && c->metrics_endpoint != INVALID_ADDRESS;
    gcp_config.parsing = c;
    value logging = get(t, sym_this("logging"));
    if (logging != 0) {
        if (is_tuple(logging)) {
            c->logging = true;
            read_logging(c, h, ((tuple)(logging)));
        } else {
            invalid(ss("logging"), ss("must be a tuple"));
        }
    }
    value metrics = get(t, sym_this("metrics"));
    if (metrics != 0) {
        if (is_tuple(metrics)) {
            c->metrics = true;
            read_metrics(c, ((tuple)(metrics)));
        } else {
            invalid(ss("metrics"), ss("must be a tuple"));
        }
    }
    value ca = get(t, sym_this("ca_cert"));
    if (ca != 0)
#line 271 "klib-src/gcp/config.ts"
        read_ca_cert(c, h, ca);
    value shutdown_timeout = get(t, sym_this("shutdown_timeout"));
    if (shutdown_timeout != 0) {
        u64 n = number_of(shutdown_timeout);
        if (n == NOT_A_NUMBER || n == 0 || n > MAX_SHUTDOWN_TIMEOUT)
#line 275 "klib-src/gcp/config.ts"
            invalid(ss("shutdown_timeout"), ss("must be a number of seconds, 1 to 3600"));
        else
#line 276 "klib-src/gcp/config.ts"
            c->shutdown_timeout = n;
    }
    if (!gcp_config.valid)
#line 278 "klib-src/gcp/config.ts"
        return 0;
    return c;
}
