/* generated from klib-src/webhook/config.ts by klibc - do not edit */
#pragma once

typedef struct webhook_settings {
    /* The url as configured; split into `host` (host[:port]) and `path` (at least `/`). */
    buffer url;
    buffer host;
    buffer path;
    /* The Authorization header's value; null: none. Never printed. */
    buffer authorization;
    buffer ca_cert;
    u64 flush_ms;
    u64 buffer_size;
    u64 shutdown_timeout;
    u64 stats_interval;
} *webhook_settings;

webhook_settings read_config(heap h);
void config_free(heap h, webhook_settings c);
