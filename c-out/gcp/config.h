/* generated from klib-src/gcp/config.ts by klibc - do not edit */
#pragma once

#define DEFAULT_INTERVAL 60
#define DEFAULT_SHUTDOWN_TIMEOUT 10
#define DEFAULT_BUFFER_SIZE (1 << 20)

typedef struct gcp_settings {
    boolean logging;
    buffer log_id;
    buffer logging_endpoint;
    u64 flush_interval;
    u64 buffer_size;
    boolean severity;
    buffer labels;
    boolean metrics;
    u64 interval;
    boolean disk;
    boolean include_readonly;
    buffer metrics_endpoint;
    buffer ca_cert;
    u64 shutdown_timeout;
} *gcp_settings;

gcp_settings read_config(heap h);
