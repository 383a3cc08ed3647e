/* generated from klib-src/cloudwatch/log_body.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "../logpipe/sink.h"

/* The text that opens an event after the first, ,{"timestamp":N,"message":", as last written (the
 * first event's is the same without its comma), and the milliseconds N it holds. The events of a
 * burst share their millisecond, so most events copy it whole, in one copy: writing N in decimal
 * for each (twice: the body is hashed, then sent) was a tenth of the klib's CPU. */
typedef struct event_opening {
    u64 millis;
    buffer text;
} *event_opening;

event_opening event_opening_new(heap h);
void write_escaped(buffer b, buffer value);
void log_body_head(buffer b, buffer group, buffer stream, buffer token);
boolean log_body_event(buffer b, log_event e, body_cursor at, bytes room, event_opening o);
void log_body_tail(buffer b);
