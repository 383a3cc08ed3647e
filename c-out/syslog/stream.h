/* generated from klib-src/syslog/stream.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "config.h"

boolean stream_init(heap h, config c, log_pipe p);
void stream_hurry(void);
boolean stream_flush(log_pipe p, config c, buffer host, buffer scratch, boolean everything);
