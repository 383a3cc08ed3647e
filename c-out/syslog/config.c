/* generated from klib-src/syslog/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_values.h"
#include "config.h"

/* The `syslog` manifest tuple: the stock keys (server, server_port, file, file_max_size,
 * file_rotate) with their stock defaults, and ours (protocol, format, facility, app_name, hostname,
 * max_message_size, ca_cert, resolve_interval, buffer_size). A value that is not valid gives one
 * console line naming the key; the caller then leaves the klib inactive (see the README, section
 * "syslog"). */

#define DEFAULT_UDP_TCP_PORT 514
#define DEFAULT_TLS_PORT 6514
#define DEFAULT_FACILITY 1
#define DEFAULT_MAX_MESSAGE 2048
#define MIN_MAX_MESSAGE 64
#define MAX_MAX_MESSAGE 65000
#define DEFAULT_FILE_MAX_SIZE (8 << 20)
#define DEFAULT_FILE_ROTATE 1
#define MAX_FILE_ROTATE 9
#define APP_NAME_MAX 48
#define HOSTNAME_MAX 255
#define DEFAULT_RESOLVE_INTERVAL 300
#define MAX_RESOLVE_INTERVAL 86400
#define MIN_BUFFER_SIZE (64 << 10)
#define MAX_BUFFER_SIZE (256 << 20)
#define SLASH '/'

/* Facility names in code order (RFC 5424 table 1, with the names syslog.conf uses): a name's
 * index is its code. */
static const sstring facilities[] = {
    ss_static_init("kern"), ss_static_init("user"), ss_static_init("mail"),
    ss_static_init("daemon"), ss_static_init("auth"), ss_static_init("syslog"),
    ss_static_init("lpr"), ss_static_init("news"), ss_static_init("uucp"), ss_static_init("cron"),
    ss_static_init("authpriv"), ss_static_init("ftp"), ss_static_init("ntp"),
    ss_static_init("security"), ss_static_init("console"), ss_static_init("solaris-cron"),
    ss_static_init("local0"), ss_static_init("local1"), ss_static_init("local2"),
    ss_static_init("local3"), ss_static_init("local4"), ss_static_init("local5"),
    ss_static_init("local6"), ss_static_init("local7"),
};

static struct syslog_config {
    struct config *parsed;
    heap parsed_heap;
    boolean valid;
    boolean port_set;
} syslog_config = {
    .valid = true,
};

static void invalid(symbol key, sstring why)
{
    rprintf("syslog: invalid configuration: '%b' %s\n", symbol_string(key), why);
    syslog_config.valid = false;
}

/* True when b is 1..max printable ASCII characters without spaces (what RFC 5424 header fields
 * allow). */
static boolean is_header_token(buffer b, bytes max)
{
    bytes n = buffer_length(b);
    if (n == 0 || n > max)
        return false;
    for (bytes i = 0; i < n; i++) {
        u8 c = byte(b, i);
        if (c < '!' || c > '~')
            return false;
    }
    return true;
}

/* The facility code of a name or a number 0-23; NOT_A_NUMBER otherwise. */
static u64 facility_of(value v)
{
    u64 n = number_of(v);
    if (n != NOT_A_NUMBER)
        return n <= 23 ? n : NOT_A_NUMBER;
    if (!is_string(v))
        return NOT_A_NUMBER;
    buffer b = (buffer)(v);
    for (u64 code = 0; code < _countof(facilities); code++) {
        if (buffer_compare_with_sstring(b, facilities[code]) == 0)
            return code;
    }
    return NOT_A_NUMBER;
}

static buffer string_value(symbol key, value v)
{
    if (!is_string(v)) {
        invalid(key, ss("must be a string"));
        return 0;
    }
    return (buffer)(v);
}

