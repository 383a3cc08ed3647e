/* generated from klib-src/lib/shutdown_deadline.ts by klibc - do not edit */
#include <kernel.h>
#include "shutdown_deadline.h"

static struct lib_shutdown_deadline {
    struct spinlock lock;
    boolean started;
    boolean released;
    status_handler held;
    status_handler again;
    u32 parts;
    struct timer deadline;
    thunk on_expired;
    thunk late_flush;
    struct timer late_timer;
    closure_struct(timer_handler, on_deadline);
    closure_struct(timer_handler, on_late_write);
} lib_shutdown_deadline;

static void release(void);

#line 61 "klib-src/lib/shutdown_deadline.ts"
closure_func_basic(timer_handler, void, on_deadline,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 62 "klib-src/lib/shutdown_deadline.ts"
    if (overruns == timer_disabled || lib_shutdown_deadline.held == 0)
#line 62 "klib-src/lib/shutdown_deadline.ts"
        return;
    thunk say = lib_shutdown_deadline.on_expired;
    if (say != 0)
#line 64 "klib-src/lib/shutdown_deadline.ts"
        apply(say);
    release();
}

#line 132 "klib-src/lib/shutdown_deadline.ts"
closure_func_basic(timer_handler, void, on_late_write,
                   u64 expiry, u64 overruns)
{
    (void)expiry;
#line 133 "klib-src/lib/shutdown_deadline.ts"
    if (overruns == timer_disabled)
#line 133 "klib-src/lib/shutdown_deadline.ts"
        return;
    thunk flush = lib_shutdown_deadline.late_flush;
    if (flush != 0)
#line 135 "klib-src/lib/shutdown_deadline.ts"
        apply(flush);
}

#line 47 "klib-src/lib/shutdown_deadline.ts"
static void release(void)
{
#line 48 "klib-src/lib/shutdown_deadline.ts"
    u64 flags = spin_lock_irq(&lib_shutdown_deadline.lock);
    status_handler first = lib_shutdown_deadline.held;
    status_handler later = lib_shutdown_deadline.again;
    lib_shutdown_deadline.held = 0;
    lib_shutdown_deadline.again = 0;
    if (first != 0)
#line 53 "klib-src/lib/shutdown_deadline.ts"
        lib_shutdown_deadline.released = true;
    spin_unlock_irq(&lib_shutdown_deadline.lock, flags);
    if (first == 0)
#line 55 "klib-src/lib/shutdown_deadline.ts"
        return;
    remove_timer(kernel_timers, &lib_shutdown_deadline.deadline, 0);
    apply(first, STATUS_OK);
    if (later != 0)
#line 58 "klib-src/lib/shutdown_deadline.ts"
        apply(later, STATUS_OK);
}

#line 75 "klib-src/lib/shutdown_deadline.ts"
void shutdown_begin(status_handler done, u32 part_count, timestamp limit, thunk expired)
{
#line 76 "klib-src/lib/shutdown_deadline.ts"
    u64 flags = spin_lock_irq(&lib_shutdown_deadline.lock);
    boolean first = !lib_shutdown_deadline.started;
    status_handler now = 0;
    status_handler superseded = 0;
    if (first) {
        lib_shutdown_deadline.started = true;
        lib_shutdown_deadline.held = done;
        lib_shutdown_deadline.parts = part_count;
    } else if (lib_shutdown_deadline.released) {
        now = done;
    } else {
#line 88 "klib-src/lib/shutdown_deadline.ts"
        superseded = lib_shutdown_deadline.again;
        lib_shutdown_deadline.again = done;
    }
    spin_unlock_irq(&lib_shutdown_deadline.lock, flags);
    if (now != 0)
#line 92 "klib-src/lib/shutdown_deadline.ts"
        apply(now, STATUS_OK);
    if (superseded != 0)
#line 93 "klib-src/lib/shutdown_deadline.ts"
        apply(superseded, STATUS_OK);
    if (!first)
#line 94 "klib-src/lib/shutdown_deadline.ts"
        return;
    lib_shutdown_deadline.on_expired = expired;
    if (part_count == 0) {
        release();
        return;
    }
    init_timer(&lib_shutdown_deadline.deadline);
    register_timer(kernel_timers, &lib_shutdown_deadline.deadline, CLOCK_ID_MONOTONIC, limit, false,
                   0,
                   init_closure_func(&lib_shutdown_deadline.on_deadline, timer_handler, on_deadline));
}

#line 105 "klib-src/lib/shutdown_deadline.ts"
void shutdown_part_done(void)
{
#line 106 "klib-src/lib/shutdown_deadline.ts"
    u64 flags = spin_lock_irq(&lib_shutdown_deadline.lock);
    boolean last = false;
    if (lib_shutdown_deadline.held != 0 && lib_shutdown_deadline.parts > 0) {
        lib_shutdown_deadline.parts--;
        last = lib_shutdown_deadline.parts == 0;
    }
    spin_unlock_irq(&lib_shutdown_deadline.lock, flags);
    if (last)
#line 113 "klib-src/lib/shutdown_deadline.ts"
        release();
}

#line 117 "klib-src/lib/shutdown_deadline.ts"
boolean shutdown_started(void)
{
#line 118 "klib-src/lib/shutdown_deadline.ts"
    return lib_shutdown_deadline.started;
}

#line 122 "klib-src/lib/shutdown_deadline.ts"
boolean shutdown_released(void)
{
#line 123 "klib-src/lib/shutdown_deadline.ts"
    return lib_shutdown_deadline.released;
}

#line 127 "klib-src/lib/shutdown_deadline.ts"
void shutdown_set_late_flush(thunk flush)
{
#line 128 "klib-src/lib/shutdown_deadline.ts"
    init_timer(&lib_shutdown_deadline.late_timer);
    lib_shutdown_deadline.late_flush = flush;
}

#line 143 "klib-src/lib/shutdown_deadline.ts"
void shutdown_console_written(void)
{
#line 144 "klib-src/lib/shutdown_deadline.ts"
    if (!lib_shutdown_deadline.released || lib_shutdown_deadline.late_flush == 0 || timer_is_active(&lib_shutdown_deadline.late_timer))
#line 144 "klib-src/lib/shutdown_deadline.ts"
        return;
    register_timer(kernel_timers, &lib_shutdown_deadline.late_timer, CLOCK_ID_MONOTONIC, 0, false,
                   0,
                   init_closure_func(&lib_shutdown_deadline.on_late_write, timer_handler, on_late_write));
}
