/* generated from klib-src/syslog/udp.ts by klibc - do not edit */
#pragma once
#include "config.h"

boolean udp_flush(config c, buffer host, buffer scratch, boolean smooth);