static void read_key(config c, symbol key, value v)
{
    if (key == sym_this("server")) {
        buffer b = string_value(key, v);
        if (b != 0 && !is_header_token(b, HOSTNAME_MAX))
            invalid(key, ss("must be a host name or an address"));
        c->server = b;
    } else if (key == sym_this("server_port")) {
        u64 n = number_of(v);
        if (n == 0 || n > 65535)
            invalid(key, ss("must be a port number, 1 to 65535"));
        c->port = (u32)n;
        syslog_config.port_set = true;
    } else if (key == sym_this("protocol")) {
        buffer b = string_value(key, v);
        if (b == 0)
            return;
        if (buffer_compare_with_sstring(b, ss("udp")) == 0)
            c->protocol = PROTOCOL_UDP;
        else if (buffer_compare_with_sstring(b, ss("tcp")) == 0)
            c->protocol = PROTOCOL_TCP;
        else if (buffer_compare_with_sstring(b, ss("tls")) == 0)
            c->protocol = PROTOCOL_TLS;
        else
            invalid(key, ss("must be udp, tcp or tls"));
    } else if (key == sym_this("format")) {
        buffer b = string_value(key, v);
        if (b == 0)
            return;
        if (buffer_compare_with_sstring(b, ss("rfc5424")) == 0)
            c->format = FORMAT_RFC5424;
        else if (buffer_compare_with_sstring(b, ss("rfc3164")) == 0)
            c->format = FORMAT_RFC3164;
        else
            invalid(key, ss("must be rfc5424 or rfc3164"));
    } else if (key == sym_this("facility")) {
        u64 n = facility_of(v);
        if (n == NOT_A_NUMBER)
            invalid(key,
                    ss("must be a facility name (user, daemon, local0 ... local7) or a number 0 "
                       "to 23"));
        c->facility = (u32)n;
    } else if (key == sym_this("app_name")) {
        buffer b = string_value(key, v);
        if (b != 0 && !is_header_token(b, APP_NAME_MAX))
            invalid(key, ss("must be 1 to 48 printable characters without spaces"));
        if (b != 0)
            c->app_name = b;
    } else if (key == sym_this("hostname")) {
        buffer b = string_value(key, v);
        if (b != 0 && !is_header_token(b, HOSTNAME_MAX))
            invalid(key, ss("must be 1 to 255 printable characters without spaces"));
        c->hostname = b;
    } else if (key == sym_this("max_message_size")) {
        u64 n = number_of(v);
        if (n < MIN_MAX_MESSAGE || n > MAX_MAX_MESSAGE)
            invalid(key, ss("must be a number of bytes, 64 to 65000"));
        c->max_message = n;
    } else if (key == sym_this("file")) {
        buffer b = string_value(key, v);
        if (b != 0 && buffer_length(b) == 0)
            invalid(key, ss("must be a path"));
        c->file = b;
    } else if (key == sym_this("file_max_size")) {
        u64 n = size_of(v);
        if (n == NOT_A_NUMBER || n == 0)
            invalid(key, ss("must be a size such as 8M, 512k or 1048576"));
        c->file_max_size = n;
    } else if (key == sym_this("file_rotate")) {
        u64 n = number_of(v);
        if (n > MAX_FILE_ROTATE)
            invalid(key, ss("must be a number of files, 0 to 9"));
        c->file_rotate = (u32)n;
    } else if (key == sym_this("resolve_interval")) {
        u64 n = number_of(v);
        if (n == 0 || n > MAX_RESOLVE_INTERVAL)
            invalid(key, ss("must be a number of seconds, 1 to 86400"));
        c->resolve_interval = n;
    } else if (key == sym_this("buffer_size")) {
        u64 n = size_of(v);
        if (n < MIN_BUFFER_SIZE || n > MAX_BUFFER_SIZE)
            invalid(key, ss("must be a size from 64k to 256m, such as 8m"));
        c->buffer_size = n;
    } else if (key == sym_this("ca_cert")) {
        buffer b = string_value(key, v);
        if (b == 0)
            return;
        if (!is_pem_text(b)) {
            invalid(key, ss("must be PEM text (-----BEGIN CERTIFICATE----- ...)"));
            return;
        }
        buffer pem = syslog_config.parsed_heap != 0
                     ? copy_with_nul(syslog_config.parsed_heap, b)
                     : 0;
        if (pem == 0) {
            invalid(key, ss("cannot be copied: out of memory"));
            return;
        }
        c->ca_cert = pem;
    } else {
        /* Unknown keys were fatal in the stock klib; a warning lets newer manifests boot. */
        rprintf("syslog: ignoring unknown option '%b'\n", symbol_string(key));
    }
}

