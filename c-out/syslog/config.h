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
    /* Host name or address literal of the server; null: no network output. */
    buffer server;
    /* 0 until read: then server_port, else the protocol's port. */
    u64 port;
    enum protocol protocol;
    enum format format;
    u32 facility;
    /* APP-NAME (and the RFC 3164 TAG): app_name, else IMAGE_NAME, else the program's base name,
     * else "nanos". */
    buffer app_name;
    /* The HOSTNAME field as configured; null: the address of the default interface. */
    buffer hostname;
    bytes max_message;
    /* Path on the root filesystem; null: no file output. */
    buffer file;
    u64 file_max_size;
    u64 file_rotate;
    /* For protocol tls: the CA certificates (PEM, copied with a NUL) to trust instead of the
     * default ones. */
    buffer ca_cert;
    /* Seconds between lookups of `server` while nothing fails. */
    u64 resolve_interval;
    /* Bytes of the log pipe's ring; 0: the default (lines.ts), smaller if the memory is short. */
    u64 buffer_size;
} *config;

config read_config(heap h);
