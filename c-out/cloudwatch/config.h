/* generated from klib-src/cloudwatch/config.ts by klibc - do not edit */
#pragma once

typedef struct config {
    boolean logging;
    /* null: the IMAGE_NAME environment variable, else the program's name (see cloudwatch.ts). */
    buffer log_group;
    /* null: the instance id. */
    buffer log_stream;
    /* Seconds between memory samples; 0: no metrics. */
    u64 metrics_interval;
    /* null: the instance's region, from the metadata service. */
    buffer region;
    /* host[:port] overriding logs.<region>.amazonaws.com:443; null: that default. */
    buffer logs_endpoint;
    /* host[:port] overriding monitoring.<region>.amazonaws.com:443; null: that default. */
    buffer metrics_endpoint;
    u64 flush_ms;
    u64 buffer_size;
    /* Days for PutRetentionPolicy; 0: leave the group's retention alone. */
    u64 retention_days;
    /* PEM (NUL-terminated) to trust instead of the tls klib's default CAs; null: the default. */
    buffer ca_cert;
    /* Seconds the shutdown flush may hold the VM's halt (the kernel itself never gives up). */
    u64 shutdown_timeout;
    /* Seconds between the log shipper's stats lines; 0: only at shutdown. */
    u64 stats_interval;
} *config;

config read_config(heap h, tuple root);
config read_manifest_config(heap h);
