/* The kernel's HTTP/1.1 client helpers. */
#ifdef NANOS_HEADERS_HTTP_H
#error "<http.h> included twice: the Nanos tree's headers have no include guards"
#endif
#ifndef NANOS_HEADERS_KERNEL_H
#error "include <kernel.h> (or <unix_internal.h>) before <http.h>, as the Nanos tree requires"
#endif
#define NANOS_HEADERS_HTTP_H


typedef enum {
    HTTP_REQUEST_METHOD_GET = 0,
    HTTP_REQUEST_METHOD_HEAD,
    HTTP_REQUEST_METHOD_POST,
    HTTP_REQUEST_METHOD_PUT,
    HTTP_REQUEST_METHOD_DELETE,
    HTTP_REQUEST_METHOD_TRACE,
    HTTP_REQUEST_METHOD_OPTIONS,
    HTTP_REQUEST_METHOD_CONNECT,
    HTTP_REQUEST_METHOD_PATCH,
    HTTP_REQUEST_METHODS
} http_method;

/* Feed received bytes with apply(parser, b); each complete message is
   passed to `each` as a tuple destroyed right after. apply(parser, 0)
   ends the stream and frees the parser. */
buffer_handler allocate_http_parser(heap h, value_handler each);

/* Sends the request line (url from the "url" entry of headers), the other
   headers, a Content-Length it adds itself, then body, all through bh. */
status http_request(heap h, buffer_handler bh, http_method method,
                    tuple headers, buffer body);
