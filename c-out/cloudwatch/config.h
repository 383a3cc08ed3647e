/* generated from klib-src/cloudwatch/config.ts by klibc - do not edit */
#pragma once

#define DEFAULT_SHUTDOWN_TIMEOUT 10
#define DEFAULT_BUFFER_SIZE (4 << 20)

typedef struct config {
    boolean logging;
    buffer log_group;
    buffer log_stream;
    u64 metrics_interval;
    buffer region;
    buffer logs_endpoint;
    buffer metrics_endpoint;
    u64 flush_ms;
    u64 buffer_size;
    u32 retention_days;
    buffer ca_cert;
    u64 shutdown_timeout;
} *config;

boolean is_retention_days(u64 n);
boolean is_endpoint(buffer b);
config read_config(heap h, tuple root);
config read_manifest_config(heap h);
