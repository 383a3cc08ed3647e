/* Start-up of the hosted runtime, and what the kernel does on a fatal error. */
#include "host.h"

static timestamp boot_time;

timestamp host_boot_time(void)
{
    return boot_time;
}

void host_runtime_init(void)
{
    boot_time = kern_now(CLOCK_ID_MONOTONIC);
    host_tags_init();
    host_heaps_init();
    host_loop_init();
    host_runqueue_init();
    host_status_init();
    host_console_init();
    host_resolver_init();
}

/* The kernel prints the message and stops the VM; the host exits with 2, the
   status klibhost uses for every failure of its own. */
void halt_with_code(u8 code, sstring format, ...)
{
    (void)code;
    buffer b = allocate_buffer(host_heap(), 128);
    vlist ap;
    vstart(ap, format);
    vbprintf(b, format, &ap);
    vend(ap);
    host_console_write(buffer_ref(b, 0), buffer_length(b));
    host_fatal("halt: %.*s", (int)buffer_length(b), (char *)buffer_ref(b, 0));
}

void print_frame_trace_from_here(void)
{
    host_print_stack_trace();
}
