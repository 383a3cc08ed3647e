/* generated from klib-src/logpipe/sink_klib.ts by klibc - do not edit */
#pragma once
#include "ring.h"
#include "shipper.h"

log_pipe sink_ring_create(heap h, sstring klib, sstring key, u64 size, u32 max_event_bytes);
boolean sink_shutdown_register(heap h, shipper s, u64 timeout_seconds);
