/* generated from klib-src/syslog/network.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "config.h"

void network_flush(config c, log_pipe p, buffer scratch);
void network_shutdown(heap h, config c, log_pipe p, buffer scratch, status_handler done);
void network_console_written(void);
