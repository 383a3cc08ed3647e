/* generated from test/codegen/golden/closures/closures.ts by klibc - do not edit */
#include <kernel.h>
#include "closures.h"

static struct closures {
    heap heap;
    u64 ticks;
    struct timer retry;
    closure_struct(timer_handler, on_retry);
} closures;

#line 13 "test/codegen/golden/closures/closures.ts"
closure_func_basic(timer_handler, void, on_retry,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 14 "test/codegen/golden/closures/closures.ts"
    if (overruns == timer_disabled)
#line 14 "test/codegen/golden/closures/closures.ts"
        return;
    closures.ticks++;
}

#line 18 "test/codegen/golden/closures/closures.ts"
void schedule_retry(u64 delay)
{
#line 19 "test/codegen/golden/closures/closures.ts"
    register_timer(kernel_timers, &closures.retry, CLOCK_ID_MONOTONIC, seconds(delay), false, 0,
                   init_closure_func(&closures.on_retry, timer_handler, on_retry));
}

#line 24 "test/codegen/golden/closures/closures.ts"
closure_function(1, 0, void, counter_closure,
                 u64, next)
{
#line 25 "test/codegen/golden/closures/closures.ts"
    bound(next)++;
    closures.ticks += bound(next);
}

#line 22 "test/codegen/golden/closures/closures.ts"
thunk counter(u64 start)
{
#line 23 "test/codegen/golden/closures/closures.ts"
    u64 next = start;
    return closure(closures.heap, counter_closure, next);
}

#line 31 "test/codegen/golden/closures/closures.ts"
closure_function(2, 1, void, when_done_closure,
                 u64, label, status_handler, then,
                 status s)
{
#line 32 "test/codegen/golden/closures/closures.ts"
    if (!is_ok(s)) {
        closures.ticks += bound(label);
        closure_finish();
        return;
    }
#line 36 "test/codegen/golden/closures/closures.ts"
    apply(bound(then), s);
    closure_finish();
}

#line 30 "test/codegen/golden/closures/closures.ts"
status_handler when_done(u64 label, status_handler then)
{
#line 31 "test/codegen/golden/closures/closures.ts"
    return closure(closures.heap, when_done_closure, label, then);
}

#line 40 "test/codegen/golden/closures/closures.ts"
static void each(u64 n, thunk f)
{
#line 41 "test/codegen/golden/closures/closures.ts"
    for (u64 i = 0; i < n; i++)
#line 41 "test/codegen/golden/closures/closures.ts"
        apply(f);
}

#line 46 "test/codegen/golden/closures/closures.ts"
closure_function(1, 0, void, sum_to_f,
                 u64, base)
{
#line 47 "test/codegen/golden/closures/closures.ts"
    closures.ticks += bound(base);
}

#line 44 "test/codegen/golden/closures/closures.ts"
u64 sum_to(u64 n)
{
#line 45 "test/codegen/golden/closures/closures.ts"
    u64 base = closures.ticks;
    each(n, stack_closure(sum_to_f, base));
#line 49 "test/codegen/golden/closures/closures.ts"
    return closures.ticks;
}

#line 54 "test/codegen/golden/closures/closures.ts"
closure_function(1, 0, void, nested_inner,
                 u64, step)
{
#line 55 "test/codegen/golden/closures/closures.ts"
    closures.ticks += bound(step);
}

#line 53 "test/codegen/golden/closures/closures.ts"
closure_function(2, 1, void, nested_closure,
                 heap, h, u64, step,
                 status s)
{
#line 54 "test/codegen/golden/closures/closures.ts"
    thunk inner = closure(bound(h), nested_inner, bound(step));
#line 57 "test/codegen/golden/closures/closures.ts"
    if (is_ok(s))
#line 57 "test/codegen/golden/closures/closures.ts"
        apply(inner);
}

#line 52 "test/codegen/golden/closures/closures.ts"
status_handler nested(heap h, u64 step)
{
#line 53 "test/codegen/golden/closures/closures.ts"
    return closure(h, nested_closure, h, step);
}
