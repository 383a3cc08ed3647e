/* generated from klib-src/lib/json_reader.ts by klibc - do not edit */
#pragma once

#define JSON_OK 0
#define JSON_E_SYNTAX -1
#define JSON_E_DEPTH -2
#define JSON_E_SIZE -3

enum json_kind {
    JSON_KIND_NONE,
    JSON_KIND_NULL,
    JSON_KIND_FALSE,
    JSON_KIND_TRUE,
    JSON_KIND_NUMBER,
    JSON_KIND_STRING,
    JSON_KIND_ARRAY,
    JSON_KIND_OBJECT,
};

/* Reader state over one document; set doc, length and the limits, then call jsonValidate. */
typedef struct json_reader {
    u8 *doc;
    bytes length;
    u32 max_depth;
    bytes max_size;
    bytes pos;
    u32 depth;
    s32 error;
} *json_reader;

/* A value found in the document: for a string, the raw text between the quotes. */
typedef struct json_value {
    enum json_kind kind;
    bytes start;
    bytes length;
} *json_value;

void json_reader_init(json_reader r, u8 *doc, bytes length, u32 max_depth, bytes max_size);
s32 json_validate(json_reader r);
boolean json_find(json_reader r, const char *path, bytes path_length, json_value v);
s64 json_decode_string(json_reader r, json_value v, u8 *dst, bytes cap);
s64 json_integer(json_reader r, json_value v);
s64 json_count(json_reader r, json_value v);
