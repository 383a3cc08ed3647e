/* generated from klib-src/syslog/file.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "config.h"

boolean file_output_open(heap h, config c);
void file_follow(log_pipe p, boolean network);
void file_flush(void);
void file_shutdown(status_handler done);
