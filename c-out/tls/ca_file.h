/* generated from klib-src/tls/ca_file.ts by klibc - do not edit */
#pragma once

/* The largest tls.ca_file read: 1 MiB, about five times Debian's whole CA bundle. */
#define CA_FILE_MAX_BYTES 1048576

void read_ca_file(heap h, buffer path, buffer_handler done);
