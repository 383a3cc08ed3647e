/* generated from klib-src/logpipe/kept_body.ts by klibc - do not edit */
#pragma once
#include "ring.h"

typedef struct kept_body {
    struct log_pipe *pipe;
    /* Makes the body's parts in order (called with null: from the start again). */
    input_buffer_handler make;
    /* Reads the body: what the sink and the HTTP client are given. */
    input_buffer_handler parts;
    /* Spare room to ask for: a little over the body's likely size. */
    u64 want;
    /* A whole reading has made the body: later readings copy kept parts. */
    boolean made;
    /* The body's parts (once made), and how many of the first of them are kept. */
    u32 count;
    u32 kept;
    /* Where the first part is kept; where the next one made goes (0: no room, no more are kept). */
    u64 kept_from;
    u64 keep_at;
    /* A later reading: where its next part is, how many it has given, and whether it is making them
     * again. */
    u64 read_at;
    u32 read;
    boolean remaking;
} *kept_body;

kept_body kept_body_new(heap h, log_pipe pipe, input_buffer_handler make);
void kept_body_renew(kept_body k, u64 want);
