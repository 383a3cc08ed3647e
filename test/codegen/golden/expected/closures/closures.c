/* generated from test/codegen/golden/closures/closures.ts by klibc - do not edit */
#include <kernel.h>
#include "closures.h"

/* Closures in their four forms: heap (captures become bound fields), one-shot (frees itself),
 * embedded in the module state, and on the stack for synchronous callbacks. */

static struct closures {
    heap heap;
    u64 ticks;
    struct timer retry;
    closure_struct(timer_handler, on_retry);
} closures;

closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    if (overruns == timer_disabled)
        return;
    closures.ticks++;
}

void schedule_retry(u64 delay)
{
    register_timer(kernel_timers, &closures.retry, CLOCK_ID_MONOTONIC, seconds(delay), false, 0,
                   init_closure_func(&closures.on_retry, timer_handler, on_retry));
}

closure_function(1, 0, void, counter_closure,
                 u64, next)
{
    bound(next)++;
    closures.ticks += bound(next);
}

thunk counter(u64 start)
{
    u64 next = start;
    return closure(closures.heap, counter_closure, next);
}

closure_function(2, 1, void, when_done_closure,
                 u64, label, status_handler, then,
                 status s)
{
    if (!is_ok(s)) {
        closures.ticks += bound(label);
        closure_finish();
        return;
    }
    apply(bound(then), s);
    closure_finish();
}

status_handler when_done(u64 label, status_handler then)
{
    return closure(closures.heap, when_done_closure, label, then);
}

static void each(u64 n, thunk f)
{
    for (u64 i = 0; i < n; i++)
        apply(f);
}

closure_function(1, 0, void, sum_to_f,
                 u64, base)
{
    closures.ticks += bound(base);
}

u64 sum_to(u64 n)
{
    u64 base = closures.ticks;
    each(n, stack_closure(sum_to_f, base));
    return closures.ticks;
}

closure_function(1, 0, void, nested_inner,
                 u64, step)
{
    closures.ticks += bound(step);
}

closure_function(2, 1, void, nested_closure,
                 heap, h, u64, step,
                 status s)
{
    thunk inner = closure(bound(h), nested_inner, bound(step));
    if (is_ok(s))
        apply(inner);
}

status_handler nested(heap h, u64 step)
{
    return closure(h, nested_closure, h, step);
}
