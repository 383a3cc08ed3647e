/* generated from klib-src/logpipe/writer.ts by klibc - do not edit */
#pragma once
#include "ring.h"

timestamp logpipe_stamp(log_pipe p);
void logpipe_report_loss(log_pipe p, timestamp stamp);
void logpipe_cut_open(log_pipe p, boolean force);
boolean logpipe_split_open_lines(log_pipe p);
void logpipe_write(log_pipe p, const char *s, bytes count);
