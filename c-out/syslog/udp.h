/* generated from klib-src/syslog/udp.ts by klibc - do not edit */
#pragma once
#include "../logpipe/ring.h"
#include "config.h"
#include "resolve.h"

struct udp_pcb;

/* UDP's state: allocated at init, used by the network path only (see the top). */
typedef struct udp_transport {
    struct udp_pcb *pcb;
    boolean sent_before;
    timestamp first_sent_at;
    u64 tokens;
    /* The last flush sent a whole burst: more may wait. */
    boolean backlog;
    timestamp refilled_at;
    struct ip_addr target;
    u32 target_generation;
} *udp_transport;

udp_transport udp_transport_new(heap h);
boolean udp_backlog(udp_transport u);
boolean udp_flush(udp_transport u, resolver r, log_pipe p, config c, buffer host, buffer scratch);
