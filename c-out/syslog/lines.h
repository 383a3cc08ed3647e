/* generated from klib-src/syslog/lines.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "config.h"
#include "console_watch.h"

log_pipe lines_create(heap h, config c, console_watch w);
void lines_tick(log_pipe p, boolean force, boolean shutdown);
void lines_final_report(log_pipe p);
boolean lines_is_own_report(const char *s, bytes count);
