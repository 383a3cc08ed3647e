/* generated from klib-src/lib/http_client.ts by klibc - do not edit */
#pragma once
#include "http_response.h"

/* What a part of a body made in parts should be: a little under one TLS record of plaintext (16
 * KiB), so that a part with a piece of JSON that did not fit, and its chunk framing, is still one
 * record. */
#define HTTP_BODY_PART 16000

enum http_client_state {
    HTTP_CLIENT_STATE_IDLE,
    HTTP_CLIENT_STATE_BUILDING,
    HTTP_CLIENT_STATE_IN_FLIGHT,
};

/* One TCP (or TLS) connection; it outlives its client's interest in it until the kernel tears it
 * down. */
typedef struct http_connection {
    struct http_client *client;
    buffer_handler out;
    input_buffer_handler input;
    boolean up;
    /* The client that gave this connection up without closing it (see abandonConnection), if
     * alive. */
    struct http_client *abandoned_by;
    /* The next abandoned connection of that client (newest first). */
    struct http_connection *next;
} *http_connection;

typedef struct http_client {
    heap h;
    struct ip_addr addr;
    u16 port;
    /* The server's name, and the Host header's value (the name, and the port unless 80 or 443). */
    buffer name;
    buffer host;
    thunk connector;
    struct http_connection *conn;
    enum http_client_state state;
    /* The request being built or in flight (kept until it completes, to resend it once). */
    buffer request;
    /* The request's body made in parts (null: whole, in `request`), and its length, or chunked. */
    input_buffer_handler parts;
    u64 parts_length;
    boolean chunked;
    boolean no_body;
    boolean resent;
    struct http_response *response;
    /* The response's storage and its sizes: small at first, grown while a response needs it (up to
     * headCap bytes, and bodyCap + 1 so that even a cap of 0 has a store), and replaced by a small
     * one again after the completion. */
    buffer head_store;
    bytes head_size;
    buffer body_store;
    bytes body_size;
    struct timer timer;
    timer_handler on_timeout;
    /* A body made in parts, while it is sent: the connection it goes on (null when none is being
     * sent), the bytes made so far, and a zero-delay timer that makes the next part once the
     * connection has taken the previous one. `partsRound` changes whenever a sending ends, and
     * `partsTimerRound` is the round the timer was set for: a late call for an ended one stops. */
    struct http_connection *parts_conn;
    u64 parts_sent;
    u32 parts_round;
    u32 parts_timer_round;
    struct timer parts_timer;
    timer_handler on_parts_timer;
    status_handler done;
    /* Completions running (a completion may start a request that fails at once, nesting one), and
     * whether one of them freed the client: it is freed when they have returned, since the client
     * still tidies up after them. */
    u32 completions;
    boolean free_when_done;
    /* Connections opened, for the owner's statistics (and the tests). */
    u32 connections;
    /* Connections given up on without a close, still alive (newest first), and how many. */
    struct http_connection *abandoned;
    u32 abandoned_count;
} *http_client;

http_client http_client_new(heap h, sstring address, u16 port, sstring host, bytes head_cap,
                            bytes body_cap);
void http_client_free(http_client c);
buffer http_response_body(http_client c);
void http_client_set_connector(http_client c, thunk connect);
buffer http_client_server_name(http_client c);
ip_addr_t *http_client_address(http_client c);
u16 http_client_port(http_client c);
boolean http_request_begin(http_client c, sstring method, sstring path, boolean is_head);
boolean http_request_header(http_client c, sstring name, sstring value);
boolean http_request_send(http_client c, buffer body, timestamp timeout, status_handler done);
boolean http_request_send_parts(http_client c, u64 length, input_buffer_handler parts,
                                timestamp timeout, status_handler done);
boolean http_request_send_chunked(http_client c, input_buffer_handler parts, timestamp timeout,
                                  status_handler done);
void http_client_close(http_client c);
connection_handler http_connection_handler(http_client c);
void http_connect_failed(http_client c);
