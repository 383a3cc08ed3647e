/* Shutdown completions: when the program exits, every registered handler is
   applied with the exit status and a merge; a handler delays the exit by
   taking apply_merge(m) and completing it later (a final flush). */
#include "host.h"

static vector handlers;

void add_shutdown_completion(shutdown_handler h)
{
    if (!handlers)
        handlers = allocate_vector(host_heap(), 4);
    vector_push(handlers, h);
}

closure_function(1, 1, void, shutdown_done,
                 boolean *, done,
                 status s)
{
    *bound(done) = true;
    timm_dealloc(s);
    closure_finish();
}

int host_run_shutdown(int code, u64 deadline_ns)
{
    boolean done = false;
    merge m = allocate_merge(host_heap(), closure(host_heap(), shutdown_done, &done));
    status_handler started = apply_merge(m);
    if (handlers) {
        for (int i = 0; i < vector_length(handlers); i++)
            apply((shutdown_handler)vector_get(handlers, i), code, m);
    }
    apply(started, STATUS_OK);
    while (!done && host_monotonic_ns() < deadline_ns)
        host_loop_once(deadline_ns);
    return done;
}
