/* Status values and merges. A status is an error tuple; a merge joins several
   completions into one and applies its completion asynchronously (from the
   loop, never inside the last join), as the kernel's async queue does. */
#include "host.h"

/* Returned by timm() when a status cannot be allocated; never freed. */
tuple timm_oom;

void host_status_init(void)
{
    timm_oom = allocate_tuple();
    set(timm_oom, sym(result), host_string_from("out of memory", 13));
}

void timm_dealloc(tuple t)
{
    if (t == STATUS_OK || t == timm_oom)
        return;
    /* Strings are freed; a nested value is itself a status (e.g. "down"). */
    destruct_value(t, true);
}

struct merge {
    heap h;
    u64 pending;
    status last;
    status_handler completion;
    closure_struct(status_handler, join);
};

static void merge_complete(void *arg)
{
    struct merge *m = arg;
    status_handler completion = m->completion;
    status s = m->last;
    deallocate(m->h, m, sizeof(*m));
    apply(completion, s);
}

closure_func_basic(status_handler, void, merge_join,
                   status s)
{
    struct merge *m = struct_from_closure(struct merge *, join);
    if (!is_ok(s)) {
        /* The kernel keeps the last error; earlier ones are freed here. */
        if (m->last)
            timm_dealloc(m->last);
        m->last = s;
    }
    if (m->pending == 0)
        halt("merge joined more often than apply_merge() was called\n");
    if (--m->pending == 0)
        host_defer(merge_complete, m);
}

merge allocate_merge(heap h, status_handler completion)
{
    struct merge *m = allocate(h, sizeof(*m));
    if (m == INVALID_ADDRESS)
        return INVALID_ADDRESS;
    m->h = h;
    m->pending = 0;
    m->last = STATUS_OK;
    m->completion = completion;
    init_closure_func(&m->join, status_handler, merge_join);
    return m;
}

status_handler apply_merge(merge m)
{
    m->pending++;
    return (status_handler)&m->join;
}
