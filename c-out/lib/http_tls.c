/* generated from klib-src/lib/http_tls.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "http_client.h"
#include "http_response.h"
#include "http_tls.h"

#line 14 "klib-src/lib/http_tls.ts"
closure_function(1, 0, void, http_client_use_tls_connect,
                 http_client, c)
{
#line 15 "klib-src/lib/http_tls.ts"
    connection_handler ch = http_connection_handler(bound(c));
    s32 started = ({ extern int tls_connect_host(sstring, ip_addr_t *, u16, connection_handler); tls_connect_host(buffer_to_sstring(http_client_server_name(bound(c))), http_client_address(bound(c)), http_client_port(bound(c)), ch); });
    if (started != 0) {
#line 19 "klib-src/lib/http_tls.ts"
        deallocate_closure(ch);
        http_connect_failed(bound(c));
    }
}

#line 13 "klib-src/lib/http_tls.ts"
boolean http_client_use_tls(http_client c)
{
#line 14 "klib-src/lib/http_tls.ts"
    thunk connect = closure(c->h, http_client_use_tls_connect, c);
#line 23 "klib-src/lib/http_tls.ts"
    if (connect == INVALID_ADDRESS)
#line 23 "klib-src/lib/http_tls.ts"
        return false;
    http_client_set_connector(c, connect);
    return true;
}
