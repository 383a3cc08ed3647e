/* The console-driver registry. Every console write (a chunk of program
   output, a kernel message) is one write() call on each enabled driver, in
   list order: enabled drivers attach at the head (before serial), disabled
   ones at the tail, and the walk stops at the first disabled driver. The
   "serial" driver here is klibhost's own stdout. */
#include "host.h"
#include <drivers/console.h>

static void serial_write(void *d, const char *s, bytes count)
{
    (void)d;
    host_serial_write(s, count);
}

static struct console_driver serial = {
    .write = serial_write,
    .name = { .len = 6, .ptr = "serial" },
};

static struct list drivers;
/* A driver must not print; if one does, its message goes to serial only. */
static boolean writing;

void host_console_init(void)
{
    list_init(&drivers);
    list_insert_before(&drivers, &serial.l);
}

void attach_console_driver(struct console_driver *driver)
{
    if (driver->disabled)
        list_insert_before(&drivers, &driver->l);
    else
        list_insert_after(&drivers, &driver->l);
}

void host_console_write(const char *s, bytes count)
{
    if (writing) {
        host_serial_write(s, count);
        return;
    }
    writing = true;
    list_foreach(&drivers, l) {
        struct console_driver *d = struct_from_list(l, struct console_driver *, l);
        if (d->disabled)
            break;
        d->write(d, s, count);
    }
    writing = false;
}

void console_write(const char *s, bytes count)
{
    host_console_write(s, count);
}

/* The manifest's log_level ("err", the default, "warn" or "info") sets
   which messages print. */
static enum log_level configured_level(void)
{
    tuple root = get_root_tuple();
    string level = root ? get_string(root, sym(log_level)) : 0;
    if (level && !buffer_compare_with_sstring(level, ss("info")))
        return LOG_INFO;
    if (level && !buffer_compare_with_sstring(level, ss("warn")))
        return LOG_WARN;
    return LOG_ERR;
}

/* The kernel prefixes the time since boot and ends the line. */
void log_printf(enum log_level level, sstring fmt, ...)
{
    if (level > configured_level())
        return;
    buffer b = allocate_buffer(host_heap(), 128);
    if (b == INVALID_ADDRESS)
        return;
    timestamp up = kern_now(CLOCK_ID_MONOTONIC) - host_boot_time();
    bprintf(b, "[%T] ", up);
    vlist ap;
    vstart(ap, fmt);
    vbprintf(b, fmt, &ap);
    vend(ap);
    push_u8(b, '\n');
    host_console_write(buffer_ref(b, 0), buffer_length(b));
    deallocate_buffer(b);
}
