/* generated from klib-src/gcp/entry.ts by klibc - do not edit */
#pragma once
#include "../lib/json_reader.h"
#include "structured.h"

/* Scratch records the structured path needs (allocated once by the log pipeline). */
typedef struct entry_scratch {
    struct json_reader *reader;
    struct member *member;
    struct member *inner;
    /* The date and time to the second (2026-11-25T09:07:35) of the entry written last, and its
     * second: the entries of a burst share it, and the calendar arithmetic and digits for each
     * cost the klib more than its encryption. */
    u64 second;
    buffer second_text;
} *entry_scratch;

void write_rfc3339(buffer b, timestamp t);
void write_entry(buffer b, entry_scratch s, u8 *p, bytes off, bytes n, timestamp stamp,
                 boolean loss, boolean detect);
