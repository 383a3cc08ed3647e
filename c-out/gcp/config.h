/* generated from klib-src/gcp/config.ts by klibc - do not edit */
#pragma once

typedef struct gcp_settings {
    boolean logging;
    /* logging.log_id; null: the instance host name from the metadata server. */
    buffer log_id;
    buffer logging_endpoint;
    /* Milliseconds between flushes of the console buffer. */
    u64 flush_ms;
    u64 buffer_size;
    /* Detect each entry's severity (logging.severity, on by default). */
    boolean severity;
    /* logging.labels as the manifest has it; null: none. */
    tuple label_tuple;
    /* logging.labels as the JSON members of an object (without braces); null: none. */
    buffer labels;
    boolean metrics;
    /* Seconds between two metric samples. */
    u64 interval;
    boolean disk;
    boolean include_readonly;
    buffer metrics_endpoint;
    /* CA certificates (PEM, copied with a NUL) trusted instead of the tls klib's default ones. */
    buffer ca_cert;
    /* Seconds the shutdown flush may hold the VM's halt (the kernel itself never gives up). */
    u64 shutdown_timeout;
    /* Seconds between the log shipper's stats lines; 0: only at shutdown. */
    u64 stats_interval;
} *gcp_settings;

gcp_settings read_config(heap h);
