/* generated from klib-src/cloudwatch/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_values.h"
#include "config.h"

/* The `cloudwatch` manifest tuple. Stock keys: mem_metrics_interval, logging.log_group,
 * logging.log_stream. Ours: region, ca_cert, metrics_endpoint, shutdown_timeout, stats_interval,
 * logging.endpoint, logging.flush_interval, logging.buffer_size, logging.retention_days
 * (README.md). Values arrive as strings. A value that is not valid gives one console line naming
 * the key; the caller then leaves the klib off and the VM keeps running (the stock klib halted the
 * boot). */

#define DEFAULT_FLUSH_MS 1000
#define MIN_FLUSH_MS 10
#define MAX_FLUSH_MS (3600 * 1000)
#define MAX_SHUTDOWN_TIMEOUT 3600
#define MAX_NAME 512
#define MAX_ENDPOINT (253 + 6)

/* The retention periods PutRetentionPolicy accepts, in days. */
static const u32 retention_days[] = {
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
};

static struct cloudwatch_config {
    boolean valid;
} cloudwatch_config = {
    .valid = true,
};

static void invalid(sstring prefix, symbol key, sstring why)
{
    rprintf("cloudwatch: invalid configuration: '%s%b' %s; CloudWatch disabled\n", prefix,
            symbol_string(key), why);
    cloudwatch_config.valid = false;
}

boolean is_retention_days(u64 n)
{
    for (u32 i = 0; i < _countof(retention_days); i++) {
        if (retention_days[i] == n)
            return true;
    }
    return false;
}

/* A log group or stream name: 1..512 bytes, no ':' and no control characters (CloudWatch's
 * rule). */
static boolean is_log_name(buffer b)
{
    bytes n = buffer_length(b);
    if (n == 0 || n > MAX_NAME)
        return false;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        if (c < ' ' || c == 127 || c == ':')
            return false;
    }
    return true;
}

/* host[:port]: host name characters, and a port 1..65535 when given. */
boolean is_endpoint(buffer b)
{
    bytes n = buffer_length(b);
    if (n == 0 || n > MAX_ENDPOINT)
        return false;
    bytes colon = n;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        if (c == ':') {
            if (colon != n)
                return false;
            colon = i;
        } else if (colon == n &&
                   !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '.')) {
            return false;
        }
    }
    if (colon == 0)
        return false;
    if (colon == n)
        return true;
    u64 port = parse_decimal(b, colon + 1, n);
    return port >= 1 && port <= 65535;
}

