/* generated from klib-src/syslog/stream.ts by klibc - do not edit */
#pragma once
#include "config.h"

void stream_init(heap h, config c);
void stream_hurry(void);
boolean stream_flush(config c, buffer host, buffer scratch, boolean everything);
