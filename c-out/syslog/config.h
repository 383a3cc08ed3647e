/* generated from klib-src/syslog/config.ts by klibc - do not edit */
#pragma once

enum protocol {
    PROTOCOL_UDP,
    PROTOCOL_TCP,
    PROTOCOL_TLS,
};

enum format {
    FORMAT_RFC5424,
    FORMAT_RFC3164,
};

typedef struct config {
    buffer server;
    u32 port;
    enum protocol protocol;
    enum format format;
    u32 facility;
    buffer app_name;
    buffer hostname;
    bytes max_message;
    buffer file;
    u64 file_max_size;
    u32 file_rotate;
    buffer ca_cert;
    u64 resolve_interval;
} *config;

config read_config(heap h);
