/* generated from klib-src/logpipe/kept_body.ts by klibc - do not edit */
#include <kernel.h>
#include <lwip.h>
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "ring.h"
#include "spare.h"
#include "kept_body.h"

/* A request body made once and read as often as needed. A sink that reads its body twice
 * (SinkApi.bodyReadTwice: cloudwatch hashes it for SigV4, which puts the hash in the headers,
 * before the HTTP client sends it) gets it from here: the first reading makes the body with the
 * shipper's writer and keeps each part in the ring's spare room (spare.ts) as it goes; a later
 * reading copies the parts back. A part the console path has written over since (a burst filled
 * the ring) is made again: the writer goes back to the body's start and makes the parts read so
 * far again without giving them out, then goes on making. Making is deterministic for a batch in
 * flight, so the bytes are the same either way, and keeping adds nothing to memory: the parts
 * live in ring bytes no entry uses. */

/* Reads that make the body's parts, keeping each while there is room. */
static boolean make_part(kept_body k, buffer b)
{
    bytes from = buffer_length(b);
    boolean last = apply(k->make, b);
    k->count++;
    if (k->keep_at != 0) {
        k->keep_at = logpipe_spare_keep(k->pipe, k->keep_at, (u8 *)buffer_ref(b, from),
                                        buffer_length(b) - from);
        if (k->keep_at != 0)
            k->kept++;
    }
    if (last)
        k->made = true;
    return last;
}

/* The part after the k.read given so far is not kept, or was written over: the writer goes back to
 * the body's start and makes those again, dropped, so that the next part it makes is this one. */
static void remake_from_here(kept_body k, buffer b)
{
    bytes from = buffer_length(b);
    apply(k->make, 0);
    for (u32 i = 0; i < k->read; i++) {
        apply(k->make, b);
        (void)((b)->end = (b)->start + (from));
    }
    k->remaking = true;
}

/* A later reading: the next part from the ring, or made again when it is not there. */
static boolean read_part(kept_body k, buffer b)
{
    if (!k->remaking && k->read < k->kept) {
        u64 n = logpipe_spare_length(k->pipe, k->read_at);
        if (n != LOGPIPE_SPARE_GONE && buffer_extend(b, n)) {
            u64 next = logpipe_spare_copy(k->pipe, k->read_at, (u8 *)buffer_end(b), n);
            if (next != 0) {
                buffer_produce(b, n);
                k->read_at = next;
                k->read++;
                return k->read == k->count;
            }
        }
    }
    if (!k->remaking)
        remake_from_here(k, b);
    k->read++;
    return apply(k->make, b);
}

closure_function(1, 1, boolean, kept_body_new_parts,
                 kept_body, k,
                 buffer b)
{
    if (b != 0)
        return bound(k)->made ? read_part(bound(k), b) : make_part(bound(k), b);
    if (bound(k)->made) {
        bound(k)->read_at = bound(k)->kept_from;
        bound(k)->read = 0;
        bound(k)->remaking = false;
        return false;
    }
    /* A reading from the start that makes the body (again, if one was cut short). */
    apply(bound(k)->make, 0);
    bound(k)->count = 0;
    bound(k)->kept = 0;
    bound(k)->kept_from = logpipe_spare_start(bound(k)->pipe, bound(k)->want);
    bound(k)->keep_at = bound(k)->kept_from;
    return false;
}

/* A kept body for `pipe` whose parts `make` writes; null when out of memory. */
kept_body kept_body_new(heap h, log_pipe pipe, input_buffer_handler make)
{
    kept_body k = allocate(h, sizeof(struct kept_body));
    if (k == INVALID_ADDRESS)
        return 0;
    k->pipe = pipe;
    k->make = make;
    k->want = 0;
    k->made = false;
    k->count = 0;
    k->kept = 0;
    k->kept_from = 0;
    k->keep_at = 0;
    k->read_at = 0;
    k->read = 0;
    k->remaking = false;
    k->parts = closure(h, kept_body_new_parts, k);
    return k->parts == INVALID_ADDRESS ? 0 : k;
}

/* A new request (a new batch, or the same one with another head): its first reading makes the
 * body, keeping it in about `want` bytes of spare room. */
void kept_body_renew(kept_body k, u64 want)
{
    k->want = want;
    k->made = false;
}
