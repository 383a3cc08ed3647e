/* generated from test/codegen/golden/comments/comments.ts by klibc - do not edit */
#pragma once

/* The most a window holds. */
#define WINDOW 64

/* A sliding count. */
typedef struct window {
    /* Events in the current window. */
    u32 count;
    u64 total; /* every event ever counted */
} *window;

void window_report(window w);

/* Adds one event; a full window starts over.
 * The caller holds the window's lock. */
static inline __attribute__((always_inline)) void window_add(window w)
{
    /* Count first: the total never misses an event. */
    w->total++;
    if (w->count == WINDOW) {
        /* A full window starts over rather than sliding: cheaper, and the reports say so. */
        w->count = 0; /* the oldest events leave the window */
    }
    w->count++;
    /* Nothing else to do here. */
}
