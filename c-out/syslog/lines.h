/* generated from klib-src/syslog/lines.ts by klibc - do not edit */
#pragma once
#include "../logpipe/batch.h"
#include "../logpipe/ring.h"
#include "config.h"
#include "console_watch.h"

/* The console's lines: allocated at init with the pipe, then passed to whoever ticks or reports. */
typedef struct console_lines {
    struct log_pipe *pipe;
    /* The console path's flags: `reporting` is set while a loss report is printed. */
    struct console_watch *watch;
    /* One tick or report at a time (see the top). */
    struct spinlock guard;
    timestamp last_tick;
    struct logpipe_loss *loss;
    /* ConsoleLines and bytes the console has been told of. */
    u64 printed_lines;
    u64 printed_bytes;
    /* The text of the loss report being printed. */
    buffer report;
} *console_lines;

console_lines lines_new(heap h, config c, console_watch w);
void lines_tick(console_lines l, boolean force, boolean shutdown);
void lines_final_report(console_lines l);
boolean lines_is_own_report(console_lines l, const char *s, bytes count);
