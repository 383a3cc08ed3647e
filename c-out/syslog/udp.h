/* generated from klib-src/syslog/udp.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "config.h"

boolean udp_backlog(void);
boolean udp_flush(log_pipe p, config c, buffer host, buffer scratch);
