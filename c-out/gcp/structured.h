/* generated from klib-src/gcp/structured.ts by klibc - do not edit */
#pragma once
#include "../lib/json_reader.h"

/* Where the members of the object being written are: name and value spans (name without quotes). */
typedef struct member {
    bytes name_start;
    bytes name_length;
    bytes value_start;
    bytes value_end;
} *member;

boolean looks_like_object(u8 *p, bytes off, bytes n);
boolean write_structured(buffer b, json_reader r, member m, member scratch, u8 *p, bytes off,
                         bytes n, timestamp stamp, boolean detect);
