/* generated from klib-src/syslog/udp.ts by klibc - do not edit */
#pragma once
#include "config.h"

void udp_flush(config c, buffer host, buffer scratch);
