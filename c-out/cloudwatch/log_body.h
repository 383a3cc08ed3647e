/* generated from klib-src/cloudwatch/log_body.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "../logpipe/sink.h"

void write_escaped(buffer b, buffer value);
void log_body_head(buffer b, buffer group, buffer stream, buffer token);
boolean log_body_event(buffer b, log_event e, body_cursor at, bytes room);
void log_body_tail(buffer b);
