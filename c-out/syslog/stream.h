/* generated from klib-src/syslog/stream.ts by klibc - do not edit */
#pragma once
#include "config.h"

void stream_init(heap h, config c);
void stream_flush(config c, buffer host, buffer scratch);
void stream_shutdown(config c, buffer host, buffer scratch, status_handler done);
