/* generated from klib-src/lib/http_response.ts by klibc - do not edit */
#pragma once

/* Results of httpResponseParse and httpResponseEnd. */
#define HTTP_MORE 0

#define HTTP_DONE 1
#define HTTP_E_SYNTAX -1
#define HTTP_E_HEADERS_TOO_LARGE -2
#define HTTP_E_BODY_TOO_LARGE -3
#define HTTP_E_TRUNCATED -4
#define HTTP_E_UNSUPPORTED -5

/* Not final: the header (HTTP_HEAD_ROOM) or body (HTTP_BODY_ROOM) room is full and below its cap.
 * The input was taken up to the byte that did not fit; `roomWanted` is the room that would take
 * what is known to come (at least one byte more, at most the cap). Give more room, then feed the
 * rest of the input. */
#define HTTP_HEAD_ROOM 2

#define HTTP_BODY_ROOM 3

/* Where the parser is in a response (internal to the parser). */
enum http_parse_state {
    HTTP_PARSE_STATE_STATUS_LINE,
    HTTP_PARSE_STATE_HEADER_LINE,
    HTTP_PARSE_STATE_LINE_FEED,
    HTTP_PARSE_STATE_BODY,
    HTTP_PARSE_STATE_BODY_UNTIL_CLOSE,
    HTTP_PARSE_STATE_CHUNK_SIZE,
    HTTP_PARSE_STATE_CHUNK_EXTENSION,
    HTTP_PARSE_STATE_CHUNK_SIZE_LINE_FEED,
    HTTP_PARSE_STATE_CHUNK_DATA,
    HTTP_PARSE_STATE_CHUNK_DATA_END,
    HTTP_PARSE_STATE_CHUNK_DATA_LINE_FEED,
    HTTP_PARSE_STATE_TRAILER,
    HTTP_PARSE_STATE_TRAILER_LINE_FEED,
    HTTP_PARSE_STATE_DONE,
    HTTP_PARSE_STATE_FAILED,
};

typedef struct http_response {
    /* Set by the owner before httpResponseReset: the storage, its room (<= the cap, may grow
     * between calls, keeping what it holds), and the caps (limits of a response). */
    u8 *head;
    bytes head_room;
    bytes head_cap;
    u8 *body;
    bytes body_room;
    bytes body_cap;
    /* Results. */
    bytes room_wanted;
    u32 status;
    bytes head_length;
    bytes body_length;
    boolean keep_alive;
    bytes received;
    /* Parser state. */
    boolean no_body;
    enum http_parse_state state;
    enum http_parse_state after_line;
    bytes line_start;
    u64 content_length;
    boolean has_content_length;
    boolean chunked;
    boolean identity_coding;
    u64 remaining;
    u32 digits;
    u32 extension;
    bytes trailer_bytes;
    s32 error;
} *http_response;

void http_response_reset(http_response p, boolean no_body);
s64 http_response_parse(http_response p, u8 *data, bytes off, bytes n);
s32 http_response_end(http_response p);
s64 http_header_find(http_response p, const char *name, bytes name_length);
bytes http_header_value_length(http_response p, bytes offset);
