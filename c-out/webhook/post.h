/* generated from klib-src/webhook/post.ts by klibc - do not edit */
#pragma once
#include "../lib/endpoint.h"
#include "../logpipe/sink.h"
#include "config.h"

/* What each object's own JSON (time, keys, braces, comma, a loss flag) counts for in a batch's
 * budget. */
#define OBJECT_OVERHEAD 64

sink_api webhook_sink_new(heap h, webhook_settings config, endpoint e);
