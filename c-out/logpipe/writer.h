/* generated from klib-src/logpipe/writer.ts by klibc - do not edit */
#pragma once
#include "ring.h"

void logpipe_cut_open(log_pipe p, boolean force);
void logpipe_write(log_pipe p, const char *s, bytes count);