/* Region names: lowercase letters, digits and dashes (us-east-1, eu-west-3, us-gov-west-1). */
static boolean is_region(buffer b)
{
    bytes n = buffer_length(b);
    if (n == 0 || n > 32)
        return false;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

static buffer string_value(sstring prefix, symbol key, value v)
{
    if (!is_string(v)) {
        invalid(prefix, key, ss("must be a string"));
        return 0;
    }
    return (buffer)(v);
}

static void read_logging_key(config c, symbol key, value v)
{
    if (key == sym_this("log_group")) {
        buffer b = string_value(ss("logging."), key, v);
        if (b != 0 && !is_log_name(b))
            invalid(ss("logging."), key,
                    ss("must be 1 to 512 characters, without ':' or control characters"));
        c->log_group = b;
    } else if (key == sym_this("log_stream")) {
        buffer b = string_value(ss("logging."), key, v);
        if (b != 0 && !is_log_name(b))
            invalid(ss("logging."), key,
                    ss("must be 1 to 512 characters, without ':' or control characters"));
        c->log_stream = b;
    } else if (key == sym_this("endpoint")) {
        buffer b = string_value(ss("logging."), key, v);
        if (b != 0 && !is_endpoint(b))
            invalid(ss("logging."), key, ss("must be host or host:port"));
        c->logs_endpoint = b;
    } else if (key == sym_this("flush_interval")) {
        u64 n = number_of(v);
        if (n == NOT_A_NUMBER || n == 0 || n > 3600)
            invalid(ss("logging."), key, ss("must be a number of seconds, 1 to 3600"));
        c->flush_ms = n * 1000;
    } else if (key == sym_this("flush_interval_ms")) {
        u64 n = number_of(v);
        if (n < MIN_FLUSH_MS || n > MAX_FLUSH_MS)
            invalid(ss("logging."), key, ss("must be a number of milliseconds, 10 to 3600000"));
        c->flush_ms = n;
    } else if (key == sym_this("buffer_size")) {
        u64 n = log_buffer_size_of(v);
        if (n == NOT_A_NUMBER)
            invalid(ss("logging."), key, LOG_BUFFER_RULE);
        c->buffer_size = n;
    } else if (key == sym_this("retention_days")) {
        u64 n = number_of(v);
        if (!is_retention_days(n))
            invalid(ss("logging."), key,
                    ss("must be one of 1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 "
                       "1827 2192 2557 2922 3288 3653"));
        c->retention_days = (u32)n;
    } else {
        rprintf("cloudwatch: ignoring unknown option 'logging.%b'\n", symbol_string(key));
    }
}

closure_function(1, 2, boolean, read_key_h,
                 config, c,
                 value k, value val)
{
    read_logging_key(bound(c), (symbol)(k), val);
    return true;
}

static void read_key(config c, heap h, symbol key, value v)
{
    if (key == sym_this("logging")) {
        if (!is_tuple(v)) {
            invalid(ss(""), key, ss("must be a tuple"));
            return;
        }
        c->logging = true;
        iterate((tuple)(v), stack_closure(read_key_h, c));
    } else if (key == sym_this("mem_metrics_interval")) {
        u64 n = number_of(v);
        if (n == NOT_A_NUMBER || n > 86400)
            invalid(ss(""), key, ss("must be a number of seconds, 0 (off) to 86400"));
        c->metrics_interval = n;
    } else if (key == sym_this("region")) {
        buffer b = string_value(ss(""), key, v);
        if (b != 0 && !is_region(b))
            invalid(ss(""), key, ss("must be a region name such as us-east-1"));
        c->region = b;
    } else if (key == sym_this("shutdown_timeout")) {
        u64 n = number_of(v);
        if (n == NOT_A_NUMBER || n == 0 || n > MAX_SHUTDOWN_TIMEOUT)
            invalid(ss(""), key, ss("must be a number of seconds, 1 to 3600"));
        c->shutdown_timeout = n;
    } else if (key == sym_this("stats_interval")) {
        u64 n = number_of(v);
        if (n == NOT_A_NUMBER || n > 86400)
            invalid(ss(""), key, ss("must be a number of seconds, 0 (off) to 86400"));
        c->stats_interval = n;
    } else if (key == sym_this("metrics_endpoint")) {
        buffer b = string_value(ss(""), key, v);
        if (b != 0 && !is_endpoint(b))
            invalid(ss(""), key, ss("must be host or host:port"));
        c->metrics_endpoint = b;
    } else if (key == sym_this("ca_cert")) {
        buffer b = string_value(ss(""), key, v);
        if (b == 0)
            return;
        if (!is_pem_text(b)) {
            invalid(ss(""), key, ss("must be PEM text (-----BEGIN CERTIFICATE----- ...)"));
            return;
        }
        buffer pem = copy_with_nul(h, b);
        if (pem == 0) {
            invalid(ss(""), key, ss("cannot be copied: out of memory"));
            return;
        }
        c->ca_cert = pem;
    } else {
        rprintf("cloudwatch: ignoring unknown option '%b'\n", symbol_string(key));
    }
}

static void set_defaults(config c)
{
    c->logging = false;
    c->log_group = 0;
    c->log_stream = 0;
    c->metrics_interval = 0;
    c->region = 0;
    c->logs_endpoint = 0;
    c->metrics_endpoint = 0;
    c->flush_ms = DEFAULT_FLUSH_MS;
    c->buffer_size = DEFAULT_BUFFER_SIZE;
    c->retention_days = 0;
    c->ca_cert = 0;
    c->shutdown_timeout = DEFAULT_SHUTDOWN_TIMEOUT;
    c->stats_interval = 0;
}

closure_function(2, 2, boolean, read_config_h,
                 config, c, heap, h,
                 value k, value val)
{
    read_key(bound(c), bound(h), (symbol)(k), val);
    return true;
}

/* Reads the manifest's `cloudwatch` tuple. Null when absent (silently: the klib is simply not
 * configured), or not valid (after saying why). */
config read_config(heap h, tuple root)
{
    value v = get(root, sym_this("cloudwatch"));
    if (v == 0)
        return 0;
    if (!is_tuple(v)) {
        rprintf("cloudwatch: invalid configuration: 'cloudwatch' must be a tuple: CloudWatch "
                "disabled\n");
        return 0;
    }
    config c = allocate(h, sizeof(struct config));
    if (c == INVALID_ADDRESS)
        return 0;
    set_defaults(c);
    cloudwatch_config.valid = true;
    iterate(v, stack_closure(read_config_h, c, h));
    if (!cloudwatch_config.valid) {
        if (c->ca_cert != 0)
            deallocate_buffer(c->ca_cert);
        deallocate(h, c, sizeof(struct config));
        return 0;
    }
    return c;
}

/* The configuration from the root tuple (the manifest). */
config read_manifest_config(heap h)
{
    return read_config(h, get_root_tuple());
}
