/* generated from klib-src/cloudwatch/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_values.h"
#include "config.h"

#define DEFAULT_FLUSH_MS 1000
#define MIN_FLUSH_MS 10
#define MAX_FLUSH_MS (3600 * 1000)
#define MAX_SHUTDOWN_TIMEOUT 3600
#define MAX_NAME 512
#define MAX_ENDPOINT (253 + 6)

static struct cloudwatch_config {
    struct config *parsed;
    heap parsed_heap;
    boolean valid;
} cloudwatch_config = {
    .valid = true,
};

#line 53 "klib-src/cloudwatch/config.ts"
static void invalid(sstring prefix, symbol key, sstring why)
{
#line 54 "klib-src/cloudwatch/config.ts"
    rprintf("cloudwatch: invalid configuration: '%s%b' %s; CloudWatch disabled\n", prefix,
            symbol_string(key), why);
#line 55 "klib-src/cloudwatch/config.ts"
    cloudwatch_config.valid = false;
}

#line 59 "klib-src/cloudwatch/config.ts"
boolean is_retention_days(u64 n)
{
#line 60 "klib-src/cloudwatch/config.ts"
    return n == 1 || n == 3 || n == 5 || n == 7 || n == 14 || n == 30 || n == 60 || n == 90 || n == 120 || n == 150 || n == 180 || n == 365 || n == 400 || n == 545 || n == 731 || n == 1096 || n == 1827 || n == 2192 || n == 2557 || n == 2922 || n == 3288 || n == 3653;
}

#line 66 "klib-src/cloudwatch/config.ts"
static boolean is_log_name(buffer b)
{
#line 67 "klib-src/cloudwatch/config.ts"
    bytes n = buffer_length(b);
    if (n == 0 || n > MAX_NAME)
#line 68 "klib-src/cloudwatch/config.ts"
        return false;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        if (c < 32 || c == 127 || c == 58)
#line 71 "klib-src/cloudwatch/config.ts"
            return false;
    }
    return true;
}

#line 77 "klib-src/cloudwatch/config.ts"
boolean is_endpoint(buffer b)
{
#line 78 "klib-src/cloudwatch/config.ts"
    bytes n = buffer_length(b);
    if (n == 0 || n > MAX_ENDPOINT)
#line 79 "klib-src/cloudwatch/config.ts"
        return false;
    bytes colon = n;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        if (c == 58) {
            if (colon != n)
#line 84 "klib-src/cloudwatch/config.ts"
                return false;
            colon = i;
        } else if (colon == n && !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 45 || c == 46)) {
#line 88 "klib-src/cloudwatch/config.ts"
            return false;
        }
    }
    if (colon == 0)
#line 91 "klib-src/cloudwatch/config.ts"
        return false;
    if (colon == n)
#line 92 "klib-src/cloudwatch/config.ts"
        return true;
    u64 port = parse_decimal(b, colon + 1, n);
    return port >= 1 && port <= 65535;
}

#line 98 "klib-src/cloudwatch/config.ts"
static boolean is_region(buffer b)
{
#line 99 "klib-src/cloudwatch/config.ts"
    bytes n = buffer_length(b);
    if (n == 0 || n > 32)
#line 100 "klib-src/cloudwatch/config.ts"
        return false;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45))
#line 103 "klib-src/cloudwatch/config.ts"
            return false;
    }
    return true;
}

#line 108 "klib-src/cloudwatch/config.ts"
static buffer string_value(sstring prefix, symbol key, value v)
{
#line 109 "klib-src/cloudwatch/config.ts"
    if (!is_string(v)) {
        invalid(prefix, key, ss("must be a string"));
        return 0;
    }
    return ((buffer)(v));
}

#line 116 "klib-src/cloudwatch/config.ts"
static void read_logging_key(config c, symbol key, value v)
{
#line 117 "klib-src/cloudwatch/config.ts"
    if (key == sym_this("log_group")) {
        buffer b = string_value(ss("logging."), key, v);
        if (b != 0 && !is_log_name(b))
#line 119 "klib-src/cloudwatch/config.ts"
            invalid(ss("logging."), key,
                    ss("must be 1 to 512 characters, without ':' or control characters"));
#line 120 "klib-src/cloudwatch/config.ts"
        c->log_group = b;
    } else if (key == sym_this("log_stream")) {
        buffer b = string_value(ss("logging."), key, v);
        if (b != 0 && !is_log_name(b))
#line 123 "klib-src/cloudwatch/config.ts"
            invalid(ss("logging."), key,
                    ss("must be 1 to 512 characters, without ':' or control characters"));
#line 124 "klib-src/cloudwatch/config.ts"
        c->log_stream = b;
    } else if (key == sym_this("endpoint")) {
        buffer b = string_value(ss("logging."), key, v);
        if (b != 0 && !is_endpoint(b))
#line 127 "klib-src/cloudwatch/config.ts"
            invalid(ss("logging."), key, ss("must be host or host:port"));
        c->logs_endpoint = b;
    } else if (key == sym_this("flush_interval")) {
        u64 n = number_of(v);
        if (n == NOT_A_NUMBER || n == 0 || n > 3600)
#line 131 "klib-src/cloudwatch/config.ts"
            invalid(ss("logging."), key, ss("must be a number of seconds, 1 to 3600"));
        c->flush_ms = n * 1000;
    } else if (key == sym_this("flush_interval_ms")) {
        u64 n = number_of(v);
        if (n < MIN_FLUSH_MS || n > MAX_FLUSH_MS)
#line 135 "klib-src/cloudwatch/config.ts"
            invalid(ss("logging."), key, ss("must be a number of milliseconds, 10 to 3600000"));
        c->flush_ms = n;
    } else if (key == sym_this("buffer_size")) {
        u64 n = log_buffer_size_of(v);
        if (n == NOT_A_NUMBER)
#line 139 "klib-src/cloudwatch/config.ts"
            invalid(ss("logging."), key, LOG_BUFFER_RULE);
        c->buffer_size = n;
    } else if (key == sym_this("retention_days")) {
        u64 n = number_of(v);
        if (!is_retention_days(n))
#line 143 "klib-src/cloudwatch/config.ts"
            invalid(ss("logging."), key,
                    ss("must be one of 1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653"));
#line 144 "klib-src/cloudwatch/config.ts"
        c->retention_days = (u32)n;
    } else {
        rprintf("cloudwatch: ignoring unknown option 'logging.%b'\n", symbol_string(key));
    }
}

#line 157 "klib-src/cloudwatch/config.ts"
closure_function(0, 2, boolean, read_key_h,
                 value k, value val)
{
#line 158 "klib-src/cloudwatch/config.ts"
    if (cloudwatch_config.parsed != 0)
#line 158 "klib-src/cloudwatch/config.ts"
        read_logging_key(cloudwatch_config.parsed, ((symbol)(k)), val);
    return true;
}

#line 150 "klib-src/cloudwatch/config.ts"
static void read_key(config c, symbol key, value v)
{
#line 151 "klib-src/cloudwatch/config.ts"
    if (key == sym_this("logging")) {
        if (!is_tuple(v)) {
            invalid(ss(""), key, ss("must be a tuple"));
            return;
        }
        c->logging = true;
        iterate(((tuple)(v)), stack_closure(read_key_h));
    } else if (key == sym_this("mem_metrics_interval")) {
#line 162 "klib-src/cloudwatch/config.ts"
        u64 n = number_of(v);
        if (n == NOT_A_NUMBER || n > 86400)
#line 163 "klib-src/cloudwatch/config.ts"
            invalid(ss(""), key, ss("must be a number of seconds, 0 (off) to 86400"));
        c->metrics_interval = n;
    } else if (key == sym_this("region")) {
        buffer b = string_value(ss(""), key, v);
        if (b != 0 && !is_region(b))
#line 167 "klib-src/cloudwatch/config.ts"
            invalid(ss(""), key, ss("must be a region name such as us-east-1"));
        c->region = b;
    } else if (key == sym_this("shutdown_timeout")) {
        u64 n = number_of(v);
        if (n == NOT_A_NUMBER || n == 0 || n > MAX_SHUTDOWN_TIMEOUT)
#line 171 "klib-src/cloudwatch/config.ts"
            invalid(ss(""), key, ss("must be a number of seconds, 1 to 3600"));
        c->shutdown_timeout = n;
    } else if (key == sym_this("metrics_endpoint")) {
        buffer b = string_value(ss(""), key, v);
        if (b != 0 && !is_endpoint(b))
#line 175 "klib-src/cloudwatch/config.ts"
            invalid(ss(""), key, ss("must be host or host:port"));
        c->metrics_endpoint = b;
    } else if (key == sym_this("ca_cert")) {
        buffer b = string_value(ss(""), key, v);
        if (b == 0)
#line 179 "klib-src/cloudwatch/config.ts"
            return;
        if (!is_pem_text(b)) {
            invalid(ss(""), key, ss("must be PEM text (-----BEGIN CERTIFICATE----- ...)"));
            return;
        }
        buffer pem = cloudwatch_config.parsed_heap != 0 ? copy_with_nul(cloudwatch_config.parsed_heap, b) : 0;
        if (pem == 0) {
            invalid(ss(""), key, ss("cannot be copied: out of memory"));
            return;
        }
        c->ca_cert = pem;
    } else {
        rprintf("cloudwatch: ignoring unknown option '%b'\n", symbol_string(key));
    }
}

#line 195 "klib-src/cloudwatch/config.ts"
static void set_defaults(config c)
{
#line 196 "klib-src/cloudwatch/config.ts"
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
}

#line 227 "klib-src/cloudwatch/config.ts"
closure_function(0, 2, boolean, read_config_h,
                 value k, value val)
{
#line 228 "klib-src/cloudwatch/config.ts"
    if (cloudwatch_config.parsed != 0)
#line 228 "klib-src/cloudwatch/config.ts"
        read_key(cloudwatch_config.parsed, ((symbol)(k)), val);
    return true;
}

#line 214 "klib-src/cloudwatch/config.ts"
config read_config(heap h, tuple root)
{
#line 215 "klib-src/cloudwatch/config.ts"
    value v = get(root, sym_this("cloudwatch"));
    if (v == 0)
#line 216 "klib-src/cloudwatch/config.ts"
        return 0;
    if (!is_tuple(v)) {
        rprintf("cloudwatch: invalid configuration: 'cloudwatch' must be a tuple: CloudWatch disabled\n");
        return 0;
    }
    config c = allocate(h, sizeof(struct config));
    if (c == INVALID_ADDRESS)
#line 222 "klib-src/cloudwatch/config.ts"
        return 0;
    set_defaults(c);
    cloudwatch_config.valid = true;
    cloudwatch_config.parsed = c;
    cloudwatch_config.parsed_heap = h;
    iterate(v, stack_closure(read_config_h));
#line 231 "klib-src/cloudwatch/config.ts"
    cloudwatch_config.parsed = 0;
    if (!cloudwatch_config.valid) {
        if (c->ca_cert != 0)
#line 233 "klib-src/cloudwatch/config.ts"
            deallocate_buffer(c->ca_cert);
        deallocate(h, c, sizeof(struct config));
        return 0;
    }
    return c;
}

#line 241 "klib-src/cloudwatch/config.ts"
config read_manifest_config(heap h)
{
#line 242 "klib-src/cloudwatch/config.ts"
    return read_config(h, get_root_tuple());
}
