/* generated from klib-src/logpipe/sink_klib.ts by klibc - do not edit */
#include <kernel.h>
#include <drivers/console.h>
#include <lwip.h>
#include "../lib/endpoint.h"
#include "../lib/failures.h"
#include "../lib/http_client.h"
#include "../lib/http_response.h"
#include "../lib/large_ranges.h"
#include "../lib/shutdown_deadline.h"
#include "kept_body.h"
#include "retry.h"
#include "ring.h"
#include "shipper.h"
#include "sink.h"
#include "stats.h"
#include "sink_klib.h"

/* The boot and shutdown steps of a klib whose one job is a sink (the webhook klib): the ring, sized
 * by the klib's buffer_size key, and the shutdown completion that drains the shipper under the
 * klib's shutdown_timeout. A klib with more parts (gcp's metrics, cloudwatch's) makes these itself
 * from the same calls. docs/adding-a-sink.md shows where they go. */

/* The ring of `size` bytes (the klib's whole log memory), taken now, its lines cut at an eighth of
 * it or `maxEventBytes`. Null, after the line naming `key` and the size, when the memory is not
 * there (lib/large_ranges.ts: it comes from vmem, and only when it is at most half of what is
 * free). */
log_pipe sink_ring_create(heap h, sstring klib, sstring key, u64 size, u32 max_event_bytes)
{
    u64 line_cap = size >> 3 < max_event_bytes ? size >> 3 : max_event_bytes;
    heap ring_heap = large_range_heap(size);
    log_pipe p = ring_heap != 0 ? logpipe_create(h, ring_heap, size, (u32)line_cap) : 0;
    if (p == 0)
        rprintf("%s: out of memory for '%s' (%lu bytes): the %s klib is off\n", klib, key, size,
                klib);
    return p;
}

closure_function(0, 1, void, sink_shutdown_register_part_done,
                 status st)
{
    shutdown_part_done();
}

closure_function(2, 0, void, sink_shutdown_register_deadline,
                 shipper, s, u64, timeout_seconds)
{
    shipper_deadline_passed(bound(s), bound(timeout_seconds));
}

closure_function(4, 2, void, sink_shutdown_register_h,
                 u64, timeout_seconds, thunk, deadline, shipper, s, status_handler, part_done,
                 s32 status, merge m)
{
    shutdown_begin(apply_merge(m), 1, seconds(bound(timeout_seconds)), bound(deadline));
    shipper_shutdown(bound(s), bound(part_done));
}

/* At shutdown, `s` sends what its ring holds and the VM's halt waits for it, but never longer than
 * `timeoutSeconds` (the kernel itself would wait forever: lib/shutdown_deadline.ts). False when out
 * of memory. */
boolean sink_shutdown_register(heap h, shipper s, u64 timeout_seconds)
{
    status_handler part_done = closure(h, sink_shutdown_register_part_done);
    thunk deadline = closure(h, sink_shutdown_register_deadline, s, timeout_seconds);
    if (part_done == INVALID_ADDRESS || deadline == INVALID_ADDRESS)
        return false;
    add_shutdown_completion(closure(h, sink_shutdown_register_h, timeout_seconds, deadline, s,
                                    part_done));
    return true;
}
