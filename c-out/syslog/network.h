/* generated from klib-src/syslog/network.ts by klibc - do not edit */
#pragma once
#include "config.h"

void network_flush(config c, buffer scratch);
void network_shutdown(heap h, config c, buffer scratch, status_handler done);
void network_console_written(void);
