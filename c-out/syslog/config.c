/* generated from klib-src/syslog/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_keys.h"
#include "../lib/config_map.h"
#include "config.h"

/* The `syslog` manifest tuple: its keys, declared once (KEYS), read by the one reader
 * (lib/config_map.ts), listed in the README from the same rows: the stock keys (server,
 * server_port, file, file_max_size, file_rotate) with their stock defaults, and ours (protocol,
 * format, facility, app_name, hostname, max_message_size, ca_cert, resolve_interval,
 * buffer_size). A value that is not valid gives one console line naming the key; the caller then
 * leaves the klib inactive (see the README, section "syslog"). */

#define DEFAULT_UDP_TCP_PORT 514
#define DEFAULT_TLS_PORT 6514
#define APP_NAME_MAX 48
#define SLASH '/'

/* The keys of the `syslog` tuple (lib/config_map.ts says how a row reads). */
static const struct config_key keys[] = {
    { .name = ss_static_init("server"), .kind = CONFIG_KIND_TEXT, .field = offsetof(config, server),
      .initial = ss_static_init(""), .range = ss_static_init("1..255 [!-~]"),
      .doc = ss_static_init("host name, IPv4 or IPv6 literal of the server (stock); absent: no "
                            "network output") },
    { .name = ss_static_init("server_port"), .kind = CONFIG_KIND_INTEGER,
      .field = offsetof(config, port), .initial = ss_static_init(""),
      .range = ss_static_init("1..65535"),
      .doc = ss_static_init("its port (stock); absent: 514, or 6514 with `protocol: tls`") },
    { .name = ss_static_init("file"), .kind = CONFIG_KIND_TEXT, .field = offsetof(config, file),
      .initial = ss_static_init(""), .range = ss_static_init("1.."),
      .doc = ss_static_init("path of a file on the root filesystem (stock; a leading `/` is "
                            "optional, missing directories are created); absent: no file") },
    { .name = ss_static_init("file_max_size"), .kind = CONFIG_KIND_SIZE,
      .field = offsetof(config, file_max_size), .initial = ss_static_init("8M"),
      .range = ss_static_init("1.."),
      .doc = ss_static_init("the file's size before it is rotated (stock)") },
    { .name = ss_static_init("file_rotate"), .kind = CONFIG_KIND_INTEGER,
      .field = offsetof(config, file_rotate), .initial = ss_static_init("1"),
      .range = ss_static_init("0..9"),
      .doc = ss_static_init("old files kept (`file.1` newest ... `file.N`); 0 truncates "
                            "instead (stock)") },
    { .name = ss_static_init("protocol"), .kind = CONFIG_KIND_CHOICE,
      .field = offsetof(config, protocol), .initial = ss_static_init("udp"),
      .range = ss_static_init("udp tcp tls"),
      .doc = ss_static_init("RFC 5426 (UDP), RFC 6587 octet counting (TCP), RFC 5425 (TLS)") },
    { .name = ss_static_init("format"), .kind = CONFIG_KIND_CHOICE,
      .field = offsetof(config, format), .initial = ss_static_init("rfc5424"),
      .range = ss_static_init("rfc5424 rfc3164"), .doc = ss_static_init("the message format") },
    { .name = ss_static_init("facility"), .kind = CONFIG_KIND_CHOICE_OR_NUMBER,
      .field = offsetof(config, facility), .initial = ss_static_init("user"),
      .range = ss_static_init("kern user mail daemon auth syslog lpr news uucp cron authpriv ftp "
                              "ntp security console solaris-cron local0 local1 local2 local3 "
                              "local4 local5 local6 local7"),
      .doc = ss_static_init("the facility, by name or code") },
    { .name = ss_static_init("app_name"), .kind = CONFIG_KIND_TEXT,
      .field = offsetof(config, app_name), .initial = ss_static_init(""),
      .range = ss_static_init("1..48 [!-~]"),
      .doc = ss_static_init("APP-NAME (the TAG in RFC 3164); absent: the `IMAGE_NAME` "
                            "environment variable, else the base name of the manifest's "
                            "`program` (below)") },
    { .name = ss_static_init("hostname"), .kind = CONFIG_KIND_TEXT,
      .field = offsetof(config, hostname), .initial = ss_static_init(""),
      .range = ss_static_init("1..255 [!-~]"),
      .doc = ss_static_init("HOSTNAME; absent: the default interface's IPv4 address") },
    { .name = ss_static_init("max_message_size"), .kind = CONFIG_KIND_INTEGER,
      .field = offsetof(config, max_message), .initial = ss_static_init("2048"),
      .range = ss_static_init("64..65000"),
      .doc = ss_static_init("the longest message text in bytes; a longer line is cut into "
                            "several messages") },
    { .name = ss_static_init("ca_cert"), .kind = CONFIG_KIND_PEM,
      .field = offsetof(config, ca_cert), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("the CAs to trust for `protocol: tls`, instead of the tls klib's "
                            "default trust (Debian's CA bundle)") },
    { .name = ss_static_init("resolve_interval"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(config, resolve_interval), .initial = ss_static_init("5m"),
      .range = ss_static_init("1s..24h"),
      .doc = ss_static_init("time between lookups of `server` while nothing fails") },
    { .name = ss_static_init("buffer_size"), .kind = CONFIG_KIND_SIZE,
      .field = offsetof(config, buffer_size), .initial = ss_static_init(""),
      .range = ss_static_init("64k..256m"),
      .doc = ss_static_init("the log ring, allocated at boot, at least 4 x (`max_message_size` "
                            "+ 32); absent: 8 MiB, halved while that would take more than half "
                            "of the free memory (the console says so)") },
};

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

/* Reads the manifest's `syslog` tuple; null (after saying why) when absent or not valid. */
config read_config(heap h)
{
    value v = get(get_root_tuple(), sym_this("syslog"));
    if (v == 0) {
        rprintf("syslog: no configuration (manifest key 'syslog'): syslog output disabled\n");
        return 0;
    }
    config c = allocate(h, sizeof(struct config));
    if (c == INVALID_ADDRESS)
        return 0;
    if (read_config_map(h, v, ss("syslog"), ss("syslog output disabled"), keys, _countof(keys),
                        c) != CONFIG_STATUS_VALID) {
        free_config_map(keys, _countof(keys), c);
        deallocate(h, c, sizeof(struct config));
        return 0;
    }
    if (c->port == 0)
        c->port = c->protocol == PROTOCOL_TLS ? DEFAULT_TLS_PORT : DEFAULT_UDP_TCP_PORT;
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
