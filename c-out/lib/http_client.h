/* generated from klib-src/lib/http_client.ts by klibc - do not edit */
#pragma once
#include "http_response.h"

#define HTTP_BODY_PART 16000

enum http_client_state {
    HTTP_CLIENT_STATE_IDLE,
    HTTP_CLIENT_STATE_BUILDING,
    HTTP_CLIENT_STATE_IN_FLIGHT,
};

typedef struct http_connection {
    struct http_client *client;
    buffer_handler out;
    input_buffer_handler input;
    boolean up;
    struct http_client *abandoned_by;
    struct http_connection *next;
} *http_connection;

typedef struct http_client {
    heap h;
    struct ip_addr addr;
    u16 port;
    buffer name;
    buffer host;
    thunk connector;
    struct http_connection *conn;
    enum http_client_state state;
    buffer request;
    input_buffer_handler parts;
    u64 parts_length;
    boolean chunked;
    boolean no_body;
    boolean resent;
    struct http_response *response;
    buffer head_store;
    bytes head_size;
    buffer body_store;
    bytes body_size;
    struct timer timer;
    timer_handler on_timeout;
    struct http_connection *parts_conn;
    u64 parts_sent;
    u32 parts_round;
    u32 parts_timer_round;
    struct timer parts_timer;
    timer_handler on_parts_timer;
    status_handler done;
    u32 completions;
    boolean free_when_done;
    u32 connections;
    struct http_connection *abandoned;
    u32 abandoned_count;
} *http_client;

http_client http_client_new(heap h, sstring address, u16 port, sstring host, bytes head_cap, bytes body_cap);
void http_client_free(http_client c);
buffer http_response_body(http_client c);
void http_client_set_connector(http_client c, thunk connect);
buffer http_client_server_name(http_client c);
ip_addr_t *http_client_address(http_client c);
u16 http_client_port(http_client c);
boolean http_request_begin(http_client c, sstring method, sstring path, boolean is_head);
boolean http_request_header(http_client c, sstring name, sstring value);
boolean http_request_send(http_client c, buffer body, timestamp timeout, status_handler done);
boolean http_request_send_parts(http_client c, u64 length, input_buffer_handler parts, timestamp timeout, status_handler done);
boolean http_request_send_chunked(http_client c, input_buffer_handler parts, timestamp timeout, status_handler done);
void http_client_close(http_client c);
connection_handler http_connection_handler(http_client c);
void http_connect_failed(http_client c);
