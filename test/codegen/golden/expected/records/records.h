/* generated from test/codegen/golden/records/records.ts by klibc - do not edit */
#pragma once

typedef struct line {
    u32 length;
    struct line *next;
    u8 text[64];
    struct timer flush;
    status_handler done;
} *line;

line new_line(heap h, u32 length);
bytes chain_length(line first);
void free_line(heap h, line l);
timer flush_timer(line l);
timer same_timer(line l);
