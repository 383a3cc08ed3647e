/* generated from klib-src/cloudwatch/credentials.ts by klibc - do not edit */
#include <kernel.h>
#include "credentials.h"

/* The role credentials every request is signed with, as the metadata service last gave them. */

credentials credentials_new(heap h)
{
    credentials c = allocate(h, sizeof(struct credentials));
    if (c == INVALID_ADDRESS)
        return 0;
    c->access_key = allocate_buffer(h, ACCESS_KEY_CAP);
    c->secret = allocate_buffer(h, SECRET_CAP);
    c->token = allocate_buffer(h, TOKEN_CAP);
    c->expiration = 0;
    c->valid = false;
    c->generation = 0;
    c->renewed_at = 0;
    if (c->access_key == INVALID_ADDRESS || c->secret == INVALID_ADDRESS ||
        c->token == INVALID_ADDRESS) {
        deallocate(h, c, sizeof(struct credentials));
        return 0;
    }
    return c;
}
