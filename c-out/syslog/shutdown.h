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

/* The hold: allocated at init, used by network.ts (its flush paths) and the console path. */
typedef struct shutdown_hold {
    heap h;
    /* Where the console path looks first (released). */
    struct console_watch *watch;
    /* Every field below is read and changed under it (see the top). */
    struct spinlock lock;
    boolean started;
    boolean released;
    /* The merge's handlers, chained, while held. */
    status_handler held;
    /* Taken from `held` by shutdownCheck, for shutdownGiveBack. */
    status_handler giving;
    timestamp deadline;
    timestamp linger;
    timestamp last_handover;
    /* A late flush has been asked for and has not run yet. */
    boolean late_asked;
} *shutdown_hold;

shutdown_hold shutdown_hold_new(heap h, console_watch w);
boolean shutdown_hold_merge(shutdown_hold d, status_handler done, u64 linger_ms);
boolean shutdown_started(shutdown_hold d);
enum release shutdown_check(shutdown_hold d, boolean pending, boolean handed);
void shutdown_give_back(shutdown_hold d);
void shutdown_report_unsent(u64 unsent);
boolean shutdown_late_write(shutdown_hold d);
void shutdown_late_flushed(shutdown_hold d);
