/* generated from klib-src/syslog/console_watch.ts by klibc - do not edit */
#pragma once

/* describe (lines.ts, shutdown.ts). */
typedef struct console_watch {
    /* lines.ts is printing a loss report the pipe holds already: that write is left out. */
    boolean reporting;
    /* shutdown.ts has given the merge back: a write asks for the late flush. */
    boolean released;
} *console_watch;

/* True while the console write path has nothing to do but copy. */
static inline __attribute__((always_inline)) boolean console_watch_quiet(console_watch w)
{
    return !w->reporting && !w->released;
}
