/* generated from klib-src/syslog/shutdown.ts by klibc - do not edit */
#pragma once
#include "console_watch.h"

/* What shutdownCheck decided. */
enum release {
    /* Keep holding the merge. */
    RELEASE_HOLD,
    /* Give it back: everything is out and has lingered. */
    RELEASE_SHIPPED,
    /* Give it back: the deadline has passed with lines still waiting (the caller says how many). */
    RELEASE_DEADLINE,
};

void shutdown_init(console_watch w);
boolean shutdown_hold(heap h, status_handler done, u64 linger_ms);
boolean shutdown_started(void);
enum release shutdown_check(boolean pending, boolean handed);
void shutdown_give_back(void);
void shutdown_report_unsent(u64 unsent);
boolean shutdown_late_write(void);
void shutdown_late_flushed(void);
