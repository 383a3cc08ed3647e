/* generated from klib-src/cloudwatch/log_body.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"

void log_body_begin(log_pipe p, buffer log_group, buffer log_stream);
void log_body_rewind(void);
boolean log_body_part(buffer b, bytes room);
