/* generated from klib-src/lib/http_tls.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../tls/tls.h"
#include "http_client.h"
#include "http_response.h"
#include "http_tls.h"

/* TLS for the HTTP client: a connector that starts each connection through the tls klib
 * (SNI and a certificate checked for the server's name), with the client's own connection
 * handler, so keep-alive, reconnects and timeouts work the same over TLS. */

struct tls_trust;

/* Makes the client's connections TLS, verified against the tls klib's default trust; false on
 * failure. */
boolean http_client_use_tls(http_client c)
{
    return http_client_use_tls_trusting(c, 0);
}

closure_function(2, 0, void, http_client_use_tls_trusting_connect,
                 http_client, c, struct tls_trust *, trust)
{
    connection_handler ch = http_connection_handler(bound(c));
    s32 started = bound(trust) != 0
                  ? tls_connect_trusting(bound(trust),
                                         buffer_to_sstring(http_client_server_name(bound(c))),
                                         http_client_address(bound(c)), http_client_port(bound(c)),
                                         ch)
                  : tls_connect_host(buffer_to_sstring(http_client_server_name(bound(c))),
                                     http_client_address(bound(c)), http_client_port(bound(c)), ch);
    if (started != 0) {
        /* The handler is never called: it is ours to free. */
        deallocate_closure(ch);
        http_connect_failed(bound(c));
    }
}

/* Makes the client's connections TLS, the server's certificate chained to `trusted` or, when null,
 * to the tls klib's default trust; false on failure. */
boolean http_client_use_tls_trusting(http_client c, http_tls_trust trusted)
{
    struct tls_trust *trust = trusted == 0 ? 0 : trusted->trust;
    thunk connect = closure(c->h, http_client_use_tls_trusting_connect, c, trust);
    if (connect == INVALID_ADDRESS)
        return false;
    http_client_set_connector(c, connect);
    return true;
}
