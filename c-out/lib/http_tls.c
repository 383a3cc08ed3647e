/* generated from klib-src/lib/http_tls.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "http_client.h"
#include "http_response.h"
#include "http_tls.h"

struct tls_trust;

#line 13 "klib-src/lib/http_tls.ts"
boolean http_client_use_tls(http_client c)
{
#line 14 "klib-src/lib/http_tls.ts"
    return http_client_use_tls_trusting(c, 0);
}

#line 32 "klib-src/lib/http_tls.ts"
closure_function(2, 0, void, http_client_use_tls_trusting_connect,
                 http_client, c, struct tls_trust *, trust)
{
#line 33 "klib-src/lib/http_tls.ts"
    connection_handler ch = http_connection_handler(bound(c));
    s32 started = bound(trust) != 0 ? ({ extern int tls_connect_trusting(struct tls_trust *, sstring, ip_addr_t *, u16, connection_handler); tls_connect_trusting(bound(trust), buffer_to_sstring(http_client_server_name(bound(c))), http_client_address(bound(c)), http_client_port(bound(c)), ch); }) : ({ extern int tls_connect_host(sstring, ip_addr_t *, u16, connection_handler); tls_connect_host(buffer_to_sstring(http_client_server_name(bound(c))), http_client_address(bound(c)), http_client_port(bound(c)), ch); });
#line 37 "klib-src/lib/http_tls.ts"
    if (started != 0) {
#line 39 "klib-src/lib/http_tls.ts"
        deallocate_closure(ch);
        http_connect_failed(bound(c));
    }
}

#line 30 "klib-src/lib/http_tls.ts"
boolean http_client_use_tls_trusting(http_client c, http_tls_trust trusted)
{
#line 31 "klib-src/lib/http_tls.ts"
    struct tls_trust *trust = trusted == 0 ? 0 : trusted->trust;
    thunk connect = closure(c->h, http_client_use_tls_trusting_connect, c, trust);
#line 43 "klib-src/lib/http_tls.ts"
    if (connect == INVALID_ADDRESS)
#line 43 "klib-src/lib/http_tls.ts"
        return false;
    http_client_set_connector(c, connect);
    return true;
}
