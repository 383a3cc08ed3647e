/* generated from klib-src/gcp/entry.ts by klibc - do not edit */
#pragma once
#include "../lib/json_reader.h"
#include "structured.h"

/* Scratch records the structured path needs (allocated once by the log pipeline). */
typedef struct entry_scratch {
    struct json_reader *reader;
    struct member *member;
    struct member *inner;
} *entry_scratch;

void write_rfc3339(buffer b, timestamp t);
void write_entry(buffer b, entry_scratch s, u8 *p, bytes off, bytes n, timestamp stamp,
                 boolean loss, boolean detect);
