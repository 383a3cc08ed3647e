/* generated from klib-src/webhook/config.ts by klibc - do not edit */
#include <kernel.h>
#include "../lib/config_forms.h"
#include "../lib/config_keys.h"
#include "../lib/config_map.h"
#include "config.h"

/* The `webhook` manifest tuple: its keys, declared once (KEYS), read by the one reader
 * (lib/config_map.ts), listed in the README from the same rows. The table checks each value's form;
 * the url's shape (https://host[:port]/path) is the one check it cannot say, made here. A value
 * that is not valid gives one console line naming the key, and the klib stays off: the VM keeps
 * running. */

#define OFF ss("the webhook klib is off")
#define SCHEME "https://"
#define SCHEME_LENGTH 8

/* The keys of the `webhook` tuple (lib/config_map.ts says how a row reads). */
static const struct config_key keys[] = {
    { .name = ss_static_init("url"), .kind = CONFIG_KIND_TEXT,
      .field = offsetof(webhook_settings, url), .initial = ss_static_init(""),
      .range = ss_static_init("9..2048 [!-~]"),
      .doc = ss_static_init("where the batches are POSTed: `https://host[:port]/path` (port "
                            "443 unless given; required)") },
    { .name = ss_static_init("authorization"), .kind = CONFIG_KIND_TEXT,
      .field = offsetof(webhook_settings, authorization), .initial = ss_static_init(""),
      .range = ss_static_init("1..4096"),
      .doc = ss_static_init("the `Authorization` header sent with each request (`Bearer ...`); "
                            "never printed; absent: none") },
    { .name = ss_static_init("ca_cert"), .kind = CONFIG_KIND_PEM,
      .field = offsetof(webhook_settings, ca_cert), .initial = ss_static_init(""),
      .range = ss_static_init(""),
      .doc = ss_static_init("the CAs to trust for the url's server instead of the tls klib's "
                            "default trust; absent: the tls klib's") },
    { .name = ss_static_init("flush_interval"), .kind = CONFIG_KIND_MILLISECONDS,
      .field = offsetof(webhook_settings, flush_ms), .initial = ss_static_init("1s"),
      .range = ss_static_init("10ms..1h"),
      .doc = ss_static_init("time between batches while they are not full") },
    { .name = ss_static_init("buffer_size"), .kind = CONFIG_KIND_SIZE,
      .field = offsetof(webhook_settings, buffer_size), .initial = ss_static_init("8m"),
      .range = ss_static_init("64k..256m"),
      .doc = ss_static_init("the log ring: the klib's whole log memory, allocated at boot, as "
                            "in the cloud klibs") },
    { .name = ss_static_init("shutdown_timeout"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(webhook_settings, shutdown_timeout), .initial = ss_static_init("10s"),
      .range = ss_static_init("1s..1h"),
      .doc = ss_static_init("how long the shutdown flush may hold the VM's halt; then the VM "
                            "halts with what is left (one console line says what)") },
    { .name = ss_static_init("stats_interval"), .kind = CONFIG_KIND_SECONDS,
      .field = offsetof(webhook_settings, stats_interval), .initial = ss_static_init(""),
      .range = ss_static_init("0s..24h"),
      .doc = ss_static_init("time between the log shipper's stats lines (lines, bytes, "
                            "requests, failures, drops); absent or 0: one at shutdown") },
};

/* Splits the url into host[:port] and path; false when it is not https://host[:port][/path]. */
static boolean split_url(heap h, webhook_settings c)
{
    buffer url = c->url;
    u8 *p = (u8 *)buffer_ref(url, 0);
    bytes n = buffer_length(url);
    for (bytes i = 0; i < SCHEME_LENGTH; i++)
        if (p[i] != (u8)SCHEME[i])
            return false;
    bytes slash = SCHEME_LENGTH;
    while (slash < n && p[slash] != '/')
        slash++;
    if (!is_endpoint((p + SCHEME_LENGTH), slash - SCHEME_LENGTH))
        return false;
    buffer host = allocate_buffer(h, slash - SCHEME_LENGTH);
    if (host == INVALID_ADDRESS)
        return false;
    c->host = host;
    buffer path = allocate_buffer(h, n - slash + 1);
    /* Out of memory reads as not valid: the klib could not run anyway. */
    if (path == INVALID_ADDRESS)
        return false;
    c->path = path;
    buffer_write(host, p + SCHEME_LENGTH, slash - SCHEME_LENGTH);
    if (slash == n)
        buffer_write_byte(path, '/');
    else
        buffer_write(path, p + slash, n - slash);
    return true;
}

/* Reads the manifest's `webhook` tuple. Null when it is absent, or not valid (after one line naming
 * the key). */
webhook_settings read_config(heap h)
{
    webhook_settings c = allocate(h, sizeof(struct webhook_settings));
    if (c == INVALID_ADDRESS)
        return 0;
    c->host = 0;
    c->path = 0;
    enum config_status status = read_config_map(h, get(get_root_tuple(), sym_this("webhook")),
                                                ss("webhook"), OFF, keys, _countof(keys), c);
    if (status == CONFIG_STATUS_VALID && (c->url == 0 || !split_url(h, c))) {
        report_invalid(ss("webhook"), ss("url"), ss("an HTTPS URL, https://host[:port]/path"), OFF);
        status = CONFIG_STATUS_INVALID;
    }
    if (status == CONFIG_STATUS_VALID)
        return c;
    config_free(h, c);
    return 0;
}

/* Frees the settings (the klib stays off). */
void config_free(heap h, webhook_settings c)
{
    free_config_map(keys, _countof(keys), c);
    if (c->host != 0)
        deallocate_buffer(c->host);
    if (c->path != 0)
        deallocate_buffer(c->path);
    deallocate(h, c, sizeof(struct webhook_settings));
}