/* A copy of text[start..] fit for APP-NAME (RFC 5424: 1 to 48 printable ASCII characters): cut at
 * 48, every other byte (a space, a control character, a byte of a UTF-8 sequence) made '_'. Null
 * when nothing is left or memory is short. */
static buffer app_name_from(heap h, buffer text, bytes start)
{
    bytes n = buffer_length(text);
    if (start >= n)
        return 0;
    buffer name = allocate_buffer(h, APP_NAME_MAX);
    if (name == INVALID_ADDRESS)
        return 0;
    for (bytes i = start; i < n && i - start < APP_NAME_MAX; i++) {
        u8 ch = byte(text, i);
        buffer_write_byte(name, ch > ' ' && ch < 127 ? ch : '_');
    }
    return name;
}

/* The default APP-NAME, in the stock klib's order: the IMAGE_NAME environment variable (ops sets it
 * to the image's name), else the root `program`. The stock klib took both as they were; `program`
 * is a path (`/myapp`), of which we take the base name (`myapp`), and both are made fit for the
 * field (appNameFrom) rather than sent with spaces or past 48 characters. */
static buffer default_app_name(heap h)
{
    tuple env = get_environment();
    value image = env != 0 ? get(env, sym_this("IMAGE_NAME")) : 0;
    if (image != 0 && is_string(image)) {
        buffer name = app_name_from(h, (buffer)(image), 0);
        if (name != 0)
            return name;
    }
    value v = get(get_root_tuple(), sym_this("program"));
    if (v == 0 || !is_string(v))
        return 0;
    buffer path = (buffer)(v);
    bytes start = 0;
    for (bytes i = 0; i < buffer_length(path); i++)
        if (byte(path, i) == SLASH)
            start = i + 1;
    return app_name_from(h, path, start);
}

static void set_defaults(config c)
{
    c->server = 0;
    c->port = DEFAULT_UDP_TCP_PORT;
    c->protocol = PROTOCOL_UDP;
    c->format = FORMAT_RFC5424;
    c->facility = DEFAULT_FACILITY;
    c->hostname = 0;
    c->app_name = 0;
    c->max_message = DEFAULT_MAX_MESSAGE;
    c->file = 0;
    c->file_max_size = DEFAULT_FILE_MAX_SIZE;
    c->file_rotate = DEFAULT_FILE_ROTATE;
    c->ca_cert = 0;
    c->resolve_interval = DEFAULT_RESOLVE_INTERVAL;
    c->buffer_size = 0;
}

closure_function(0, 2, boolean, read_config_h,
                 value k, value val)
{
    if (syslog_config.parsed != 0)
        read_key(syslog_config.parsed, (symbol)(k), val);
    return true;
}

/* Reads the manifest's `syslog` tuple; null (after saying why) when absent or not valid. */
config read_config(heap h)
{
    value v = get(get_root_tuple(), sym_this("syslog"));
    if (v == 0) {
        rprintf("syslog: no configuration (manifest key 'syslog'): syslog output disabled\n");
        return 0;
    }
    if (!is_tuple(v)) {
        rprintf("syslog: invalid configuration: 'syslog' must be a tuple: syslog output "
                "disabled\n");
        return 0;
    }
    config c = allocate(h, sizeof(struct config));
    if (c == INVALID_ADDRESS)
        return 0;
    set_defaults(c);
    syslog_config.valid = true;
    syslog_config.port_set = false;
    syslog_config.parsed = c;
    syslog_config.parsed_heap = h;
    iterate(v, stack_closure(read_config_h));
    if (!syslog_config.port_set && c->protocol == PROTOCOL_TLS)
        c->port = DEFAULT_TLS_PORT;
    syslog_config.parsed = 0;
    if (!syslog_config.valid) {
        rprintf("syslog: syslog output disabled\n");
        if (c->ca_cert != 0)
            deallocate_buffer(c->ca_cert);
        deallocate(h, c, sizeof(struct config));
        return 0;
    }
    if (c->app_name == 0)
        c->app_name = default_app_name(h);
    if (c->app_name == 0 || buffer_length(c->app_name) == 0) {
        buffer fallback = allocate_buffer(h, 8);
        if (fallback == INVALID_ADDRESS)
            return 0;
        bprintf(fallback, "nanos");
        c->app_name = fallback;
    }
    return c;
}
